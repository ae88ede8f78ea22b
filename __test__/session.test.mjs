// The session object, the adapters and dispatch, on both seal backends, with
// decisions D4 and D5 shown against what iron-session 9.0.1 does.
import { afterEach, describe, expect, test, vi } from "vitest";
import fc from "fast-check";
import * as iron9 from "iron-session";
import { implementations } from "./helpers/implementations.mjs";
import { PASSWORD } from "./helpers/vectors.mjs";

const options = { cookieName: "test", password: PASSWORD };
const requestWith = (seal) => ({ headers: { cookie: `test=${seal}` } });
const cut = (seal) => seal.slice(0, seal.indexOf("~"));

afterEach(() => vi.restoreAllMocks());

/** A stand-in for NextRequest/NextResponse cookies: request cookies are writable, response ones recorded. */
function nextLike(initial = {}) {
  const requestCookies = new Map(Object.entries(initial));
  const written = [];
  const request = {
    cookies: {
      get: (name) => (requestCookies.has(name) ? { name, value: requestCookies.get(name) } : undefined),
      getAll: () => [...requestCookies].map(([name, value]) => ({ name, value })),
      set: (name, value) => requestCookies.set(name, value),
    },
  };
  const response = { cookies: { set: (name, value, opts) => written.push([name, value, opts]) } };
  return { request, response, written };
}

