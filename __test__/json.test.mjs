// lib/json.cjs takes shortcuts through iron-webcrypto 2.0.0's lossless-JSON check
// (Object.getOwnPropertyNames/Symbols and Object.keys instead of Reflect.ownKeys
// and a descriptor per key; an array or Set instead of a WeakSet). This checks that
// the answers, the JSON text and the getters' calls (which, in which order) are
// those of iron-webcrypto's own code (the real package), on generated values with getters,
// non-enumerable and symbol keys, null prototypes, Dates, holes and shared objects.
import { describe, expect, test } from "vitest";
import { createRequire } from "node:module";
import fc from "fast-check";
import * as ironWebcrypto from "iron-webcrypto";

const require = createRequire(import.meta.url);
const { stringifyLossless } = require("../lib/json.cjs");

const PASSWORD = "a-password-of-at-least-32-characters";

/**
 * iron-webcrypto 2.0.0's own lossless check, reached through its `seal` (which runs it on the data
 * first): the JSON text it seals, or undefined where it refuses the data.
 */
async function reference(data) {
  let sealed;
  try {
    sealed = await ironWebcrypto.seal(data, PASSWORD, ironWebcrypto.defaults);
  } catch (error) {
    if (error.message === "Data is not JSON serializable") return undefined;
    throw error;
  }
  return ironWebcrypto.unseal(sealed, PASSWORD, { ...ironWebcrypto.defaults, decode: (text) => text });
}

// A recipe is plain data; `build` turns it into a value, twice, so that each
// implementation gets its own objects and its own log of getter calls.
const { recipe } = fc.letrec((tie) => ({
  recipe: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(
      fc.constantFrom(null, true, false, undefined, NaN, Infinity, -0, 0, 1.5, "", "é😀"),
      fc.string({ maxLength: 4 }),
      fc.integer(),
      fc.record({ kind: fc.constant("ref"), back: fc.nat(8) }),
      fc.record({ kind: fc.constant("special"), which: fc.constantFrom("date", "map", "fn", "symbol", "bigint") }),
    ),
    fc.record({ kind: fc.constant("array"), items: fc.array(tie("recipe"), { maxLength: 4 }), hole: fc.boolean() }),
    fc.record({
      kind: fc.constant("object"),
      nullProto: fc.boolean(),
      cycle: fc.boolean(),
      entries: fc.array(
        fc.record({
          key: fc.constantFrom("a", "b", "c", "0", "1", "10", "__proto__", "toJSON"),
          how: fc.constantFrom("data", "data", "data", "getter", "hidden", "symbol", "throwing"),
          value: tie("recipe"),
        }),
        { maxLength: 5 },
      ),
    }),
  ),
}));

function build(r, log, pool = []) {
  if (r === null || typeof r !== "object") return r;
  if (r.kind === "ref") return pool.length ? pool[r.back % pool.length] : 0;
  if (r.kind === "special") {
    return { date: new Date(0), map: new Map(), fn: () => 1, symbol: Symbol("s"), bigint: 1n }[r.which];
  }
  if (r.kind === "array") {
    const array = r.items.map((item) => build(item, log, pool));
    if (r.hole) array.length += 1;
    pool.push(array);
    return array;
  }
  const obj = r.nullProto ? Object.create(null) : {};
  pool.push(obj);
  r.entries.forEach(({ key, how, value }, index) => {
    const v = build(value, log, pool);
    if (how === "data")
      Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
    else if (how === "hidden") Object.defineProperty(obj, key, { value: v, enumerable: false, configurable: true });
    else if (how === "symbol") obj[Symbol(key)] = v;
    else {
      Object.defineProperty(obj, key, {
        enumerable: true,
        configurable: true,
        get() {
          log.push(`${index}:${key}`);
          if (how === "throwing") throw new Error("getter");
          return v;
        },
      });
    }
  });
  if (r.cycle) obj.self = obj;
  return obj;
}

describe("stringifyLossless is iron-webcrypto 2.0.0's check", () => {
  test("same JSON text (or refusal) and the same getter calls, on generated values", async () => {
    await fc.assert(
      fc.asyncProperty(recipe, async (r) => {
        const ours = [];
        const theirs = [];
        const a = stringifyLossless(build(r, ours));
        const b = await reference(build(r, theirs));
        expect(a).toBe(b);
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 3000 },
    );
  });

  test("known cases", async () => {
    const arguments_ = (function () {
      // biome-ignore lint/complexity/noArguments: an arguments object is one of the inputs
      return arguments;
    })(1, 2);
    const shared = { v: 1 };
    for (const value of [
      { a: 1 },
      [1, 2],
      { d: new Date(0) },
      // biome-ignore lint/suspicious/noSparseArray: a hole is one of the inputs
      [1, , 3],
      { n: NaN },
      { u: undefined },
      Object.defineProperty({ a: 1 }, "h", { value: 2 }),
      { [Symbol("k")]: 1, a: 2 },
      arguments_,
      { a: shared, b: [shared, shared] },
      Object.create(null),
      "text",
      42,
      null,
      undefined,
    ]) {
      expect(stringifyLossless(value)).toBe(await reference(value));
    }
  });
});
