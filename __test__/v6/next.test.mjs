// iron-session-native/next against the real iron-session 6.3.1/next: the same API routes and
// getServerSideProps functions, written the 6.x way, served over HTTP by both, must answer the
// same, set the same cookies (up to the random parts of seals), and read each other's seals.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { implementations, ours, v6 } from "../helpers/iron-session-6.mjs";
import { NOW, PASSWORD, PASSWORD_2, get, onEach } from "./harness.mjs";

const OPTIONS = { cookieName: "test", password: PASSWORD, cookieOptions: { secure: false } };

beforeEach(() => {
  vi.spyOn(Date, "now").mockReturnValue(NOW);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** One API route doing `action` on req.session, answering what the handler saw. */
function apiRoute(action, options = OPTIONS) {
  return (impl) => {
    const handler = impl.next.withIronSessionApiRoute(async (req, res) => {
      const url = new URL(req.url, "http://localhost");
      const seen = {};
      try {
        await action(req, res, url, seen);
      } catch (error) {
        seen.error = error.message;
      }
      if (res.writableEnded) return;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ session: req.session, ...seen }));
    }, options);
    return (req, res) => handler(req, res);
  };
}

/** Both implementations' results of `scenario`, checked equal; returns ours. */
async function same(build, scenario) {
  const results = await onEach(implementations, build, scenario);
  const strip = (value) => JSON.parse(JSON.stringify(value, (key, v) => (key === "seals" ? undefined : v)));
  expect(strip(results["iron-session-native"])).toEqual(strip(results["iron-session 6.3.1"]));
  return results;
}

const login = async (req) => {
  req.session.user = { id: 1 };
  await req.session.save();
};