describe.each(Object.entries(implementations))("%s backend", (_name, api) => {
  const { getIronSession, sealData } = api;

  test("methods are non-enumerable, non-writable, non-configurable; data are own enumerable properties", async () => {
    const session = await getIronSession(requestWith(await sealData({ user: { id: 1 } }, options)), {}, options);
    expect(Object.keys(session)).toEqual(["user"]);
    expect(JSON.stringify(session)).toBe('{"user":{"id":1}}');
    expect(Object.getPrototypeOf(session)).toBe(Object.prototype);
    for (const name of ["save", "destroy", "updateConfig"]) {
      expect(Object.getOwnPropertyDescriptor(session, name)).toMatchObject({
        enumerable: false,
        writable: false,
        configurable: false,
      });
    }
  });

  test("a payload that is not an object gives an empty session and reason 'invalid' (D4; 9.0.1 rejects)", async () => {
    for (const payload of ["hello", 42, 0, true, false]) {
      const seal = cut(await sealData(payload, options)) + "~2";
      await expect(iron9.getIronSession(requestWith(seal), {}, options)).rejects.toThrow(TypeError);
      const reasons = [];
      const session = await getIronSession(
        requestWith(seal),
        {},
        { ...options, onUnsealError: (reason, error) => reasons.push([reason, error]) },
      );
      expect(session).toEqual({});
      expect(reasons).toHaveLength(1);
      expect(reasons[0][0]).toBe("invalid");
      expect(reasons[0][1]).toBeInstanceOf(TypeError);
      expect(await api.unsealData(seal, options)).toBe(payload); // unsealData returns the value as it decrypts
    }
  });

  test("stored keys named like the methods are dropped (D5; in 9.0.1 the next save throws)", async () => {
    const seal = await sealData({ save: 1, destroy: "x", updateConfig: null, user: 2 }, options);
    const theirs = await iron9.getIronSession(
      requestWith(seal),
      { headersSent: false, getHeader() {}, setHeader() {} },
      options,
    );
    await expect(theirs.save()).rejects.toThrow(/not JSON serializable \(session\.save is a function\)/);
    const res = { getHeader: vi.fn(), setHeader: vi.fn() };
    const session = await getIronSession(requestWith(seal), res, options);
    expect(session).toEqual({ user: 2 });
    expect(Object.keys(session)).toEqual(["user"]);
    await session.save();
    expect(res.setHeader).toHaveBeenCalledOnce();
  });

  test("destroy is final: a bare save is a no-op, a save with data throws", async () => {
    const res = { getHeader: vi.fn(), setHeader: vi.fn() };
    const session = await getIronSession({ headers: {} }, res, options);
    session.user = 1;
    session.destroy();
    await session.save();
    expect(res.setHeader).toHaveBeenCalledOnce();
    session.user = 2;
    await expect(session.save()).rejects.toThrow(/Cannot save a destroyed session that has data written back into it/);
  });

  test("a Response whose body was read refuses to save; a Headers object has no such check", async () => {
    const response = new Response("body");
    await response.text();
    const session = await getIronSession(new Request("https://x.test/"), response, options);
    await expect(session.save()).rejects.toThrow(/the response body has already been consumed/);
    const headers = new Headers();
    const second = await getIronSession(new Request("https://x.test/"), headers, options);
    second.a = 1;
    await second.save();
    expect(headers.getSetCookie()).toHaveLength(1);
  });

  test("an immutable Response fails to save, with undici's own error as the cause", async () => {
    const session = await getIronSession(new Request("https://x.test/"), Response.redirect("https://x.test/"), options);
    const error = await session.save().catch((caught) => caught);
    expect(error.message).toMatch(/headers are immutable/);
    expect(error.cause.message).toMatch(/immutable/);
  });

  test("nextProxyCookies writes to the response and to the request, so a second read sees the new seal", async () => {
    const { request, response, written } = nextLike();
    const session = await getIronSession(api.nextProxyCookies(request, response), options);
    session.user = { id: 5 };
    await session.save();
    expect(written).toHaveLength(1);
    expect(written[0][0]).toBe("test");
    expect(written[0][2]).toMatchObject({ httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 1209540 });
    const again = await getIronSession(api.nextProxyCookies(request, response), options);
    expect(again).toEqual({ user: { id: 5 } });
    expect(api.nextProxyCookies(request, response).names()).toEqual(["test"]);
  });

  test("nodeCookies and webCookies are usable jars, names() lists cookies in JS property order", async () => {
    const req = { headers: { cookie: "b=1; 2=x; a=3; b=4" } };
    const jar = api.nodeCookies(req, { getHeader() {}, setHeader() {} });
    expect(jar.read("b")).toBe("1");
    expect(jar.names()).toEqual(["2", "b", "a"]);
    expect(jar.names()).toEqual(iron9.nodeCookies(req, {}).names());
    const request = new Request("https://x.test/", { headers: { cookie: "z=1; y=2" } });
    expect(api.webCookies(request, new Headers()).names()).toEqual(iron9.webCookies(request, new Headers()).names());
  });

  test("a custom jar gets the live options object; assertWritable is honoured", async () => {
    const writes = [];
    const jar = { read: () => undefined, write: (...args) => writes.push(args), assertWritable: vi.fn() };
    const session = await getIronSession(jar, options);
    session.a = 1;
    await session.save();
    expect(jar.assertWritable).toHaveBeenCalledOnce();
    expect(writes[0][2]).toEqual({ httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 1209540 });
    jar.assertWritable.mockImplementation(() => {
      throw new Error("too late");
    });
    await expect(session.save()).rejects.toThrow("too late");
  });

  test("dispatch and bad usage fail exactly as in 9.0.1", async () => {
    const store = { get: () => undefined, set() {} };
    const calls = [
      [],
      [undefined, options],
      [{}, options],
      [store, undefined],
      ["req", {}, options],
      [{ headers: {} }, new Response(null), options],
      [new Request("https://x.test/"), { getHeader() {}, setHeader() {} }, options],
      [{ headers: {} }, {}, undefined],
      [{ read() {}, write() {}, get() {}, set() {} }, options],
      [{ headers: {} }, { getHeader: () => 42, setHeader() {} }, options],
    ];
    const outcome = async (impl, args) => {
      try {
        const session = await impl.getIronSession(...args);
        session.user = 1;
        await session.save();
        return "saved";
      } catch (error) {
        return `${error.constructor.name}: ${error.message}`;
      }
    };
    for (const args of calls) expect(await outcome(api, args)).toBe(await outcome(iron9, args));
  });

  test("no Cookie header, however forged, makes getIronSession reject", async () => {
    const seal = await sealData({ user: 1 }, options);
    const fragment = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "test=",
        "test.0=",
        "test.1=",
        "test.3=",
        ";",
        "=",
        "%",
        '"',
        "Fe26.2*",
        "*",
        "~2",
        seal,
        seal.slice(0, 100),
        seal.slice(100),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fragment, { maxLength: 12 }), async (pieces) => {
        const header = pieces.join("");
        const reasons = [];
        const session = await getIronSession(
          { headers: { cookie: header } },
          {},
          { ...options, onUnsealError: (r) => reasons.push(r) },
        );
        expect(typeof session.save).toBe("function");
        for (const reason of reasons) expect(["invalid", "expired", "unknown-password"]).toContain(reason);
      }),
      { numRuns: 400 },
    );
  });
});

describe.each(Object.entries(implementations))("%s backend: code written for Next 14", (_name, api) => {
  test("getIronSession(cookies(), options) also takes the Promise that cookies() returns since Next 15", async () => {
    const seal = await api.sealData({ user: 1 }, options);
    const writes = [];
    const store = {
      get: (name) => (name === "test" ? { name, value: seal } : undefined),
      set: (...args) => writes.push(args),
    };
    await expect(iron9.getIronSession(Promise.resolve(store), options)).rejects.toThrow(/Bad usage/);
    const session = await api.getIronSession(Promise.resolve(store), options);
    expect(session).toEqual({ user: 1 });
    await session.save();
    expect(writes).toHaveLength(1);
  });
});
