// Differential tests: the same scenario through the real iron-session 9.0.1 and
// through iron-session-native (both seal backends), compared transcript for
// transcript with seal material masked (its length must still agree).
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import * as ironSession from "iron-session";
import { implementations } from "./helpers/implementations.mjs";
import { runScenario } from "./helpers/scenario.mjs";

const NOW = 1_800_000_000_000;
const P1 = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
const P2 = "a-second-password-that-is-long-enough-123";
const SHAPES = ["node", "web", "headers", "store", "jar"];
const base = { cookieName: "test", password: P1 };

beforeAll(() => vi.spyOn(Date, "now").mockReturnValue(NOW));
afterAll(() => vi.restoreAllMocks());

const optionSets = {
  default: base,
  "ttl 0": { ...base, ttl: 0 },
  "ttl 3600": { ...base, ttl: 3600 },
  "ttl 61": { ...base, ttl: 61 },
  "ttl 60": { ...base, ttl: 60 },
  "ttl 30": { ...base, ttl: 30 },
  // A negative or non-finite ttl is decision D8: hardening/options.test.mjs.
  "ttl undefined": { ...base, ttl: undefined },
  "ttl 61.5": { ...base, ttl: 61.5 },
  "session cookie": { ...base, cookieOptions: { maxAge: undefined } },
  "maxAge 60": { ...base, cookieOptions: { maxAge: 60 } },
  "maxAge 60.7": { ...base, cookieOptions: { maxAge: 60.7 } },
  "maxAge null": { ...base, cookieOptions: { maxAge: null } },
  "all attributes": {
    ...base,
    cookieOptions: {
      domain: "example.com",
      path: "/app",
      sameSite: "strict",
      secure: true,
      httpOnly: true,
      partitioned: true,
      priority: "high",
      expires: new Date(Date.UTC(2099, 0, 2, 3, 4, 5)),
    },
  },
  "insecure, SameSite None": { ...base, cookieOptions: { secure: false, httpOnly: false, sameSite: "none" } },
  "sameSite true": { ...base, cookieOptions: { sameSite: true } },
  "sameSite false": { ...base, cookieOptions: { sameSite: false } },
  "sameSite Strict": { ...base, cookieOptions: { sameSite: "Strict" } },
  "priority LOW": { ...base, cookieOptions: { priority: "LOW" } },
  "path undefined": { ...base, cookieOptions: { path: undefined } },
  "httpOnly undefined": { ...base, cookieOptions: { httpOnly: undefined } },
  "domain with leading dot": { ...base, cookieOptions: { domain: ".example.com" } },
  "name a:b": { ...base, cookieName: "a:b" },
  "name with space": { ...base, cookieName: "a b" },
  "name non-ASCII": { ...base, cookieName: "sés" },
  "name with CRLF": { ...base, cookieName: "a\r\nSet-Cookie: x=1" },
  "sameSite bogus": { ...base, cookieOptions: { sameSite: "bogus" } },
  "priority urgent": { ...base, cookieOptions: { priority: "urgent" } },
  "domain invalid": { ...base, cookieOptions: { domain: "exa mple.com" } },
  "domain trailing dot": { ...base, cookieOptions: { domain: "example.com." } },
  "domain injection": { ...base, cookieOptions: { domain: "example.com; HttpOnly=false" } },
  "path with semicolon": { ...base, cookieOptions: { path: "/a;b" } },
  "path with CRLF": { ...base, cookieOptions: { path: "/\r\nX-Evil: 1" } },
  "expires in the past": { ...base, cookieOptions: { expires: new Date(0) } },
  "expires invalid": { ...base, cookieOptions: { expires: new Date(NaN) } },
  "expires a number": { ...base, cookieOptions: { expires: 123 } },
  "expires year 10000": { ...base, cookieOptions: { expires: new Date("+010000-01-01T00:00:00.000Z") } },
  "password map 1,2": { ...base, password: { 1: P1, 2: P2 } },
  "password map 9,10": { ...base, password: { 9: P2, 10: P1 } },
  "password id 0": { ...base, password: { 0: P1 } },
  "password id -1": { ...base, password: { "-1": P1 } },
  "password id 01": { ...base, password: { "01": P1 } },
  "emoji password (32 UTF-16 units)": { ...base, password: "😀".repeat(16) },
  "chunk true": { ...base, chunk: true },
  "missing cookie name": { password: P1 },
  "empty cookie name": { cookieName: "", password: P1 },
  "missing password": { cookieName: "test" },
  "empty password map": { cookieName: "test", password: {} },
  "non-integer password id": { cookieName: "test", password: { a: P1 } },
  "fractional password id": { cookieName: "test", password: { "1.5": P1 } },
  "short password": { cookieName: "test", password: "too-short" },
  "31 characters": { cookieName: "test", password: "x".repeat(31) },
  "numeric password": { cookieName: "test", password: 1234 },
  "non-string password in map": { cookieName: "test", password: { 1: 42 } },
};

