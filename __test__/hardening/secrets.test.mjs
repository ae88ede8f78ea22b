// Secrets never leak: no password (nor a recognisable part of one) appears in
// any error message, anywhere on a thrown object (own properties, enumerable or
// not, `cause` chains, `stack`, `errors`), in `util.inspect` of errors and
// sessions, or in what onUnsealError receives, on both backends, for
// getIronSession, save, updateConfig, sealData, unsealData and their sync forms,
// and for the addon's own functions.
import util from "node:util";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import { implementations } from "../helpers/implementations.mjs";
import { loadVectors } from "../helpers/vectors.mjs";

const require = createRequire(import.meta.url);

const SECRET = "TOPSECRET-k9Qw-Zx81-Lm4P-Rt7V-Hy2N-0000"; // a usable password (>= 32)
const SECRET_2 = "TOPSECRET-second-Gq3s-Vb5n-Jk8d-Wp1x-1111";
const SHORT = "SHORTSECRET-f7Kq2"; // a password too short to use
const ALL = [SECRET, SECRET_2, SHORT];
/** Any 12-character window of a secret counts as a leak. */
const FRAGMENTS = ALL.flatMap((s) => Array.from({ length: s.length - 11 }, (_, i) => s.slice(i, i + 12)));

/** Every string reachable from a thrown value, as an attacker-visible log would show it. */
function textsOf(value, seen = new Set()) {
  if (value === null || value === undefined) return [String(value)];
  if (typeof value === "string") return [value];
  if (typeof value !== "object" && typeof value !== "function") return [String(value)];
  if (seen.has(value)) return [];
  seen.add(value);
  const texts = [];
  try {
    texts.push(String(value));
  } catch {
    // e.g. an object without toString
  }
  texts.push(util.inspect(value, { showHidden: true, depth: Infinity, getters: true }));
  if (typeof value === "function") return texts;
  for (const key of Reflect.ownKeys(value)) {
    texts.push(String(key));
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    const v = descriptor && ("value" in descriptor ? descriptor.value : undefined);
    texts.push(...textsOf(v, seen));
  }
  for (const key of ["message", "stack", "cause", "errors", "code", "name"]) {
    try {
      texts.push(...textsOf(value[key], seen));
    } catch {
      // a throwing getter
    }
  }
  return texts;
}

function expectNoSecret(value, label) {
  const texts = textsOf(value).join("\n");
  for (const fragment of FRAGMENTS) {
    if (texts.includes(fragment))
      throw new Error(`${label}: a password fragment ${JSON.stringify(fragment)} appears in:\n${texts.slice(0, 2000)}`);
  }
}

/** The error `fn` fails with; a case whose call succeeds fails, so no check passes vacuously. */
async function failure(fn, label) {
  try {
    await fn();
  } catch (error) {
    expect(error, label).toBeInstanceOf(Error);
    return error;
  }
  throw new Error(`${label}: expected a failure, but the call succeeded`);
}

/** `fn` must fail, and its error must not carry a password. */
async function expectFailureWithoutSecret(fn, label) {
  expectNoSecret(await failure(fn, label), label);
}

const node = (cookie = "") => {
  let headers = [];
  return [
    { headers: cookie ? { cookie } : {} },
    { headersSent: false, getHeader: () => headers, setHeader: (_n, v) => (headers = v) },
  ];
};

