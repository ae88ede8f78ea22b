// absoluteTtl and validate: the creation time kept in the seal, the hard cap on
// every seal and cookie, and revocation; both backends, every calling shape.
import { afterEach, describe, expect, test, vi } from "vitest";
import * as iron9 from "iron-session";
import { implementations } from "../helpers/implementations.mjs";
import { Browser, COOKIE, HOUR, PASSWORD, SHAPES, T0, at, base, expirationOf, now, useClock } from "./shapes.mjs";

const KEY = "__ironSessionCreatedAt";
afterEach(() => vi.restoreAllMocks());
const raw = (seal) => iron9.unsealData(seal, { password: PASSWORD });

describe.each(Object.entries(implementations))("%s backend", (_backend, api) => {
  describe.each(SHAPES)("%s", (shape) => {
    test("absoluteTtl: the first save seals createdAt under the reserved key, later saves and rolling refreshes keep it", async () => {
      useClock();
      const options = { ...base, absoluteTtl: 8 * HOUR, rolling: true };
      const browser = new Browser(api, shape);
      const { session } = await browser.save(options, (s) => (s.user = "ada"));
      expect(Object.keys(session)).toEqual(["user"]);
      expect(JSON.stringify(session)).toBe('{"user":"ada"}');
      // iron-session sees the key as data.
      expect(await raw(browser.cookies.get(COOKIE))).toEqual({ user: "ada", [KEY]: T0 });

      at(T0 + HOUR * 1000);
      const saved = await browser.save(options, (s) => (s.visits = 1));
      expect(Object.keys(saved.session)).toEqual(["user", "visits"]);
      expect(JSON.stringify(saved.session)).toBe('{"user":"ada","visits":1}');
      expect(Object.getOwnPropertyDescriptor(saved.session, KEY)).toBeUndefined();
      expect(await raw(browser.cookies.get(COOKIE))).toEqual({ user: "ada", visits: 1, [KEY]: T0 });

      at(T0 + 2 * HOUR * 1000);
      const { written } = await browser.read(options);
      expect(written).toHaveLength(1);
      expect(await raw(browser.cookies.get(COOKIE))).toEqual({ user: "ada", visits: 1, [KEY]: T0 });
    });

    test("absoluteTtl: however active, the session ends at createdAt + absoluteTtl with reason 'expired'", async () => {
      useClock();
      const reasons = [];
      const options = {
        ...base,
        absoluteTtl: 5 * HOUR,
        rolling: true,
        onUnsealError: (reason, error) => reasons.push([reason, error.message]),
      };
      const browser = new Browser(api, shape);
      await browser.save(options, (s) => (s.user = "ada"));
      for (const minutes of [60, 120, 180, 240, 299]) {
        at(T0 + minutes * 60_000);
        expect((await browser.read(options)).session).toEqual({ user: "ada" });
      }
      at(T0 + 5 * HOUR * 1000);
      const ended = await browser.read(options);
      expect(ended.session).toEqual({});
      expect(ended.written).toEqual([]);
      expect(reasons).toEqual([["expired", "iron-session-native: the session is older than absoluteTtl"]]);
      // Logging in again starts a new session.
      const again = await browser.save(options, (s) => (s.user = "ada"));
      expect(await raw(browser.cookies.get(COOKIE))).toEqual({ user: "ada", [KEY]: now() });
      expect(again.written.at(-1).maxAge).toBe(2 * HOUR - 60);
    });

    test("absoluteTtl: no seal's expiration and no cookie's Max-Age reaches past createdAt + absoluteTtl", async () => {
      useClock();
      const options = { ...base, absoluteTtl: 3 * HOUR, rolling: true };
      const end = T0 + 3 * HOUR * 1000;
      const browser = new Browser(api, shape);
      await browser.save(options, (s) => (s.user = "ada"));
      expect(expirationOf(browser.cookies.get(COOKIE))).toBe(T0 + 2 * HOUR * 1000);

      // A save 1.5 h in: now + ttl would be 3.5 h.
      at(T0 + 1.5 * HOUR * 1000);
      const saved = await browser.save(options, (s) => (s.n = 1));
      expect(expirationOf(browser.cookies.get(COOKIE))).toBe(end);
      expect(saved.written.at(-1).maxAge).toBe(1.5 * HOUR);

      // A rolling refresh 2 h 59 min 59.5 s in: Max-Age rounds down.
      at(end - 500);
      const refreshed = await browser.read(options);
      // Already capped at the same instant: no new cookie needed.
      expect(refreshed.written).toEqual([]);
      at(T0 + 2.5 * HOUR * 1000 + 500);
      const { session } = await browser.save(options, (s) => (s.n = 2));
      expect(session.n).toBe(2);
      expect(expirationOf(browser.cookies.get(COOKIE))).toBe(end);
    });

    test("absoluteTtl with ttl 0: the seal, which would never expire, expires at the cap", async () => {
      useClock();
      const options = { ...base, ttl: 0, absoluteTtl: HOUR };
      const browser = new Browser(api, shape);
      const { written } = await browser.save(options, (s) => (s.user = "ada"));
      expect(expirationOf(browser.cookies.get(COOKIE))).toBe(T0 + HOUR * 1000);
      expect(written.at(-1).maxAge).toBe(HOUR);
    });

    test("validate: called after the seal opened with createdAt, sealedAt and expiresAt in ms; false revokes, true keeps", async () => {
      useClock();
      const calls = [];
      let verdict = true;
      const reasons = [];
      const options = {
        ...base,
        validate: (session, info) => {
          calls.push([{ ...session }, info]);
          return verdict;
        },
        onUnsealError: (reason, error) => reasons.push([reason, error.message]),
      };
      const browser = new Browser(api, shape);
      expect((await browser.read(options)).session).toEqual({});
      expect(calls).toEqual([]); // no cookie, no call
      await browser.save(options, (s) => (s.user = "ada"));
      expect(calls).toEqual([]);

      at(T0 + 10 * 60_000);
      await browser.save(options, (s) => (s.n = 1));
      expect(calls).toEqual([[{ user: "ada" }, { createdAt: T0, sealedAt: T0, expiresAt: T0 + 2 * HOUR * 1000 }]]);

      at(T0 + 20 * 60_000);
      expect((await browser.read(options)).session).toEqual({ user: "ada", n: 1 });
      expect(calls[1]).toEqual([
        { user: "ada", n: 1 },
        { createdAt: T0, sealedAt: T0 + 10 * 60_000, expiresAt: T0 + 10 * 60_000 + 2 * HOUR * 1000 },
      ]);

      verdict = false;
      const revoked = await browser.read(options);
      expect(revoked.session).toEqual({});
      expect(reasons).toEqual([["revoked", "iron-session-native: the session was revoked by validate"]]);
    });

    test("validate: async verdicts work; a throw or a rejection is the application's error and propagates", async () => {
      useClock();
      const browser = new Browser(api, shape);
      await browser.save({ ...base, validate: () => true }, (s) => (s.user = "ada"));
      expect((await browser.read({ ...base, validate: async () => true })).session).toEqual({ user: "ada" });
      expect((await browser.read({ ...base, validate: async () => false })).session).toEqual({});
      await expect(
        browser.read({
          ...base,
          validate: () => {
            throw new Error("db down");
          },
        }),
      ).rejects.toThrow("db down");
      await expect(browser.read({ ...base, validate: () => Promise.reject(new Error("db gone")) })).rejects.toThrow(
        "db gone",
      );
    });
  });

  test("absoluteTtl: a seal with no creation time (iron-session's) counts as created when it was sealed", async () => {
    useClock();
    const reasons = [];
    const options = { ...base, absoluteTtl: HOUR, rolling: true, onUnsealError: (reason) => reasons.push(reason) };
    const seal = await iron9.sealData({ user: "iris" }, { password: PASSWORD, ttl: 2 * HOUR });
    const browser = new Browser(api, "web");
    browser.cookies.set(COOKIE, seal);
    at(T0 + HOUR * 500);
    const { session, written } = await browser.read(options);
    expect(session).toEqual({ user: "iris" });
    // The refresh writes the creation time it assumed, so later refreshes cannot extend it.
    expect(written).toHaveLength(1);
    expect(written[0].maxAge).toBe(HOUR / 2);
    expect(await raw(browser.cookies.get(COOKIE))).toEqual({ user: "iris", [KEY]: T0 });
    expect(expirationOf(browser.cookies.get(COOKIE))).toBe(T0 + HOUR * 1000);
    at(T0 + HOUR * 1000 - 1);
    expect((await browser.read(options)).session).toEqual({ user: "iris" });
    at(T0 + HOUR * 1000);
    expect((await browser.read(options)).session).toEqual({});
    expect(reasons).toEqual(["expired"]);
  });

  test("absoluteTtl: a never-expiring seal with no creation time cannot be dated and counts as created at the epoch", async () => {
    useClock();
    const reasons = [];
    const infos = [];
    const browser = new Browser(api, "store");
    browser.cookies.set(COOKIE, await iron9.sealData({ user: "old" }, { password: PASSWORD, ttl: 0 }));
    const validate = (_s, info) => infos.push(info) > 0;
    expect((await browser.read({ ...base, ttl: 0, validate })).session).toEqual({ user: "old" });
    expect(infos).toEqual([{ createdAt: 0, sealedAt: 0, expiresAt: 0 }]);
    const { session } = await browser.read({
      ...base,
      ttl: 0,
      absoluteTtl: 365 * 86400,
      onUnsealError: (r) => reasons.push(r),
    });
    expect(session).toEqual({});
    expect(reasons).toEqual(["expired"]);
  });

  test("validate: expiresAt is 0 for a seal that never expires", async () => {
    useClock();
    const infos = [];
    const options = { ...base, ttl: 0, validate: (_s, info) => infos.push(info) > 0 };
    const browser = new Browser(api, "node");
    await browser.save(options, (s) => (s.user = "ada"));
    at(T0 + 5000);
    expect((await browser.read(options)).session).toEqual({ user: "ada" });
    expect(infos).toEqual([{ createdAt: T0, sealedAt: T0, expiresAt: 0 }]);
  });

  test("validate: a session re-saved after a revocation still reads as created before it", async () => {
    useClock();
    let revokedBefore = 0;
    const options = { ...base, validate: (_s, { createdAt }) => createdAt > revokedBefore };
    const laptop = new Browser(api, "web");
    await laptop.save(options, (s) => (s.user = "ada"));
    at(T0 + 60_000);
    revokedBefore = T0 + 60_000;
    // A server that has not heard of the revocation re-saves the session.
    at(T0 + 120_000);
    await laptop.save({ ...base, validate: () => true }, (s) => (s.n = 1));
    expect(await raw(laptop.cookies.get(COOKIE))).toMatchObject({ [KEY]: T0 });
    expect((await laptop.read(options)).session).toEqual({});
    // A new login after the revocation works.
    const relogin = await laptop.save(options, (s) => (s.user = "ada"));
    expect(relogin.session).toEqual({ user: "ada" });
    expect((await laptop.read(options)).session).toEqual({ user: "ada" });
  });

  test("validate: returning anything but true revokes (a forgotten return logs out instead of letting in)", async () => {
    useClock();
    const browser = new Browser(api, "jar");
    await browser.save(base, (s) => (s.user = "ada"));
    for (const verdict of [undefined, 1, "yes", null]) {
      const reasons = [];
      const { session } = await browser.read({
        ...base,
        validate: () => verdict,
        onUnsealError: (r) => reasons.push(r),
      });
      expect(session).toEqual({});
      expect(reasons).toEqual(["revoked"]);
    }
  });

  test("validate is not called for a cookie that does not open", async () => {
    useClock();
    const validate = vi.fn(() => true);
    const reasons = [];
    const browser = new Browser(api, "node");
    browser.cookies.set(COOKIE, "Fe26.2*1*garbage");
    expect((await browser.read({ ...base, validate, onUnsealError: (r) => reasons.push(r) })).session).toEqual({});
    expect(validate).not.toHaveBeenCalled();
    expect(reasons).toEqual(["invalid"]);
  });

  test("a session opened with lifecycle options and saved by iron-session 9.0.1 keeps its creation time as data", async () => {
    useClock();
    const browser = new Browser(api, "web");
    await browser.save({ ...base, absoluteTtl: HOUR }, (s) => (s.user = "ada"));
    const theirs = new Browser(iron9, "web");
    theirs.cookies = browser.cookies;
    const { session } = await theirs.read(base);
    expect({ ...session }).toEqual({ user: "ada", [KEY]: T0 });
  });
});
