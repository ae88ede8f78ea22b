// Property fuzzing of the cookie codec (lib/cookie.cjs) with fast-check,
// beyond __test__/cookie.test.mjs: any text at all as a Cookie header, option
// values of every type from the generator, header injection, and
// parse(serialize(cookie)) round trips. cookie@2.0.2 (what iron-session 9.0.1
// uses) is the oracle. FUZZ_RUNS_SCALE multiplies the run counts.
import { describe, expect, test } from "vitest";
import { createRequire } from "node:module";
import fc from "fast-check";
import { asObject, oracleParse, oracleSerialize, outcome } from "../helpers/cookie-oracle.mjs";
import { cookieNoise, runs } from "./common.mjs";

const require = createRequire(import.meta.url);
const { parseCookieHeader, serializeSetCookie } = require("../../lib/cookie.cjs");

/** Cookie names cookie@2 accepts: visible ASCII but `;` and `=`. */
const validName = fc.string({
  unit: fc.constantFrom(..."!#$%&'()*+-.0123456789:<>?@ABCXYZ[]^_`abcxyz{|}~\"/,\\"),
  minLength: 1,
  maxLength: 12,
});
/** Mostly a good value, sometimes a hostile or mistyped one. */
const mostly = (good, bad) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
/** Any name, valid or not. */
const anyName = mostly(
  validName,
  fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    fc.constantFrom("a b", "a;b", "a=b", "a\r\nb", "é", "", "__proto__", "constructor"),
  ),
);
/** Values: seals, text of every kind, lone surrogates included. */
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.constantFrom("Fe26.2*1*abc*def-_~2", "", "%", "%41", '"q"', "a;b", "a=b", " lead", "trail ", "\ud800"),
);
const wellFormedValue = anyValue.filter((v) => v.isWellFormed());

/** Every option, with values of every type. */
const anything = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant({}),
  fc.constant([]),
);
const options = fc.record(
  {
    maxAge: mostly(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.oneof(fc.double(), fc.constantFrom(1.5, Number.MAX_SAFE_INTEGER, 2 ** 53, NaN, Infinity, "60", null, true)),
    ),
    domain: mostly(
      fc.oneof(fc.domain(), fc.constantFrom("example.com", ".example.com")),
      fc.oneof(
        fc.constantFrom("a..b", "evil.com; Secure", "x\r\ny", "exämple.com", `${"a".repeat(64)}.com`),
        fc.string(),
        anything,
      ),
    ),
    path: mostly(
      fc.oneof(fc.webPath(), fc.constantFrom("/", "")),
      fc.oneof(fc.constantFrom("/a;b", "/\r\nX: 1", "/é", "/\u007f"), fc.string(), anything),
    ),
    expires: mostly(
      fc.date({ min: new Date("1601-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
      fc.oneof(
        fc.date({ noInvalidDate: false }),
        fc.constantFrom(new Date(NaN), new Date("+010000-01-01T00:00:00Z"), new Date(-1e13)),
        fc.integer(),
        fc.string(),
      ),
    ),
    httpOnly: mostly(fc.boolean(), anything),
    secure: mostly(fc.boolean(), anything),
    partitioned: mostly(fc.boolean(), anything),
    priority: mostly(
      fc.constantFrom("low", "Medium", "HIGH", undefined),
      fc.oneof(fc.constantFrom("urgent", "high; x"), anything),
    ),
    sameSite: mostly(
      fc.constantFrom(true, false, "lax", "Strict", "NONE", undefined),
      fc.oneof(fc.constantFrom("bogus", "lax; Secure"), anything),
    ),
  },
  { requiredKeys: [] },
);

/** One cookie pair, then only known attributes, each free of `;` and line breaks. */
const ATTRIBUTE =
  /^(Max-Age=-?\d+|Domain=[A-Za-z0-9.-]+|Path=[\x20-\x3a\x3c-\x7e]*|Expires=[A-Za-z]{3}, \d\d [A-Za-z]{3} \d{4} \d\d:\d\d:\d\d GMT|HttpOnly|Secure|Partitioned|Priority=(Low|Medium|High)|SameSite=(Strict|Lax|None))$/;

describe("Cookie header parser, fuzzed against cookie@2", () => {
  test("any text parses as cookie@2 parses it", () => {
    fc.assert(
      fc.property(
        fc.array(cookieNoise(fc), { maxLength: 60 }).map((parts) => parts.join("")),
        (header) => {
          expect(asObject(parseCookieHeader(header))).toEqual(oracleParse(header));
        },
      ),
      { numRuns: runs(3000) },
    );
  });

  test("headers of many cookies: the first occurrence of a name wins, prototype names are plain keys", () => {
    const pair = fc.tuple(
      fc.oneof(validName, fc.constantFrom("__proto__", "constructor", "toString", "test", "test.0", "test.1")),
      anyValue,
    );
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 30 }), fc.constantFrom("; ", ";", " ; ", ";\t"), (pairs, separator) => {
        const header = pairs.map(([n, v]) => `${n}=${v}`).join(separator);
        const parsed = parseCookieHeader(header);
        expect(asObject(parsed)).toEqual(oracleParse(header));
        expect(Object.getPrototypeOf(parsed)).toBe(Map.prototype);
        expect({}.polluted).toBeUndefined();
      }),
      { numRuns: runs(2000) },
    );
  });

  // A parse that went quadratic or hung would fail by the test timeout; no speed is asserted.
  test("huge and pathological headers parse as cookie@2 parses them", () => {
    const inputs = [
      ";".repeat(100_000),
      "=".repeat(100_000),
      "a".repeat(100_000),
      "a=1; ".repeat(20_000),
      "%".repeat(50_000) + "=" + "%".repeat(50_000),
      " \t".repeat(50_000) + "=x",
      Array.from({ length: 10_000 }, (_, i) => `c${i}=${"%E0%A4%A".repeat(3)}`).join("; "),
    ];
    for (const header of inputs) {
      expect(asObject(parseCookieHeader(header))).toEqual(oracleParse(header));
    }
  });
});