describe.each(Object.entries(implementations))("%s backend", (name, api) => {
  test("sealData / sealDataSync failures never carry the password", async () => {
    const cases = [
      [{ a: 1 }, { password: SHORT }],
      [{ a: 1 }, { password: { 1: SHORT } }],
      [{ a: 1 }, { password: { 1: 12345 } }],
      [{ a: 1 }, { password: { a: SECRET } }],
      [{ a: 1 }, { password: { 1.5: SECRET } }],
      [{ a: 1 }, { password: { 1: SECRET, 2: "" } }],
      [{ big: 10n }, { password: SECRET }],
      [{ when: new Date(0), nested: { f() {} } }, { password: { 1: SECRET, 2: SECRET_2 } }],
      [
        (() => {
          const o = {};
          o.self = o;
          return o;
        })(),
        { password: SECRET },
      ],
      [{ a: 1 }, null],
    ];
    for (const [data, options] of cases) {
      const label = `sealData(${util.inspect(data)}, ${util.inspect(options)})`;
      await expectFailureWithoutSecret(() => api.sealData(data, options), label);
      if (name === "native") await expectFailureWithoutSecret(() => api.sealDataSync(data, options), `${label} sync`);
    }
  });

  test("unsealData failures: the error given to onUnsealError never carries the password", async () => {
    const good = await api.sealData({ user: 1 }, { password: { 1: SECRET, 2: SECRET_2 } });
    const seals = [
      ...loadVectors("tampered.json").map((v) => v.seal),
      good.slice(0, -5),
      good.replace("Fe26.2*2*", "Fe26.2*7*"),
      good.replace("Fe26.2*2*", "Fe26.2*__proto__*"),
      good.replace(/\*\d{13}\*/, "*1000*"),
      "garbage",
      "",
      "~2",
    ];
    const passwords = [SECRET, { 1: SECRET, 2: SECRET_2 }, { 2: SHORT }, { 2: 42 }, SHORT];
    const unseals = [["unsealData", (seal, options) => api.unsealData(seal, options)]];
    if (name === "native") unseals.push(["unsealDataSync", (seal, options) => api.unsealDataSync(seal, options)]);
    for (const seal of seals) {
      for (const password of passwords) {
        for (const [label, unseal] of unseals) {
          // Every pair fails: each call reports exactly one failure and yields an empty session.
          const seen = [];
          const result = await unseal(seal, { password, onUnsealError: (reason, error) => seen.push([reason, error]) });
          expect(result, `${label}(${JSON.stringify(seal)})`).toEqual({});
          expect(seen, `${label}(${JSON.stringify(seal)})`).toHaveLength(1);
          const [[reason, error]] = seen;
          expect(["invalid", "expired", "unknown-password"]).toContain(reason);
          expectNoSecret(error, `onUnsealError(${reason})`);
        }
      }
    }
  });

  test("getIronSession, save, destroy and updateConfig failures never carry the password", async () => {
    const sealed = await api.sealData({ user: 1 }, { password: SECRET });
    const optionSets = [
      { cookieName: "s", password: SHORT },
      { cookieName: "s", password: { 1: SHORT, 2: SECRET } },
      { cookieName: "s", password: { x: SECRET } },
      { cookieName: "s", password: { 1: 42 } },
      { cookieName: "", password: SECRET },
      { cookieName: "a b", password: SECRET },
      { cookieName: "s\r\nSet-Cookie: x=1", password: SECRET },
      { cookieName: "s", password: SECRET, cookieOptions: { path: "/;x" } },
      { cookieName: "s", password: SECRET, cookieOptions: { domain: "a b" } },
      { cookieName: "s", password: SECRET, cookieOptions: { maxAge: 1.5 } },
      { cookieName: "s", password: SECRET, cookieOptions: { expires: new Date(0) } },
      { cookieName: "s", password: SECRET, cookieOptions: "nope" },
      { cookieName: "s", password: SECRET, ttl: 0.5 },
    ];
    for (const options of optionSets) {
      const [req, res] = node(`s=${sealed}; s.0=garbage`);
      await expectFailureWithoutSecret(
        async () => {
          const session = await api.getIronSession(req, res, options);
          session.data = "x";
          await session.save();
        },
        `options ${util.inspect(options)}`,
      );
    }

    // save() failures on a good configuration.
    const options = { cookieName: "s", password: { 1: SECRET, 2: SECRET_2 } };
    const [req, res] = node(`s=${sealed}`);
    const session = await api.getIronSession(req, res, options);
    session.big = "x".repeat(5000);
    await expectFailureWithoutSecret(() => session.save(), "save too big");
    session.big = 1n;
    await expectFailureWithoutSecret(() => session.save(), "save BigInt");
    delete session.big;
    await expectFailureWithoutSecret(() => session.updateConfig({ cookieName: "s", password: SHORT }), "updateConfig");
    session.destroy();
    session.again = 1;
    await expectFailureWithoutSecret(() => session.save(), "save after destroy");
    const [req2, res2] = node();
    res2.headersSent = true;
    const late = await api.getIronSession(req2, res2, options);
    late.a = 1;
    await expectFailureWithoutSecret(() => late.save(), "headers sent");
    const web = await api.getIronSession(
      new Request("https://x.test/", { headers: { cookie: `s=${sealed}` } }),
      Response.redirect("https://x.test/"),
      options,
    );
    web.a = 1;
    await expectFailureWithoutSecret(() => web.save(), "immutable Response");
  });

  test("util.inspect and JSON of a session never show the password", async () => {
    const sealed = await api.sealData({ user: { id: 1 } }, { password: SECRET });
    const [req, res] = node(`s=${sealed}`);
    const session = await api.getIronSession(req, res, {
      cookieName: "s",
      password: { 1: SECRET, 2: SECRET_2 },
      ttl: 600,
    });
    expect(session).toEqual({ user: { id: 1 } });
    expectNoSecret(session, "session");
    expectNoSecret(JSON.stringify(session), "JSON.stringify(session)");
    for (const method of ["save", "destroy", "updateConfig"]) expectNoSecret(session[method], method);
    await session.save();
    expectNoSecret(res.getHeader("set-cookie"), "Set-Cookie");
    const web = await api.getIronSession(
      new Request("https://x.test/", { headers: { cookie: `s=${sealed}` } }),
      new Response(null),
      { cookieName: "s", password: SECRET },
    );
    expectNoSecret(web, "web session");
    const jar = api.nodeCookies(req, res);
    expectNoSecret(jar, "jar");
  });
});

