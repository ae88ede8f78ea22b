// The behaviours of iron-session's own repository test suite (vvo/iron-session
// src/index.test.ts), run on both seal backends. Test 21 follows decision D3
// (the suffix selects nothing: a legacy cookie reads as it decrypts, as in 9.0.1)
// and test 23 follows decision D6 (updateConfig validates).
import * as iron9 from "iron-session";
import { afterEach, describe, expect, test, vi } from "vitest";
import { implementations } from "./helpers/implementations.mjs";

const password = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
const cookieName = "test";
const data = { user: { id: 1 } };

/** A Node-style response whose header calls are recorded. */
function mockResponse(existing) {
  return { getHeader: vi.fn(() => existing), setHeader: vi.fn() };
}

const setCookiesOf = (res, call = 0) => res.setHeader.mock.calls[call][1];
const lastCookie = (res, call = 0) => setCookiesOf(res, call).at(-1);
const cookieValue = (setCookie) => setCookie.split(";")[0];

afterEach(() => vi.restoreAllMocks());

describe.each(Object.entries(implementations))("iron-session's own tests on the %s backend", (_name, api) => {
  const { getIronSession, sealData } = api;

  test("should throw if the request parameter is missing", async () => {
    await expect(getIronSession()).rejects.toThrow(
      "iron-session: Bad usage: use getIronSession(req, res, options) or getIronSession(cookieStore, options).",
    );
  });

  test("should throw if the response parameter is missing", async () => {
    await expect(getIronSession({})).rejects.toThrow("Bad usage");
  });

  test("should throw if the cookie name is missing in options", async () => {
    await expect(getIronSession({}, {}, {})).rejects.toThrow(/Missing cookie name/);
  });

  test("should throw if password is missing in options", async () => {
    await expect(getIronSession({}, {}, { cookieName })).rejects.toThrow(/Missing password/);
  });

  test("should throw if password is less than 32 characters", async () => {
    await expect(getIronSession({}, {}, { cookieName, password: "123456789012345678901234567890" })).rejects.toThrow(
      /Password must be at least 32 characters long/,
    );
  });

  test("should return blank session if no cookie is set", async () => {
    const session = await getIronSession({ headers: {} }, {}, { cookieName, password });
    expect(session).toEqual({});
  });

  test("should set a cookie in the response object on save", async () => {
    const res = mockResponse();
    const session = await getIronSession({ headers: {} }, res, { cookieName, password });
    session.user = { id: 1 };
    await session.save();
    expect(res.setHeader).toHaveBeenCalledTimes(1);
    const [name, value] = res.setHeader.mock.calls[0];
    expect(name).toBe("set-cookie");
    expect(value).toHaveLength(1);
    expect(value[0]).toMatch(/^test=.{265}; Max-Age=1209540; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });

  test("should allow deleting then saving session data", async () => {
    const res = mockResponse();
    let session = await getIronSession({ headers: {} }, res, { cookieName, password });
    session.user = { id: 1 };
    await session.save();
    let cookie = cookieValue(lastCookie(res));
    session = await getIronSession({ headers: { cookie } }, res, { cookieName, password });
    expect(session).toEqual(data);
    delete session.user;
    await session.save();
    cookie = cookieValue(lastCookie(res, 1));
    session = await getIronSession({ headers: { cookie } }, res, { cookieName, password });
    expect(session).toEqual({});
  });

  test("should set max-age to a large number if ttl is 0", async () => {
    const res = mockResponse();
    const session = await getIronSession({ headers: {} }, res, { cookieName, password, ttl: 0 });
    session.user = { id: 1 };
    await session.save();
    expect(lastCookie(res)).toMatch(/Max-Age=2147483647;/);
  });

  test("should respect provided max-age in cookie options", async () => {
    const res = mockResponse();
    const session = await getIronSession({ headers: {} }, res, { cookieName, password, cookieOptions: { maxAge: 60 } });
    session.user = { id: 1 };
    await session.save();
    expect(lastCookie(res)).toMatch(/Max-Age=60;/);
  });

  test("should not set max-age for session cookies", async () => {
    const res = mockResponse();
    const options = { cookieName, password, cookieOptions: { maxAge: undefined } };
    const session = await getIronSession({ headers: {} }, res, options);
    session.user = { id: 1 };
    await session.save();
    expect(lastCookie(res)).not.toMatch(/Max-Age/);
  });

  test("should expire the cookie on destroying the session", async () => {
    const res = mockResponse();
    const session = await getIronSession({ headers: {} }, res, { cookieName, password });
    session.user = { id: 1 };
    await session.save();
    expect(lastCookie(res)).toMatch(/Max-Age=1209540;/);
    expect(session).toEqual(data);
    session.destroy();
    expect(session).toEqual({});
    expect(lastCookie(res, 1)).toMatch(/Max-Age=0;/);
  });

  test("should reset the session if the seal is expired", async () => {
    vi.spyOn(Date, "now").mockReturnValue(0);
    const seal = await sealData(data, { password, ttl: 60 });
    const req = { headers: { cookie: `${cookieName}=${seal}` } };
    expect(await getIronSession(req, {}, { cookieName, password })).toEqual(data);
    Date.now.mockReturnValue(120_000); // ttl + skew
    expect(await getIronSession(req, {}, { cookieName, password })).toEqual({});
  });

  test("should refresh the session (ttl, max-age) on save", async () => {
    const options = { cookieName, password, ttl: 61 };
    vi.spyOn(Date, "now").mockReturnValue(0);
    const res = mockResponse();
    let session = await getIronSession({ headers: {} }, res, options);
    session.user = { id: 1 };
    await session.save();
    expect(lastCookie(res)).toMatch(/Max-Age=1;/);

    Date.now.mockReturnValue(120_000); // still within ttl + skew
    let cookie = cookieValue(lastCookie(res));
    session = await getIronSession({ headers: { cookie } }, res, options);
    expect(session).toEqual(data);
    await session.save();
    expect(lastCookie(res, 1)).toMatch(/Max-Age=1;/);

    Date.now.mockReturnValue(240_000); // past the first seal, within the refreshed one
    cookie = cookieValue(lastCookie(res, 1));
    session = await getIronSession({ headers: { cookie } }, res, options);
    expect(session).toEqual(data);
  });

  test("should reset the session if password is changed", async () => {
    const seal = await sealData(data, { password });
    const req = { headers: { cookie: `${cookieName}=${seal}` } };
    const session = await getIronSession(req, {}, { cookieName, password: "12345678901234567890123456789012" });
    expect(session).toEqual({});
  });

  test("should decrypt cookie generated from older password", async () => {
    const seal = await sealData(data, { password });
    const req = { headers: { cookie: `${cookieName}=${seal}` } };
    const passwords = { 2: "12345678901234567890123456789012", 1: password };
    expect(await getIronSession(req, {}, { cookieName, password: passwords })).toEqual(data);
  });

  test("should throw if the cookie length is too big", async () => {
    const session = await getIronSession({ headers: {} }, mockResponse(), { cookieName, password });
    session.user = { id: 1, meta: "0".repeat(3000) };
    await expect(session.save()).rejects.toThrow(/Cookie length is too big/);
  });

  test("should throw if trying to save after headers are sent", async () => {
    const session = await getIronSession({ headers: {} }, { headersSent: true }, { cookieName, password });
    session.user = { id: 1 };
    await expect(session.save()).rejects.toThrow(/session\.save\(\) was called after headers were sent/);
  });

  test("should keep previously set cookie - single", async () => {
    const res = mockResponse("existing=cookie");
    const session = await getIronSession({ headers: {} }, res, { cookieName, password });
    session.user = { id: 1 };
    await session.save();
    expect(setCookiesOf(res)).toHaveLength(2);
    expect(setCookiesOf(res)[0]).toBe("existing=cookie");
    session.destroy();
    expect(setCookiesOf(res, 1)).toEqual(["existing=cookie", "test=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax"]);
  });

  test("should keep previously set cookies - multiple", async () => {
    const res = mockResponse(["existing=cookie", "existing2=cookie2"]);
    const session = await getIronSession({ headers: {} }, res, { cookieName, password });
    session.user = { id: 1 };
    await session.save();
    expect(setCookiesOf(res)).toHaveLength(3);
    expect(setCookiesOf(res).slice(0, 2)).toEqual(["existing=cookie", "existing2=cookie2"]);
    session.destroy();
    expect(setCookiesOf(res, 1)[2]).toBe("test=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax");
  });

  test("an older cookie format reads as it decrypts, whatever its suffix (decision D3, as 9.0.1)", async () => {
    // The repo's next-iron-session cookie (no "~2" suffix, ttl 0), sealed with the suite's password.
    const legacySeal =
      "Fe26.2*1*1e2bacee1edffaeb4a9ba4a07dc36c2c60d20415a60ac1b901033af1f107ead5*LAC9Fn3BJ9ifKMhVL3pP5w*JHhcByIzk4ThLt9rUW-fDMrOwUT7htHy1uyqeOTIqrVwDJ0Bz7TOAwIz_Cos-ug3**7dfa11868bbcc4f7e118342c0280ff49ba4a7cc84c70395bbc3d821a5f460174*6a8FkHxdg322jyym6PwJf3owz7pd6nq5ZIzyLHGVC0c";
    for (const suffix of ["", "~", "~1", "~2"]) {
      const req = () => ({ headers: { cookie: `${cookieName}=${legacySeal}${suffix}` } });
      const ours = await getIronSession(req(), {}, { cookieName, password });
      expect(ours, suffix).toEqual({ persistent: { user: { id: 77 } }, flash: {} });
      expect(ours, suffix).toEqual(await iron9.getIronSession(req(), {}, { cookieName, password }));
    }
  });

  test("should prevent reassignment of save/destroy functions", async () => {
    const session = await getIronSession({ headers: {} }, {}, { cookieName, password });
    expect(() => {
      session.save = () => {};
    }).toThrow(/Cannot assign to read only property 'save' of object '#<Object>'/);
    expect(() => {
      session.destroy = () => {};
    }).toThrow(/Cannot assign to read only property 'destroy' of object '#<Object>'/);
  });

  test("allow to update session configuration (with a valid password, decision D6)", async () => {
    const res = mockResponse();
    const session = await getIronSession({ headers: {} }, res, { cookieName, password });
    session.user = { id: 1 };
    session.updateConfig({ ttl: 61, cookieName: "test2", password });
    await session.save();
    expect(lastCookie(res)).toMatch(/^test2=.*Max-Age=1;/);
    expect(() => session.updateConfig({ ttl: 61, cookieName: "test2", password: "ok" })).toThrow(
      "iron-session: Bad usage. Password must be at least 32 characters long.",
    );
  });

  test("should work with standard web Request/Response APIs", async () => {
    const req = new Request("https://example.com");
    const res = new Response("Hello, world!");
    let session = await getIronSession(req, res, { cookieName, password });
    expect(session).toEqual({});
    session.user = { id: 1 };
    await session.save();
    const setCookie = res.headers.get("set-cookie");
    expect(setCookie).toMatch(/^test=.{265}; Max-Age=1209540; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const req2 = new Request("https://example.com", { headers: { cookie: cookieValue(setCookie) } });
    session = await getIronSession(req2, new Response("Hello, world!"), { cookieName, password });
    expect(session).toEqual(data);
  });
});
