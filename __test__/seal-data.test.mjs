// sealData / unsealData (and the sync forms) on both seal backends: known answers,
// tampered and expired seals, interop with the real iron-session 9.0.1 and 8.0.4,
// errors, and hostile input.
import { afterEach, describe, expect, test, vi } from "vitest";
import * as iron9 from "iron-session";
import * as iron8 from "iron-session-8";
import { implementations, native, webcrypto } from "./helpers/implementations.mjs";
import { loadVectors, PASSWORD } from "./helpers/vectors.mjs";

const kats = loadVectors("seal-kat.json");
const tampered = loadVectors("tampered.json");
const expired = loadVectors("expired.json").filter((c) => c.id.endsWith("@iron-session@9.0.1"));

afterEach(() => vi.restoreAllMocks());

/**
 * Sets Date.now to the clock a vector's expected outcome was observed at, so the
 * outcome holds on any date (some vectors were measured at the real clock).
 */
function useClockOf(vector) {
  const now = vector.unseal_now_ms ?? vector.expected_observed_at_ms ?? vector.created_at_ms;
  if (typeof now !== "number") throw new Error(`vector ${vector.id} records no clock`);
  vi.spyOn(Date, "now").mockReturnValue(now);
}

/** unsealData that also reports the reason and message given to onUnsealError. */
async function open(unsealData, seal, password) {
  let failure;
  const data = await unsealData(seal, {
    password,
    onUnsealError: (reason, error) => (failure = { reason, error: error.message }),
  });
  return { data, ...failure };
}

const shapes = {
  "small session": { user: { id: 1, name: "Alice", admin: true } },
  unicode: { name: "Zoë 😀 日本語 — ñ", rtl: "שלום", combining: "e\u0301" },
  emoji: { e: "👩‍👩‍👧‍👦🏳️‍🌈", keys: { "🔑": "🔒" } },
  nested: { a: { b: { c: { d: { e: { f: [1, [2, [3]]] } } } } } },
  "integer-like keys": { 2: "two", 10: "ten", b: 1, a: 2, "-1": "m", "01": "z" },
  "special numbers": { negativeZero: -0, big: 1e21, tiny: 5e-7, max: Number.MAX_SAFE_INTEGER, frac: 0.1 + 0.2 },
  "escapes and separators": { s: '\u0000"\\\n\u2028\u2029</script>' },
  "near the 4096-byte cookie limit": { d: "x".repeat(2839) },
  "a 3 KB mixed session": {
    user: { id: 42, email: "zoe@example.com" },
    cart: Array.from({ length: 30 }, (_, i) => ({ sku: `SKU-${i}`, qty: i % 5, title: `Item ${i} — ünïcödé` })),
  },
};