test("the addon's own functions never put the password in an error", () => {
  const binding = require("../../binding.cjs");
  const calls = [
    () => binding.seal("{}", "1", SHORT, ""),
    () => binding.seal("{}", "bad id", SECRET, ""),
    () => binding.seal("{}", "1", "", ""),
    () => binding.unseal("garbage", SECRET, Date.now()),
    () => binding.unseal("Fe26.2**a*b*c**d*e", SHORT, Date.now()),
    () => binding.unseal("Fe26.2*1*a*b*c**d*e", SECRET, Date.now()),
    () => binding.unseal("Fe26.2*1*a*b*c**d*e", null, Date.now()),
    () => binding.unseal(loadVectors("tampered.json")[4].seal.split("~")[0], SECRET, Date.now()),
    () => binding.seal("{}", "1", 42, ""),
    () => binding.unseal(42, SECRET, Date.now()),
    () => binding.unseal("x", SECRET, "now"),
  ];
  for (const call of calls) {
    let error;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expectNoSecret(error, call.toString());
  }
});

test("the leak detector itself finds a password anywhere on an error", () => {
  const hidden = new Error("fine");
  Object.defineProperty(hidden, "secretField", { value: { deep: [`x${SECRET.slice(3, 20)}y`] }, enumerable: false });
  const cases = [
    new Error(`bad ${SHORT}`),
    new Error("fine", { cause: new Error("also fine", { cause: { config: { password: SECRET_2 } } }) }),
    hidden,
    new AggregateError([new Error(SECRET)], "fine"),
    Object.assign(new Error("fine"), { stack: `Error: fine\n    at ${SECRET}` }),
  ];
  for (const error of cases) expect(() => expectNoSecret(error, "probe")).toThrow(/a password fragment/);
  expect(() => expectNoSecret(new Error("Bad hmac value"), "probe")).not.toThrow();
});
