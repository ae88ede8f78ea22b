// The cookie codec against cookie@2.0.2, the library iron-session 9.0.1 uses.
import { describe, expect, test } from "vitest";
import { createRequire } from "node:module";
import fc from "fast-check";
import { asObject, oracleParse, oracleSerialize, outcome } from "./helpers/cookie-oracle.mjs";

const require = createRequire(import.meta.url);
const { parseCookieHeader, serializeSetCookie } = require("../lib/cookie.cjs");

describe("Cookie header parsing", () => {
  const cases = [
    "",
    "a",
    "a=1",
    "a=1; b=2",
    "a=1;b=2;;c=3",
    " \ta = 1 \t; b=2",
    "a=1; a=2",
    "a=garbage; a=Fe26.2*real",
    'test="Fe26.2*quoted~2"',
    "x=%E2%9C%93; y=%zz; z=100%",
    "novalue; a=1",
    "a=1; novalue; b=2",
    "=empty-name; a=1",
    "a=; b=2",
    "__proto__=1; constructor=2; toString=3",
    "a=b=c; d=e",
    "a=1;\nb=2",
    "sess.0=one; sess.1=two; sess=whole",
  ];
  test.each(cases)("%j parses as cookie@2 does", (header) => {
    expect(asObject(parseCookieHeader(header))).toEqual(oracleParse(header));
  });

  test("any header string parses as cookie@2 does (property test)", () => {
    const piece = fc.constantFrom("a", "b", "=", ";", " ", "\t", "%", "%41", "%E2", '"', "__proto__", "é", "x");
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }).map((parts) => parts.join("")),
        (header) => {
          expect(asObject(parseCookieHeader(header))).toEqual(oracleParse(header));
        },
      ),
      { numRuns: 3000 },
    );
  });

  test("a non-string header is an empty cookie list, not a crash", () => {
    expect(parseCookieHeader(undefined).size).toBe(0);
    expect(parseCookieHeader(["a=1"]).size).toBe(0);
  });
});

describe("Set-Cookie serialization", () => {
  const date = new Date(Date.UTC(2099, 0, 2, 3, 4, 5));
  const optionSets = [
    {},
    { maxAge: 0 },
    { maxAge: undefined, path: "/" },
    { maxAge: 1209540, path: "/", httpOnly: true, secure: true, sameSite: "lax" },
    {
      maxAge: 60,
      domain: "example.com",
      path: "/app",
      expires: date,
      httpOnly: true,
      secure: true,
      partitioned: true,
      priority: "high",
      sameSite: "strict",
    },
    { sameSite: true },
    { sameSite: false },
    { sameSite: "None" },
    { sameSite: "bogus" },
    { priority: "LOW" },
    { priority: "Medium" },
    { priority: "urgent" },
    { priority: 1 },
    { maxAge: 1.5 },
    { maxAge: null },
    { maxAge: "0" },
    { maxAge: NaN },
    { domain: ".example.com" },
    { domain: "example.com." },
    { domain: "exa mple.com" },
    { domain: "a.b\r\nSet-Cookie: x=1" },
    { path: "/a;b" },
    { path: "/a\r\nX: y" },
    { expires: new Date(NaN) },
    { expires: new Date("+010000-01-01T00:00:00.000Z") },
    { expires: new Date("1600-12-31T23:59:59.000Z") },
    { expires: 123 },
    { expires: "tomorrow" },
  ];
  const names = ["test", "a:b", "a b", "sés", "x\r\ny", "a;b", "a=b", "", "__Host-s"];
  const values = ["", "Fe26.2*1*abc*def-_~2", "a b", "ü", "%", 'q"', "a;b"];

  test.each(optionSets.map((o) => [o]))("options %o serialize as cookie@2 does", (options) => {
    for (const name of names) {
      for (const value of values) {
        expect(outcome(() => serializeSetCookie(name, value, options))).toEqual(
          outcome(() => oracleSerialize(name, value, options)),
        );
      }
    }
  });

  test("no header injection: CR, LF and ';' never reach the header unencoded", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (name, value, path, domain) => {
        const result = outcome(() => serializeSetCookie(name, value, { path, domain }));
        expect(result).toEqual(outcome(() => oracleSerialize(name, value, { path, domain })));
        if (result.value !== undefined) expect(result.value).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 2000 },
    );
  });

  test("every serialized header is ASCII, so its length is its size in UTF-8 bytes", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        fc.string({ unit: "grapheme" }),
        fc.string({ unit: "grapheme" }),
        (name, value, path) => {
          const header = outcome(() => serializeSetCookie(name, value, { path }));
          if (header.value === undefined) return;
          expect(header.value.length).toBe(new TextEncoder().encode(header.value).length);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