describe("Set-Cookie serializer, fuzzed against cookie@2", () => {
  test("any name, value and options: the same header or the same error as cookie@2", () => {
    fc.assert(
      fc.property(anyName, anyValue, options, (name, value, opts) => {
        expect(outcome(() => serializeSetCookie(name, value, opts))).toEqual(
          outcome(() => oracleSerialize(name, value, opts)),
        );
      }),
      { numRuns: runs(5000) },
    );
  });

  test("no injection: a header is one cookie pair and known attributes, with no CR, LF, NUL or stray ';'", () => {
    let serialized = 0;
    fc.assert(
      fc.property(anyName, anyValue, options, (name, value, opts) => {
        const result = outcome(() => serializeSetCookie(name, value, opts));
        if (result.value === undefined) return;
        serialized++;
        const header = result.value;
        expect(header).not.toMatch(/[\r\n\0]/);
        const [pair, ...attributes] = header.split("; ");
        expect(pair.startsWith(`${name}=`)).toBe(true);
        expect(pair.slice(name.length + 1)).not.toMatch(/[;\s",\\]/);
        for (const attribute of attributes) expect(attribute).toMatch(ATTRIBUTE);
        expect(new Set(attributes.map((a) => a.split("=")[0])).size).toBe(attributes.length);
        expect(header.length).toBe(Buffer.byteLength(header));
      }),
      { numRuns: runs(5000) },
    );
    // Enough of the generated cases make it through the checks to mean something.
    expect(serialized).toBeGreaterThan(runs(5000) / 20);
  });

  test("parse(serialize(cookie)) gives the cookie back", () => {
    fc.assert(
      fc.property(validName, wellFormedValue, options, (name, value, opts) => {
        const header = outcome(() => serializeSetCookie(name, value, opts));
        if (header.value === undefined) return; // an option was refused, as by cookie@2 (checked above)
        const pair = header.value.split("; ")[0];
        expect(parseCookieHeader(pair).get(name)).toBe(value);
        expect(oracleParse(pair)[name]).toBe(value);
      }),
      { numRuns: runs(3000) },
    );
  });

  test("several serialized cookies in one Cookie header all come back", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(validName, wellFormedValue), { selector: ([n]) => n, maxLength: 20 }),
        (pairs) => {
          const header = pairs.map(([n, v]) => serializeSetCookie(n, v, {})).join("; ");
          const parsed = parseCookieHeader(header);
          for (const [n, v] of pairs) expect(parsed.get(n)).toBe(v);
          expect(parsed.size).toBe(pairs.length);
        },
      ),
      { numRuns: runs(2000) },
    );
  });

  test("a value with a lone surrogate is refused exactly as cookie@2 refuses it", () => {
    for (const value of ["\ud800", "a\udfffb", "\ud83d"]) {
      const ours = outcome(() => serializeSetCookie("n", value, {}));
      expect(ours.error).toMatch(/^URIError/);
      expect(ours).toEqual(outcome(() => oracleSerialize("n", value, {})));
    }
  });
});
