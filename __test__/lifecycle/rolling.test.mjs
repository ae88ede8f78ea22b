// rolling: sliding expiration, on both backends and every calling shape.
import { afterEach, describe, expect, test, vi } from "vitest";
import * as iron9 from "iron-session";
import { implementations } from "../helpers/implementations.mjs";
import { Browser, COOKIE, HOUR, PASSWORD, SHAPES, T0, at, base, expirationOf, now, useClock } from "./shapes.mjs";

afterEach(() => vi.restoreAllMocks());

describe.each(Object.entries(implementations))("%s backend", (_backend, api) => {
  describe.each(SHAPES)("%s", (shape) => {
    test("a seal at least updateAge old is re-sealed with now + ttl and written before getIronSession returns, Max-Age = ttl - 60", async () => {
      useClock();
      const options = { ...base, rolling: { updateAge: HOUR } };
      const browser = new Browser(api, shape);
      const login = await browser.save(options, (session) => (session.user = "ada"));
      const first = browser.cookies.get(COOKIE);
      expect(expirationOf(first)).toBe(T0 + 2 * HOUR * 1000);
      expect(login.written.at(-1).maxAge).toBe(2 * HOUR - 60);

      at(T0 + HOUR * 1000 - 1);
      const young = await browser.read(options);
      expect(young.session).toEqual({ user: "ada" });
      expect(young.written).toEqual([]);

      at(T0 + HOUR * 1000);
      const old = await browser.read(options);
      expect(old.session).toEqual({ user: "ada" });
      expect(old.written).toHaveLength(1);
      expect(old.written[0]).toMatchObject({ name: COOKIE, maxAge: 2 * HOUR - 60 });
      const refreshed = browser.cookies.get(COOKIE);
      expect(refreshed).not.toBe(first);
      expect(expirationOf(refreshed)).toBe(T0 + 3 * HOUR * 1000);
      // Nothing extra stored: a plain iron-session cookie with the same data.
      expect(await iron9.unsealData(refreshed, { password: PASSWORD })).toEqual({ user: "ada" });
    });

    test("ttl becomes the idle timeout: each refresh moves the end, and a session left idle past ttl expires", async () => {
      useClock();
      const reasons = [];
      const options = { ...base, rolling: true, onUnsealError: (reason) => reasons.push(reason) };
      const browser = new Browser(api, shape);
      await browser.save(options, (session) => (session.user = "ada"));
      // Every 1.5 h for 9 h: far past the 2 h ttl, still logged in.
      for (let step = 1; step <= 6; step++) {
        at(T0 + step * 1.5 * HOUR * 1000);
        const { session, written } = await browser.read(options);
        expect(session).toEqual({ user: "ada" });
        expect(written).toHaveLength(1);
      }
      expect(reasons).toEqual([]);
      // Then idle for ttl + the 60 s of skew.
      at(now() + (2 * HOUR + 60) * 1000);
      const idle = await browser.read(options);
      expect(idle.session).toEqual({});
      expect(idle.written).toEqual([]);
      expect(reasons).toEqual(["expired"]);
    });

    test("rolling: true (updateAge 0) refreshes on every read, even of a seal made this millisecond", async () => {
      useClock();
      const options = { ...base, rolling: true };
      const browser = new Browser(api, shape);
      await browser.save(options, (session) => (session.n = 1));
      const { written } = await browser.read(options);
      expect(written).toHaveLength(1);
      expect(expirationOf(browser.cookies.get(COOKIE))).toBe(T0 + 2 * HOUR * 1000);
    });

    test("no cookie, or ttl 0: nothing is written", async () => {
      useClock();
      const empty = await new Browser(api, shape).read({ ...base, rolling: true });
      expect(empty.session).toEqual({});
      expect(empty.written).toEqual([]);

      const options = { ...base, ttl: 0, rolling: true };
      const browser = new Browser(api, shape);
      await browser.save(options, (session) => (session.n = 1));
      expect(expirationOf(browser.cookies.get(COOKIE))).toBe(0);
      at(T0 + 400 * 86400_000);
      const { session, written } = await browser.read(options);
      expect(session).toEqual({ n: 1 });
      expect(written).toEqual([]);
    });

    test("a cookie sealed by iron-session 9.0.1 is refreshed, and the refreshed cookie opens in iron-session", async () => {
      useClock();
      const browser = new Browser(api, shape);
      browser.cookies.set(COOKIE, await iron9.sealData({ user: "iris" }, { password: PASSWORD, ttl: 2 * HOUR }));
      at(T0 + HOUR * 1000);
      const { session, written } = await browser.read({ ...base, rolling: { updateAge: 30 * 60 } });
      expect(session).toEqual({ user: "iris" });
      expect(written).toHaveLength(1);
      expect(expirationOf(browser.cookies.get(COOKIE))).toBe(T0 + 3 * HOUR * 1000);
      expect(await iron9.unsealData(browser.cookies.get(COOKIE), { password: PASSWORD })).toEqual({ user: "iris" });
    });
  });

  test("a read-only cookie store (Next.js Server Components) skips the refresh silently and still returns the session", async () => {
    useClock();
    const options = { ...base, rolling: true, onUnsealError: () => expect.unreachable() };
    const browser = new Browser(api, "store");
    await browser.save(options, (session) => (session.user = "ada"));
    const before = browser.cookies.get(COOKIE);
    at(T0 + HOUR * 1000);
    const { session, written } = await browser.read(options, { readOnly: true });
    expect(session).toEqual({ user: "ada" });
    expect(written).toEqual([]);
    expect(browser.cookies.get(COOKIE)).toBe(before);
  });

  test("Next.js proxy/middleware (nextProxyCookies): the refresh goes to the response and to the request the render reads", async () => {
    useClock();
    const seal = await api.sealData({ user: "ada" }, { password: PASSWORD, ttl: 2 * HOUR });
    at(T0 + HOUR * 1000);
    const requestCookies = new Map([[COOKIE, seal]]);
    const written = [];
    const request = {
      cookies: {
        get: (name) => (requestCookies.has(name) ? { name, value: requestCookies.get(name) } : undefined),
        set: (name, value) => requestCookies.set(name, value),
      },
    };
    const response = { cookies: { set: (name, value, options) => written.push([name, value, options.maxAge]) } };
    const session = await api.getIronSession(api.nextProxyCookies(request, response), { ...base, rolling: true });
    expect(session).toEqual({ user: "ada" });
    expect(written).toEqual([[COOKIE, expect.stringMatching(/^Fe26\.2\*/), 2 * HOUR - 60]]);
    expect(requestCookies.get(COOKIE)).toBe(written[0][1]);
    expect(expirationOf(written[0][1])).toBe(T0 + 3 * HOUR * 1000);
  });

  test("a Node response whose headers were sent skips the refresh and still returns the session", async () => {
    useClock();
    const seal = await api.sealData({ user: "ada" }, { password: PASSWORD, ttl: 2 * HOUR });
    const res = { headersSent: true, getHeader: () => undefined, setHeader: () => expect.unreachable() };
    const session = await api.getIronSession({ headers: { cookie: `${COOKIE}=${seal}` } }, res, {
      ...base,
      rolling: true,
    });
    expect(session).toEqual({ user: "ada" });
  });

  test("a seal past its ttl is expired as today", async () => {
    useClock();
    const reasons = [];
    const browser = new Browser(api, "web");
    const options = { ...base, rolling: { updateAge: 60 }, onUnsealError: (reason) => reasons.push(reason) };
    await browser.save(options, (session) => (session.user = "ada"));
    at(T0 + (2 * HOUR + 61) * 1000);
    const { session, written } = await browser.read(options);
    expect(session).toEqual({});
    expect(written).toEqual([]);
    expect(reasons).toEqual(["expired"]);
  });

  test("age is now - (expiration - ttl): a seal made with a shorter ttl than today's reads as older", async () => {
    useClock();
    // Sealed at T0 with ttl 1 h; read with ttl 2 h at T0 + 1 min: sealedAt = T0 - 1 h, age 61 min.
    const browser = new Browser(api, "jar");
    browser.cookies.set(COOKIE, await api.sealData({ n: 1 }, { password: PASSWORD, ttl: HOUR }));
    at(T0 + 60_000);
    expect((await browser.read({ ...base, rolling: { updateAge: 62 * 60 } })).written).toEqual([]);
    expect((await browser.read({ ...base, rolling: { updateAge: 61 * 60 } })).written).toHaveLength(1);
  });

  test("chunked sessions are refreshed chunk by chunk", async () => {
    useClock();
    const options = { ...base, chunk: true, rolling: true };
    const browser = new Browser(api, "node");
    await browser.save(options, (session) => (session.blob = "x".repeat(5000)));
    expect([...browser.cookies.keys()].sort()).toEqual([`${COOKIE}.0`, `${COOKIE}.1`]);
    at(T0 + 1000);
    const { session, written } = await browser.read(options);
    expect(session.blob).toHaveLength(5000);
    expect(written.map((cookie) => cookie.name)).toEqual([`${COOKIE}.0`, `${COOKIE}.1`]);
  });
});