describe("withIronSessionApiRoute, next to 6.3.1", () => {
  test("no cookie: req.session is {} and enumerable on req; nothing is written", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req, _res, _url, seen) => {
        seen.enumerable = Object.keys(req).includes("session");
        const descriptor = Object.getOwnPropertyDescriptor(req, "session");
        seen.descriptor = {
          get: typeof descriptor.get,
          set: typeof descriptor.set,
          configurable: descriptor.configurable,
        };
        seen.methods = Object.getOwnPropertyNames(req.session);
      }),
      (base) => get(base, "/"),
    );
    expect(result.body).toEqual({
      session: {},
      enumerable: true,
      descriptor: { get: "function", set: "function", configurable: false },
      methods: ["save", "destroy"],
    });
    expect(result.cookies).toEqual([]);
  });

  test("save: one cookie, Max-Age 15 days - 60 s, the seal expiring in 15 days; then read", async () => {
    const { "iron-session-native": result } = await same(apiRoute(login), async (base) => {
      const saved = await get(base, "/");
      const read = await get(base, "/read", { cookie: `test=${saved.seals.test}` });
      return { saved, read };
    });
    expect(result.saved.cookies).toEqual([
      `test=Fe26.2*1*<salt>*<iv>*<data>*${NOW + 15 * 24 * 3600 * 1000}*<salt>*<mac>~2; Max-Age=1295940; Path=/; HttpOnly; SameSite=Lax`,
    ]);
    expect(result.read.body.session).toEqual({ user: { id: 1 } });
  });

  test.each([
    ["ttl 0: Max-Age 2147483587, the seal expiring in 2147483647 s", { ttl: 0 }, "2147483587", NOW + 2147483647 * 1000],
    ["ttl 100: Max-Age 40", { ttl: 100 }, "40", NOW + 100_000],
    ["ttl 30: Max-Age -30", { ttl: 30 }, "-30", NOW + 30_000],
    [
      "explicit maxAge 1000: Max-Age 940, the seal by ttl",
      { cookieOptions: { secure: false, maxAge: 1000 } },
      "940",
      NOW + 15 * 24 * 3600 * 1000,
    ],
    [
      "maxAge 1000.7 is floored",
      { cookieOptions: { secure: false, maxAge: 1000.7 } },
      "940",
      NOW + 15 * 24 * 3600 * 1000,
    ],
    ["ttl 60 and maxAge 0: Max-Age -60", { ttl: 60, cookieOptions: { secure: false, maxAge: 0 } }, "-60", NOW + 60_000],
  ])("%s", async (_, extra, maxAge, expires) => {
    const { "iron-session-native": result } = await same(apiRoute(login, { ...OPTIONS, ...extra }), (base) =>
      get(base, "/"),
    );
    expect(result.cookies).toEqual([
      `test=Fe26.2*1*<salt>*<iv>*<data>*${expires}*<salt>*<mac>~2; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax`,
    ]);
  });

  test("maxAge undefined: a browser-session cookie (no Max-Age) whose seal never expires", async () => {
    const options = { ...OPTIONS, cookieOptions: { secure: false, maxAge: undefined } };
    const { "iron-session-native": result } = await same(apiRoute(login, options), (base) => get(base, "/"));
    expect(result.cookies).toEqual([
      "test=Fe26.2*1*<salt>*<iv>*<data>**<salt>*<mac>~2; Path=/; HttpOnly; SameSite=Lax",
    ]);
  });

  test("cookie attributes as given, over 6.x's defaults", async () => {
    const options = {
      ...OPTIONS,
      cookieOptions: {
        domain: "example.com",
        path: "/app",
        sameSite: "strict",
        httpOnly: false,
        secure: true,
        priority: "high",
      },
    };
    const { "iron-session-native": result } = await same(apiRoute(login, options), (base) => get(base, "/"));
    expect(result.cookies[0]).toMatch(
      /; Max-Age=1295940; Domain=example.com; Path=\/app; Secure; Priority=High; SameSite=Strict$/,
    );
  });

  test("destroy: empties req.session and writes the Max-Age=0 cookie", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req, _res, _url, seen) => {
        seen.before = { ...req.session };
        req.session.destroy();
      }),
      async (base) =>
        get(base, "/", { cookie: `test=${await v6.root.sealData({ user: { id: 9 } }, { password: PASSWORD })}` }),
    );
    expect(result.body).toEqual({ session: {}, before: { user: { id: 9 } } });
    expect(result.cookies).toEqual(["test=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"]);
  });

  test("destroy() then save(): the Max-Age=0 cookie, then a fresh seal of what is in the session then", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req) => {
        req.session.destroy();
        req.session.admin = true;
        await req.session.save();
      }),
      async (base) => {
        const cookie = `test=${await v6.root.sealData({ user: { id: 9 } }, { password: PASSWORD })}`;
        const response = await get(base, "/", { cookie });
        const reread = await get(base, "/read", { cookie: `test=${response.seals.test}` });
        return { response, reread: reread.body };
      },
    );
    expect(result.response.cookies).toEqual([
      "test=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
      `test=Fe26.2*1*<salt>*<iv>*<data>*${NOW + 15 * 24 * 3600 * 1000}*<salt>*<mac>~2; Max-Age=1295940; Path=/; HttpOnly; SameSite=Lax`,
    ]);
    expect(result.reread.session).toEqual({ admin: true });
  });

  test("destroy() then save() of an empty session writes an empty seal", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req) => {
        req.session.destroy();
        await req.session.save();
      }),
      async (base) => {
        const response = await get(base, "/");
        return { response, reread: (await get(base, "/read", { cookie: `test=${response.seals.test}` })).body };
      },
    );
    expect(result.response.cookies).toHaveLength(2);
    expect(result.reread.session).toEqual({});
  });

  test("saving twice writes two cookies; earlier Set-Cookie values are kept", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req, res) => {
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        await login(req);
        await req.session.save();
      }),
      (base) => get(base, "/"),
    );
    expect(result.cookies.map((c) => c.split("=")[0])).toEqual(["a", "b", "test", "test"]);
  });

  test("a single earlier Set-Cookie string is kept, on save and on destroy", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req, res) => {
        res.setHeader("set-cookie", "a=1");
        await login(req);
        req.session.destroy();
      }),
      (base) => get(base, "/"),
    );
    expect(result.cookies.map((c) => c.split(";")[0].replace(/=Fe26.*/, "=<seal>"))).toEqual([
      "a=1",
      "test=<seal>",
      "test=",
    ]);
  });

  test("req.session = { ...req.session, x }: the data is replaced, save() and destroy() stay", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req, _res, _url, seen) => {
        req.session = { ...req.session, user: { id: 400 } };
        seen.afterSpread = { ...req.session };
        req.session = { admin: true };
        seen.methods = [typeof req.session.save, typeof req.session.destroy];
        await req.session.save();
      }),
      async (base) => {
        const cookie = `test=${await v6.root.sealData({ old: 1 }, { password: PASSWORD })}`;
        const response = await get(base, "/", { cookie });
        return { response, reread: (await get(base, "/read", { cookie: `test=${response.seals.test}` })).body };
      },
    );
    expect(result.response.body).toEqual({
      session: { admin: true },
      afterSpread: { old: 1, user: { id: 400 } },
      methods: ["function", "function"],
    });
    expect(result.reread.session).toEqual({ admin: true });
  });

  test("delete req.session.x then save(): the key is gone from the next read", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req) => {
        delete req.session.user;
        await req.session.save();
      }),
      async (base) => {
        const cookie = `test=${await v6.root.sealData({ user: { id: 100 }, keep: 1 }, { password: PASSWORD })}`;
        const response = await get(base, "/", { cookie });
        return (await get(base, "/read", { cookie: `test=${response.seals.test}` })).body;
      },
    );
    expect(result.session).toEqual({ keep: 1 });
  });

  test("save and destroy cannot be reassigned (TypeError in strict code)", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req, _res, _url, seen) => {
        for (const name of ["save", "destroy"]) {
          try {
            req.session[name] = async () => {};
          } catch (error) {
            seen[name] = error.constructor.name;
          }
        }
      }),
      (base) => get(base, "/"),
    );
    expect(result.body).toEqual({ session: {}, save: "TypeError", destroy: "TypeError" });
  });

  test("each save refreshes the seal's expiry and the Max-Age", async () => {
    const { "iron-session-native": result } = await same(apiRoute(login, { ...OPTIONS, ttl: 3600 }), async (base) => {
      const first = await get(base, "/");
      Date.now.mockReturnValue(NOW + 1_800_000);
      const second = await get(base, "/", { cookie: `test=${first.seals.test}` });
      Date.now.mockReturnValue(NOW);
      return [first.cookies, second.cookies];
    });
    expect(result).toEqual([
      [
        `test=Fe26.2*1*<salt>*<iv>*<data>*${NOW + 3_600_000}*<salt>*<mac>~2; Max-Age=3540; Path=/; HttpOnly; SameSite=Lax`,
      ],
      [
        `test=Fe26.2*1*<salt>*<iv>*<data>*${NOW + 5_400_000}*<salt>*<mac>~2; Max-Age=3540; Path=/; HttpOnly; SameSite=Lax`,
      ],
    ]);
  });

  test("options as a function: computed for each request, from req and res", async () => {
    const calls = [];
    const options = (req, res) => {
      calls.push([req.url, typeof res.setHeader]);
      return { ...OPTIONS, cookieName: req.headers["x-tenant"] };
    };
    const { "iron-session-native": result } = await same(apiRoute(login, options), async (base) => [
      await get(base, "/one", { headers: { "x-tenant": "tenant-a" } }),
      await get(base, "/two", { headers: { "x-tenant": "tenant-b" } }),
    ]);
    expect(result.map((r) => r.cookies[0].split("=")[0])).toEqual(["tenant-a", "tenant-b"]);
    expect(calls).toEqual([
      ["/one", "function"],
      ["/two", "function"],
      ["/one", "function"],
      ["/two", "function"],
    ]);
  });

  test("async options function", async () => {
    const options = async () => ({ ...OPTIONS, cookieName: "async-name" });
    const { "iron-session-native": result } = await same(apiRoute(login, options), (base) => get(base, "/"));
    expect(result.cookies[0]).toMatch(/^async-name=Fe26\.2/);
  });

  test("a cookie too big: 6.x's message", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req) => {
        req.session.big = "x".repeat(5000);
        await req.session.save();
      }),
      (base) => get(base, "/"),
    );
    expect(result.body.error).toMatch(
      /^iron-session: Cookie length is too big \d+, browsers will refuse it\. Try to remove some data\.$/,
    );
    expect(result.cookies).toEqual([]);
  });

  test("save() after the headers were sent: the same error", async () => {
    const { "iron-session-native": result } = await same(
      apiRoute(async (req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        let error;
        try {
          await login(req);
        } catch (e) {
          error = e.message;
        }
        res.end(JSON.stringify({ error }));
      }),
      (base) => get(base, "/"),
    );
    expect(result.body.error).toMatch(
      /^iron-session: Cannot set session cookie: session.save\(\) was called after headers were sent/,
    );
  });

  test.each([
    ["no cookie name", { password: PASSWORD }],
    ["no password", { cookieName: "test" }],
    ["a short password", { cookieName: "test", password: "too-short" }],
    ["a short password in a map", { cookieName: "test", password: { 1: PASSWORD, 2: "too-short" } }],
    ["no options", null],
  ])("bad usage, %s: 6.x's message", async (_, options) => {
    const { "iron-session-native": result } = await same(apiRoute(login, options), (base) => get(base, "/"));
    expect(result.status).toBe(500);
    expect(result.body.thrown).toMatch(/^iron-session: Bad usage/);
  });

  test("getIronSession with no req or no res: 6.x's message", async () => {
    for (const args of [
      [undefined, {}, OPTIONS],
      [{ headers: {} }, undefined, OPTIONS],
    ]) {
      const theirs = await v6.edge.getIronSession(...args).catch((e) => e.message);
      expect(await ours.edge.getIronSession(...args).catch((e) => e.message)).toBe(theirs);
      expect(theirs).toMatch(/^iron-session: Bad usage. Minimum usage is const session = await getIronSession/);
    }
  });

  test("seals cross both ways, with password rotation", async () => {
    const rotated = { ...OPTIONS, password: { 2: PASSWORD_2, 1: PASSWORD } };
    const results = await onEach(implementations, apiRoute(login, rotated), (base) => get(base, "/"));
    for (const [writer, reader] of [
      [ours, v6],
      [v6, ours],
    ]) {
      const name = writer === ours ? "iron-session-native" : "iron-session 6.3.1";
      const seal = results[name].seals.test;
      expect(seal).toMatch(/^Fe26\.2\*2\*/);
      expect(await reader.edge.unsealData(seal, { password: { 1: PASSWORD, 2: PASSWORD_2 } })).toEqual({
        user: { id: 1 },
      });
      expect(await reader.edge.unsealData(seal, { password: PASSWORD })).toEqual({});
    }
  });

  test("a seal made with another password: an empty session, as in 6.x", async () => {
    const seal = await v6.root.sealData({ user: { id: 1 } }, { password: PASSWORD_2 });
    const { "iron-session-native": result } = await same(
      apiRoute(async () => {}),
      (base) => get(base, "/", { cookie: `test=${seal}` }),
    );
    expect(result.body.session).toEqual({});
  });

  test("an expired seal: an empty session, as in 6.x", async () => {
    const seal = await v6.root.sealData({ user: { id: 20 } }, { password: PASSWORD, ttl: 100 });
    const fresh = await same(
      apiRoute(async () => {}, { ...OPTIONS, ttl: 100 }),
      (base) => get(base, "/", { cookie: `test=${seal}` }),
    );
    expect(fresh["iron-session-native"].body.session).toEqual({ user: { id: 20 } });
    Date.now.mockReturnValue(NOW + 160_000);
    const expired = await same(
      apiRoute(async () => {}, { ...OPTIONS, ttl: 100 }),
      (base) => get(base, "/", { cookie: `test=${seal}` }),
    );
    expect(expired["iron-session-native"].body.session).toEqual({});
  });

  test("a next-iron-session cookie (no ~2, { persistent }) reads as it decrypts, not unwrapped (D3)", async () => {
    // A seal from 6.3.1's own tests (ttl 0, password PASSWORD), made by next-iron-session.
    // 6.3.1 returns `persistent` of ANY seal without "~2", so stripping the suffix from a genuine
    // cookie reshapes the session; the suffix selects no code path here.
    const legacy =
      "Fe26.2*1*1e2bacee1edffaeb4a9ba4a07dc36c2c60d20415a60ac1b901033af1f107ead5*LAC9Fn3BJ9ifKMhVL3pP5w*JHhcByIzk4ThLt9rUW-fDMrOwUT7htHy1uyqeOTIqrVwDJ0Bz7TOAwIz_Cos-ug3**7dfa11868bbcc4f7e118342c0280ff49ba4a7cc84c70395bbc3d821a5f460174*6a8FkHxdg322jyym6PwJf3owz7pd6nq5ZIzyLHGVC0c";
    const results = await onEach(
      implementations,
      apiRoute(async () => {}),
      (base) => get(base, "/", { cookie: `test=${legacy}` }),
    );
    expect(results["iron-session 6.3.1"].body.session).toEqual({ user: { id: 77 } });
    expect(results["iron-session-native"].body.session).toEqual({ persistent: { user: { id: 77 } }, flash: {} });
  });

  test("the handler's return value passes through", async () => {
    for (const impl of [ours, v6]) {
      const wrapped = impl.next.withIronSessionApiRoute(async () => "returned", OPTIONS);
      const res = { getHeader() {}, setHeader() {} };
      expect(await wrapped({ headers: {} }, res)).toBe("returned");
    }
  });
});

