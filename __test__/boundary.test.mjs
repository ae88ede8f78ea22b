// The addon's strings in and out (src/text.rs): arguments are read as UTF-8 in
// one pass, results are created as one-byte strings when they are ASCII or
// Latin-1 and as UTF-16 otherwise. Whatever the path, the text that comes out of
// unseal must be what TextDecoder makes of the UTF-8 that went into seal (lone
// surrogates become U+FFFD, a leading BOM is dropped), and seals must be ASCII.
import { describe, expect, test } from "vitest";
import { createRequire } from "node:module";
import fc from "fast-check";

const require = createRequire(import.meta.url);
const binding = require("../binding.cjs");
const PASSWORD = "complex_password_at_least_32_characters_long";

const roundTrip = (text) => binding.unseal(binding.seal(text, "1", PASSWORD, ""), PASSWORD, Date.now());
const expected = (text) => new TextDecoder().decode(Buffer.from(text, "utf8"));

describe("strings across the Node-API boundary", () => {
  const edges = [
    "",
    "a",
    "ascii, longer than eight bytes",
    "\u007f\u0080\u00ff",
    "\u0100",
    "é".repeat(9),
    "12345678é12345678ÿ",
    "1234567€",
    "😀",
    "x".repeat(7) + "😀",
    "\ud800",
    "a\udc00b",
    "\ufeff{}",
    "\u0000\u2028\u2029",
    "Zoë 😀 日本語 — ñ",
    "é".repeat(3000),
    "中".repeat(3000),
  ];
  test.each(edges.map((text) => [JSON.stringify(text).slice(0, 40), text]))("%s", (_label, text) => {
    expect(roundTrip(text)).toBe(expected(text));
  });

  test("any text, including lone surrogates", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 64 }), (text) => {
        expect(roundTrip(text)).toBe(expected(text));
      }),
      { numRuns: 2000 },
    );
  });

  test("seals are ASCII, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 32 }), (text) => {
        expect(binding.seal(text, "1", PASSWORD, "")).toMatch(/^[\x21-\x7e]+$/);
      }),
      { numRuns: 300 },
    );
  });

  test("a seal given with non-ASCII characters is still checked as text", () => {
    const seal = binding.seal("{}", "1", PASSWORD, "");
    // One character changed to a non-ASCII one whose low byte is the original's.
    const at = seal.lastIndexOf("*") + 5;
    const aliased = seal.slice(0, at) + String.fromCharCode(0x100 + seal.charCodeAt(at)) + seal.slice(at + 1);
    expect(() => binding.unseal(aliased, PASSWORD, Date.now())).toThrow("Bad hmac value");
    expect(binding.unseal(seal, PASSWORD, Date.now())).toBe("{}");
  });
});