describe.each(Object.entries(implementations))("%s backend", (_name, api) => {
  test("reproduces nothing it should not: every seal is fresh", async () => {
    const a = await api.sealData({ a: 1 }, { password: PASSWORD });
    const b = await api.sealData({ a: 1 }, { password: PASSWORD });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^Fe26\.2\*1\*[0-9a-f]{64}\*[\w-]{22}\*[\w-]+\*\d{13}\*[0-9a-f]{64}\*[\w-]{43}~2$/);
  });

  describe("known-answer seals open with the clock they were made at", () => {
    test.each(kats.map((c) => [c.id, c]))("%s", async (_id, kat) => {
      vi.spyOn(Date, "now").mockReturnValue(kat.now_ms);
      const result = await open(api.unsealData, kat.seal, kat.password);
      expect(result).toEqual({ data: JSON.parse(kat.inputs.plaintext_json) });
    });
  });

  describe("tampered and foreign seals: 9.0.1's outcome and reason (D2: only canonical digests)", () => {
    test.each(tampered.map((c) => [c.id, c]))("%s", async (_id, vector) => {
      useClockOf(vector);
      const expected = vector.expected["iron-session@9.0.1"].unsealData;
      const result = await open(api.unsealData, vector.seal, vector.password);
      if (vector.hmac_digest_leniency && expected.outcome === "ok") {
        expect(result).toEqual({ data: {}, reason: "invalid", error: "Bad hmac value" });
      } else if (expected.outcome === "ok") {
        expect(result).toEqual({ data: expected.data });
      } else {
        expect(result).toEqual({ data: {}, reason: expected.reason, error: expected.error });
      }
    });
  });

  describe("expiry boundaries", () => {
    test.each(expired.map((c) => [c.id, c]))("%s", async (_id, vector) => {
      useClockOf(vector);
      const expected = vector.expected["iron-session@9.0.1"].unsealData;
      const result = await open(api.unsealData, vector.seal, vector.password);
      expect(result).toEqual(
        expected.outcome === "ok" ? { data: expected.data } : { data: {}, reason: "expired", error: "Expired seal" },
      );
    });
  });

  describe.each(Object.entries(shapes))("interop: %s", (_label, data) => {
    const expected = JSON.parse(JSON.stringify(data)); // -0 is written 0
    const password = { 1: PASSWORD, 2: "another-password-at-least-32-characters" };
    test("ours opens in iron-session 9.0.1 and 8.0.4", async () => {
      const seal = await api.sealData(data, { password });
      expect(await iron9.unsealData(seal, { password })).toEqual(expected);
      expect(await iron8.unsealData(seal, { password })).toEqual(expected);
    });
    test("theirs open here", async () => {
      expect(await api.unsealData(await iron9.sealData(data, { password }), { password })).toEqual(expected);
      expect(await api.unsealData(await iron8.sealData(data, { password }), { password })).toEqual(expected);
    });
    test("same plaintext, same length as 9.0.1 with the same clock", async () => {
      vi.spyOn(Date, "now").mockReturnValue(1_700_000_000_000);
      const ours = await api.sealData(data, { password, ttl: 3600 });
      const theirs = await iron9.sealData(data, { password, ttl: 3600 });
      expect(ours.length).toBe(theirs.length);
      expect(ours.split("*")[5]).toBe(theirs.split("*")[5]);
    });
  });

  test("password rotation: the highest numeric id seals, the seal's id picks the password", async () => {
    const old = await api.sealData({ v: 1 }, { password: { 1: PASSWORD } });
    const rotated = {
      1: PASSWORD,
      2: "a-newer-password-of-at-least-32-chars",
      10: "the-newest-password-is-id-ten-not-two",
    };
    const fresh = await api.sealData({ v: 2 }, { password: rotated });
    expect(fresh.split("*")[1]).toBe("10");
    expect(await api.unsealData(old, { password: rotated })).toEqual({ v: 1 });
    expect(await api.unsealData(fresh, { password: rotated })).toEqual({ v: 2 });
    expect(await open(api.unsealData, fresh, PASSWORD)).toEqual({
      data: {},
      reason: "unknown-password",
      error: "Cannot find password: 10",
    });
  });

  test("ttl 0 seals never expire; fractional ttl makes a seal that never opens, as in 9.0.1", async () => {
    vi.spyOn(Date, "now").mockReturnValue(0);
    const forever = await api.sealData({ a: 1 }, { password: PASSWORD, ttl: 0 });
    expect(forever.split("*")[5]).toBe("");
    const fractional = await api.sealData({ a: 1 }, { password: PASSWORD, ttl: 0.0001 });
    expect(fractional.split("*")[5]).toBe("0.1");
    Date.now.mockReturnValue(1e15);
    expect(await api.unsealData(forever, { password: PASSWORD })).toEqual({ a: 1 });
    expect(await open(api.unsealData, fractional, PASSWORD)).toEqual({
      data: {},
      reason: "invalid",
      error: "Invalid expiration",
    });
  });

  test("sealData copies the top level as 9.0.1 does: arrays become objects, primitives pass", async () => {
    for (const data of [
      [1, 2],
      "hello",
      42,
      true,
      null,
      new (class P {
        x = 1;
      })(),
    ]) {
      const ours = await api.sealData(data, { password: PASSWORD });
      const theirs = await iron9.sealData(data, { password: PASSWORD });
      expect(await api.unsealData(ours, { password: PASSWORD })).toEqual(
        await iron9.unsealData(theirs, { password: PASSWORD }),
      );
    }
  });

  test("errors match 9.0.1 message for message", async () => {
    const cases = [
      [{ a: 1 }, { password: "short" }],
      [{ a: 1 }, { password: {} }],
      [{ a: 1 }, { password: { "01": PASSWORD } }],
      [{ a: 1 }, { password: { "-1": PASSWORD } }],
      [{ a: 1 }, { password: { 1: "" } }],
      [{ a: 1 }, { password: { 1: 42 } }],
      [{ when: new Date() }, { password: PASSWORD }],
      [{ deep: { er: { still: { n: 1n } } } }, { password: PASSWORD }],
      [{ f: () => 1 }, { password: PASSWORD }],
      [{ s: Symbol("x") }, { password: PASSWORD }],
      [{ list: [1, undefined] }, { password: PASSWORD }],
      [{ [Symbol("k")]: 1 }, { password: PASSWORD }],
      [undefined, { password: PASSWORD }],
      [{ m: new Map() }, { password: "short" }],
      [{ a: 1 }, { password: { "-1": "short" } }],
    ];
    const cyclic = { a: {} };
    cyclic.a.self = cyclic;
    cases.push([cyclic, { password: PASSWORD }]);
    for (const [data, options] of cases) {
      const theirs = await iron9.sealData(data, options).then(
        () => "resolved",
        (e) => e.message,
      );
      const ours = await api.sealData(data, options).then(
        () => "resolved",
        (e) => e.message,
      );
      expect(ours).toBe(theirs);
    }
  });

  test("the JSON error keeps the original error as its cause", async () => {
    const error = await api.sealData({ d: new Date() }, { password: PASSWORD }).catch((e) => e);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause.message).toBe("Data is not JSON serializable");
  });

  test("unsealData rejects only for a non-string seal or missing options, as 9.0.1 does", async () => {
    for (const seal of [undefined, null, 42, {}]) {
      const theirs = await iron9.unsealData(seal, { password: PASSWORD }).then(
        () => "resolved",
        (e) => e.constructor.name,
      );
      const ours = await api.unsealData(seal, { password: PASSWORD }).then(
        () => "resolved",
        (e) => e.constructor.name,
      );
      expect(ours).toBe(theirs);
      expect(ours).toBe("TypeError");
    }
    await expect(api.unsealData("x")).rejects.toThrow(TypeError);
  });

  test("an exception in onUnsealError propagates", async () => {
    const boom = new Error("hook");
    await expect(
      api.unsealData("garbage", {
        password: PASSWORD,
        onUnsealError: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
  });

  test("sealData rejects a ttl that is not a finite number >= 0, naming the option (D8)", async () => {
    for (const ttl of [NaN, "abc", "3600", Infinity, -Infinity, -1, -0.5, null, true, {}, []]) {
      await expect(api.sealData({ a: 1 }, { password: PASSWORD, ttl }), String(ttl)).rejects.toThrow(
        /ttl must be a finite number/,
      );
    }
    // 9.0.1 seals NaN into a seal that never expires: the silent failure D8 removes.
    const immortal = await iron9.sealData({ a: 1 }, { password: PASSWORD, ttl: NaN });
    expect(immortal.split("*")[5]).toBe("");
    for (const ttl of [undefined, 0, 0.5, 60, 3600]) {
      expect(
        await api.unsealData(await api.sealData({ a: 1 }, { password: PASSWORD, ttl }), { password: PASSWORD }),
      ).toEqual({ a: 1 });
    }
  });

  test("a polluted Object.prototype supplies no password", async () => {
    const foreign = "a-password-the-attacker-chose-32+chars";
    const seal = await iron9.sealData({ admin: true }, { password: { 7: foreign } });
    Object.prototype[7] = foreign;
    try {
      // 9.0.1 finds the inherited entry and opens the attacker's seal.
      expect(await iron9.unsealData(seal, { password: { 1: PASSWORD } })).toEqual({ admin: true });
      const reasons = [];
      expect(await api.unsealData(seal, { password: { 1: PASSWORD }, onUnsealError: (r) => reasons.push(r) })).toEqual(
        {},
      );
      expect(reasons).toEqual(["invalid"]);
    } finally {
      delete Object.prototype[7];
    }
  });

  test("the password id echoed by 'Cannot find password' has its control characters escaped", async () => {
    const sealed = await api.sealData({ a: 1 }, { password: PASSWORD });
    const body = sealed.slice(0, sealed.indexOf("~"));
    for (const [id, shown] of [
      ["9", "9"],
      ["default_2", "default_2"],
      ["a\r\nSet-Cookie: x", "a\\u000d\\u000aSet-Cookie: x"],
      ["\u0000\u007f", "\\u0000\\u007f"],
    ]) {
      const seal = body.replace("Fe26.2*1*", `Fe26.2*${id}*`);
      expect(await open(api.unsealData, seal, PASSWORD)).toEqual({
        data: {},
        reason: "unknown-password",
        error: `Cannot find password: ${shown}`,
      });
    }
  });

  test("the suffix selects no code path: a {persistent, flash} payload reads as it decrypts with any suffix (D3)", async () => {
    const cut = (seal) => seal.slice(0, seal.indexOf("~"));
    // Stripping "~2" from a genuine cookie whose only key is `persistent` must not reshape it.
    for (const payload of [
      { persistent: { role: "user" } },
      { persistent: { user: { id: 77 } }, flash: {} },
      { user: 1 },
    ]) {
      const body = cut(await api.sealData(payload, { password: PASSWORD }));
      for (const suffix of ["", "~", "~1", "~2", "~9"]) {
        const ours = await api.unsealData(body + suffix, { password: PASSWORD });
        expect(ours, suffix).toEqual(payload);
        expect(ours, suffix).toEqual(await iron9.unsealData(body + suffix, { password: PASSWORD }));
      }
    }
  });

  // A hang fails by the test timeout; no speed is asserted (the machine's load is not the code's).
  test("hostile seals give {} with a reason", async () => {
    const hostile = [
      "",
      "~2",
      "x".repeat(1 << 20),
      "*".repeat(1 << 20),
      "Fe26.2*".repeat(8),
      "Fe26.2*1*zz*!!*@@**##*$$~2",
      "Fe26.2*1*" +
        "a".repeat(64) +
        "*" +
        "é".repeat(22) +
        "*" +
        "ü".repeat(40) +
        "**" +
        "a".repeat(64) +
        "*" +
        "A".repeat(43),
      "Fe26.2*1*a*b*c*" + "9".repeat(400) + "*d*e",
      "Fe26.2*__proto__*a*b*c**d*e",
      "Fe26.2*hasOwnProperty*a*b*c**d*e",
      "\ud800\udfff\u0000",
    ];
    for (const seal of hostile) {
      const result = await open(api.unsealData, seal, { 1: PASSWORD });
      expect(result.data).toEqual({});
      expect(["invalid", "unknown-password", "expired"]).toContain(result.reason);
    }
  });
});

describe("sync variants", () => {
  test("sealDataSync and unsealDataSync interoperate with the async API and iron-session", async () => {
    const data = { user: { id: 1 } };
    const seal = native.sealDataSync(data, { password: PASSWORD });
    expect(typeof seal).toBe("string");
    expect(await iron9.unsealData(seal, { password: PASSWORD })).toEqual(data);
    expect(native.unsealDataSync(await iron9.sealData(data, { password: PASSWORD }), { password: PASSWORD })).toEqual(
      data,
    );
    const reasons = [];
    expect(native.unsealDataSync("garbage", { password: PASSWORD, onUnsealError: (r) => reasons.push(r) })).toEqual({});
    expect(reasons).toEqual(["invalid"]);
    expect(() => native.sealDataSync({ d: new Date() }, { password: PASSWORD })).toThrow(
      /not JSON serializable \(session\.d is a Date\)/,
    );
  });

  test("on the WebCrypto backend they say why they cannot run", () => {
    expect(() => webcrypto.sealDataSync({}, { password: PASSWORD })).toThrow(/needs the native addon/);
    expect(() => webcrypto.unsealDataSync("x", { password: PASSWORD })).toThrow(/needs the native addon/);
  });
});