describe("withIronSessionSsr, next to 6.3.1", () => {
  /** getServerSideProps run by a server the way Next.js runs it: with { req, res, query }. */
  function ssr(action, options = OPTIONS) {
    return (impl) => {
      const getServerSideProps = impl.next.withIronSessionSsr(async (context) => {
        await action(context);
        return {
          props: { session: { ...context.req.session }, enumerable: Object.keys(context.req).includes("session") },
        };
      }, options);
      return async (req, res) => {
        const result = await getServerSideProps({ req, res, query: {} });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(result));
      };
    };
  }

  test("context.req.session holds the session; save writes the cookie; the result passes through", async () => {
    const { "iron-session-native": result } = await same(
      ssr(async ({ req }) => {
        req.session.user = { id: 3 };
        await req.session.save();
      }),
      async (base) => {
        const saved = await get(base, "/");
        return { saved, read: await get(base, "/", { cookie: `test=${saved.seals.test}` }) };
      },
    );
    expect(result.saved.body).toEqual({ props: { session: { user: { id: 3 } }, enumerable: true } });
    expect(result.saved.cookies[0]).toMatch(/; Max-Age=1295940; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  test("options as a function get context.req and context.res, for each request", async () => {
    const seen = [];
    const options = (req, res) => {
      seen.push(typeof res.setHeader);
      return { ...OPTIONS, cookieName: req.headers["x-tenant"] };
    };
    const { "iron-session-native": result } = await same(
      ssr(async ({ req }) => {
        req.session.n = 1;
        await req.session.save();
      }, options),
      async (base) => [
        (await get(base, "/", { headers: { "x-tenant": "a" } })).cookies[0].split("=")[0],
        (await get(base, "/", { headers: { "x-tenant": "b" } })).cookies[0].split("=")[0],
      ],
    );
    expect(result).toEqual(["a", "b"]);
    expect(seen).toEqual(["function", "function", "function", "function"]);
  });
});