const saveThenDestroy = [["set", "user", { id: 1 }], ["save"], ["destroy"], ["save"], ["set", "user", { id: 2 }], ["save"]];

const implementationsUnderTest = Object.entries(implementations);

describe.each(implementationsUnderTest)("%s matches iron-session 9.0.1", (_name, api) => {
  describe.each(SHAPES)("on the %s shape", (shape) => {
    test.each(Object.keys(optionSets))("options: %s; save, destroy, save again", async (key) => {
      const scenario = { shape, options: optionSets[key], steps: saveThenDestroy };
      const theirs = await runScenario(ironSession, scenario);
      const ours = await runScenario(api, scenario);
      expect(ours.transcript).toEqual(theirs.transcript);
    });
  });

  const dataCases = {
    unicode: { name: "Zoë 😀 日本語 — ñ", "\u2028": "line separator" },
    nested: { a: { b: { c: [1, [2, [3, { d: "deep" }]]] } }, list: [{ x: 1 }, { y: null }] },
    "integer-like keys": { 2: "two", 10: "ten", b: 1, a: 2, "-1": "minus", "01": "zero-one" },
    numbers: { int: 42, negativeZero: -0, float: 3.14159, big: 1e21, small: 5e-7, max: Number.MAX_SAFE_INTEGER },
    "lone surrogate": { s: "\ud800x\udfff" },
    "control characters": { s: "\u0000\u0001\b\f\n\r\t\u001f\"\\" },
    "undefined values are skipped": { a: undefined, b: 1 },
    "a Date": { when: new Date(0) },
    "a nested Map": { a: { b: new Map() } },
    "a BigInt": { n: 10n },
    "a function": { f() {} },
    NaN: { n: NaN },
    "-Infinity deep": { a: [{ b: -Infinity }] },
    "undefined in an array": { list: [1, undefined] },
    "a class instance": { p: new (class Point {})() },
    "a null-prototype object": { o: Object.assign(Object.create(null), { a: 1 }) },
    "near the 4096-byte limit": { d: "x".repeat(2839) },
    "just over the limit": { d: "x".repeat(2840) },
    "over the limit in multi-byte text": { d: "é".repeat(1500) },
  };

  describe.each(SHAPES)("data on the %s shape", (shape) => {
    test.each(Object.keys(dataCases))("%s", async (key) => {
      const scenario = { shape, options: base, steps: [["set", "data", dataCases[key]], ["save"]] };
      const theirs = await runScenario(ironSession, scenario);
      const ours = await runScenario(api, scenario);
      expect(ours.transcript).toEqual(theirs.transcript);
    });
  });

  const chunkCases = {
    "one chunk's worth": 2000,
    "two chunks": 5000,
    "three chunks": 9000,
    "four chunks": 13000,
    "five chunks (refused)": 17000,
  };

  describe.each(SHAPES)("chunking on the %s shape", (shape) => {
    test.each(Object.entries(chunkCases))("%s", async (_label, size) => {
      const options = { ...base, chunk: true };
      const steps = [["set", "d", "x".repeat(size)], ["save"]];
      const theirs = await runScenario(ironSession, { shape, options, steps });
      const ours = await runScenario(api, { shape, options, steps });
      expect(ours.transcript).toEqual(theirs.transcript);
      // A browser's cookies from either implementation open in the other.
      if (Object.keys(theirs.cookies).some((name) => name.startsWith("test"))) {
        const readSteps = [["save"]];
        const crossOurs = await runScenario(api, { shape, options, cookies: theirs.cookies, steps: readSteps });
        const crossTheirs = await runScenario(ironSession, { shape, options, cookies: ours.cookies, steps: readSteps });
        expect(JSON.parse(crossOurs.transcript.session)).toEqual({ d: "x".repeat(size) });
        expect(JSON.parse(crossTheirs.transcript.session)).toEqual({ d: "x".repeat(size) });
        expect(crossOurs.transcript).toEqual(crossTheirs.transcript);
      }
    });

    test("a session that shrinks from three chunks to one expires the stale chunks", async () => {
      const options = { ...base, chunk: true };
      const big = await runScenario(ironSession, { shape, options, steps: [["set", "d", "x".repeat(9000)], ["save"]] });
      const steps = [["set", "d", "small"], ["save"]];
      const theirs = await runScenario(ironSession, { shape, options, cookies: big.cookies, steps });
      const ours = await runScenario(api, { shape, options, cookies: big.cookies, steps });
      expect(ours.transcript).toEqual(theirs.transcript);
    });

    test("a cookie name that leaves no room for data is refused with its size", async () => {
      const options = { ...base, cookieName: "n".repeat(4050), chunk: true };
      const steps = [["set", "d", "x"], ["save"]];
      const theirs = await runScenario(ironSession, { shape, options, steps });
      expect(theirs.transcript.steps[1][1]).toMatch(/leaves no room for session data/);
      expect((await runScenario(api, { shape, options, steps })).transcript).toEqual(theirs.transcript);
    });

    test("a chunked session saved without chunk: true names the mismatch", async () => {
      const big = await runScenario(ironSession, {
        shape,
        options: { ...base, chunk: true },
        steps: [["set", "d", "x".repeat(9000)], ["save"]],
      });
      const steps = [["set", "d", "y".repeat(9000)], ["save"], ["destroy"]];
      const theirs = await runScenario(ironSession, { shape, options: base, cookies: big.cookies, steps });
      const ours = await runScenario(api, { shape, options: base, cookies: big.cookies, steps });
      expect(ours.transcript).toEqual(theirs.transcript);
    });
  });

  describe.each(SHAPES)("reading cookies on the %s shape", (shape) => {
    test("a cookie sealed by each opens in the other, and save refreshes it", async () => {
      const options = { ...base, password: { 1: P1, 2: P2 } };
      const login = [["set", "user", { id: 7, name: "Zoë" }], ["save"]];
      const theirs = await runScenario(ironSession, { shape, options, steps: login });
      const ours = await runScenario(api, { shape, options, steps: login });
      const steps = [["set", "visits", 1], ["save"]];
      const oursReadsTheirs = await runScenario(api, { shape, options, cookies: theirs.cookies, steps });
      const theirsReadsOurs = await runScenario(ironSession, { shape, options, cookies: ours.cookies, steps });
      expect(JSON.parse(oursReadsTheirs.transcript.session)).toEqual({ user: { id: 7, name: "Zoë" } });
      expect(oursReadsTheirs.transcript).toEqual(theirsReadsOurs.transcript);
    });

    const badCookies = {
      "no cookie": {},
      "empty value": { test: "" },
      garbage: { test: "garbage" },
      "quoted seal": { test: '"Fe26.2*1*a*b*c**d*e~2"' },
      "wrong prefix": { test: "Fe26.1*1*a*b*c**d*e~2" },
      "unknown password id": { test: "Fe26.2*7*a*b*c**d*e~2" },
      "prototype password id": { test: "Fe26.2*__proto__*a*b*c**d*e~2" },
      "constructor password id": { test: "Fe26.2*constructor*a*b*c**d*e~2" },
      "bad expiration": { test: "Fe26.2*1*a*b*c*01*d*e~2" },
      expired: { test: "Fe26.2*1*a*b*c*1000*d*e~2" },
      "duplicate names, garbage first": { test: "garbage" },
      "gap in chunks": { "test.0": "Fe26.2*1*a", "test.2": "b*c**d*e~2" },
    };
    test.each(Object.keys(badCookies))("%s: an empty session, the same reason", async (key) => {
      const scenario = { shape, options: base, cookies: badCookies[key], steps: [["set", "user", 1], ["save"]] };
      const theirs = await runScenario(ironSession, scenario);
      const ours = await runScenario(api, scenario);
      expect(ours.transcript.session).toBe("{}");
      expect(ours.transcript).toEqual(theirs.transcript);
    });
  });

  test("updateConfig: a new name, ttl and password apply to later saves; bad options keep the old config", async () => {
    for (const shape of SHAPES) {
      const steps = [
        ["set", "user", 1],
        ["updateConfig", { cookieName: "renamed", password: { 3: P2 }, ttl: 120 }],
        ["save"],
        ["updateConfig", { cookieName: "x", password: "short" }],
        ["save"],
        ["updateConfig", { cookieName: "", password: P1 }],
        ["destroy"],
      ];
      const theirs = await runScenario(ironSession, { shape, options: base, steps });
      const ours = await runScenario(api, { shape, options: base, steps });
      expect(ours.transcript).toEqual(theirs.transcript);
    }
  });
});
