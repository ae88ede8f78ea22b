// Tests for the WebCrypto backend (lib/webcrypto.cjs): known-answer seals, tampered and
// expired vectors, byte-for-byte differential checks against the real iron-session 9.0.1
// and interop with 8.0.4, authentic-but-malformed seals, hostile input and the key cache.
import { test, expect, describe, vi, afterEach } from "vitest";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { IRON_MESSAGES } from "./helpers/iron-messages.mjs";
import nodeCrypto from "node:crypto";
import fc from "fast-check";
import { sealData, unsealData } from "iron-session";
import { sealData as sealData8, unsealData as unsealData8 } from "iron-session-8";

const require = createRequire(import.meta.url);
const backend = require("../lib/webcrypto.cjs");
const { iron } = require("../lib/messages.cjs");
const CANNOT_FIND = "Cannot find password: ";
const sourcePath = fileURLToPath(new URL("../lib/webcrypto.cjs", import.meta.url));
const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

const KAT = fixture("seal-kat.json");
const TAMPERED = fixture("tampered.json");
const EXPIRED = fixture("expired.json");

const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
const PASSWORD_2 = "another-password-with-32-chars-ok!";
const DEFAULT_TTL = 1209600;
const OUR_DRAW_ORDER = ["iv", "encryption_salt", "hmac_salt"];

const isBackendMessage = (m) => IRON_MESSAGES.includes(m) || /^Cannot find password: /.test(m);

const cut = (seal) => (seal.indexOf("~") === -1 ? seal : seal.slice(0, seal.indexOf("~")));
const originalGetRandomValues = globalThis.crypto.getRandomValues;

afterEach(() => {
  vi.restoreAllMocks();
  expect(globalThis.crypto.getRandomValues).toBe(originalGetRandomValues);
});

// Replaces crypto.getRandomValues with a stream of the given hex strings, checks each
// request has the expected size, and restores the original afterwards.
async function withRandomDraws(hexDraws, fn) {
  const queue = hexDraws.slice();
  const sizes = [];
  const spy = vi.spyOn(globalThis.crypto, "getRandomValues").mockImplementation((buf) => {
    const hex = queue.shift();
    if (hex === undefined) throw new Error("unexpected extra random draw");
    const bytes = Buffer.from(hex, "hex");
    sizes.push(buf.length);
    if (bytes.length !== buf.length) throw new Error(`draw of ${buf.length} bytes, vector has ${bytes.length}`);
    buf.set(bytes);
    return buf;
  });
  try {
    const result = await fn();
    return { result, sizes, left: queue.length };
  } finally {
    spy.mockRestore();
  }
}

// The caller's password lookup, with JS property semantics (as iron-webcrypto does it).
function lookupSecret(map, passwordId) {
  const value = map[passwordId || "default"];
  if (!value) return null; // "Cannot find password"
  return typeof value === "string" ? value : ""; // prototype keys etc. -> "Empty password"
}

async function errorOf(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  return null;
}

// ---- an independent node:crypto implementation, to forge authentic-but-odd seals ----
const kdf = (secret, saltText) =>
  nodeCrypto.pbkdf2Sync(Buffer.from(secret, "utf8"), Buffer.from(saltText, "utf8"), 1, 32, "sha1");
const mac = (secret, saltText, base) =>
  nodeCrypto.createHmac("sha256", kdf(secret, saltText)).update(base, "utf8").digest("base64url");
function forge({ id = "1", encSalt, iv, ct, exp = "", hmacSalt, secret = PASSWORD }) {
  const base = ["Fe26.2", id, encSalt, iv, ct, exp].join("*");
  return `${base}*${hmacSalt}*${mac(secret, hmacSalt, base)}`;
}
function encryptRaw(secret, encSalt, ivBytes, plaintextBytes, { pad = true } = {}) {
  const c = nodeCrypto.createCipheriv("aes-256-cbc", kdf(secret, encSalt), ivBytes);
  c.setAutoPadding(pad);
  return Buffer.concat([c.update(plaintextBytes), c.final()]);
}
const hexSalt = () => nodeCrypto.randomBytes(32).toString("hex");

// ---------------------------------------------------------------------------------------

describe("module shape and portability", () => {
  test("exports name, seal, unseal and sync: false only (async)", async () => {
    expect(backend.name).toBe("webcrypto");
    expect(backend.sync).toBe(false);
    expect(Object.keys(backend).sort()).toEqual(["name", "seal", "sync", "unseal"]);
    expect(Object.isFrozen(backend)).toBe(true);
    const s = backend.seal("{}", "1", PASSWORD, "");
    expect(s).toBeInstanceOf(Promise);
    const u = backend.unseal(await s, PASSWORD, Date.now());
    expect(u).toBeInstanceOf(Promise);
    expect(await u).toBe("{}");
  });

  test("source uses no Node APIs, Buffer, process or eval, and requires only the message table", () => {
    const src = readFileSync(sourcePath, "utf8")
      .replace(/\/\/.*$/gm, "")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace('require("./messages.cjs")', "MESSAGES");
    expect(readFileSync(new URL("../lib/messages.cjs", import.meta.url), "utf8")).not.toMatch(/\brequire\s*\(/);
    for (const banned of [
      /\brequire\s*\(/,
      /\bBuffer\b/,
      /\bprocess\b/,
      /\beval\b/,
      /\bFunction\s*\(/,
      /\bimport\s*\(/,
      /\bnode:/,
      /\bsetImmediate\b/,
    ]) {
      expect(src).not.toMatch(banned);
    }
  });

  test("loads where TextEncoder and crypto are missing (jest jsdom), and sealing then names the fix", async () => {
    const mod = { exports: {} };
    const context = vm.createContext({
      module: mod,
      exports: mod.exports,
      require: () => require("../lib/messages.cjs"),
    });
    vm.runInContext(readFileSync(sourcePath, "utf8"), context, { filename: "webcrypto.cjs" });
    await expect(mod.exports.seal("{}", "1", PASSWORD, "")).rejects.toThrow(
      /TextEncoder is not available.*customExportConditions/,
    );
    await expect(mod.exports.unseal("a*b", PASSWORD, 0)).rejects.toThrow("Incorrect number of sealed components");
  });

  test("runs in a bare context with only web globals, and interoperates", async () => {
    const mod = { exports: {} };
    // The only module it may require is the message table, itself free of requires.
    const messages = { exports: {} };
    const messagesPath = fileURLToPath(new URL("../lib/messages.cjs", import.meta.url));
    vm.runInContext(
      readFileSync(messagesPath, "utf8"),
      vm.createContext({ module: messages, exports: messages.exports }),
    );
    const context = vm.createContext({
      module: mod,
      exports: mod.exports,
      require: (id) => {
        if (id !== "./messages.cjs") throw new Error(`webcrypto.cjs required ${id}`);
        return messages.exports;
      },
      crypto: globalThis.crypto,
      TextEncoder,
      TextDecoder,
    });
    vm.runInContext(readFileSync(sourcePath, "utf8"), context, { filename: "webcrypto.cjs" });
    const isolated = mod.exports;
    expect(isolated.name).toBe("webcrypto");
    const json = JSON.stringify({ user: { id: 7, name: "Zoë 😀" } });
    const sealed = await isolated.seal(json, "1", PASSWORD, String(Date.now() + 60_000));
    expect(await unsealData(`${sealed}~2`, { password: PASSWORD })).toEqual(JSON.parse(json));
    const theirs = await sealData({ a: [1, 2, { b: "ç" }] }, { password: PASSWORD });
    expect(await isolated.unseal(cut(theirs), PASSWORD, Date.now())).toBe('{"a":[1,2,{"b":"ç"}]}');
    await expect(isolated.unseal("x", PASSWORD, 0)).rejects.toThrow("Incorrect number of sealed components");
  });
});

describe("known-answer seals (seal-kat.json)", () => {
  test("fixture has the expected 24 cases", () => {
    expect(KAT).toHaveLength(24);
  });

  test.each(KAT.map((c) => [c.id, c]))("%s: seal is byte-exact", async (_id, c) => {
    const byRole = {};
    c.random_draw_roles_in_order.forEach((role, i) => {
      byRole[role] = c.random_draws_in_order[i].hex;
    });
    const draws = OUR_DRAW_ORDER.map((role) => byRole[role]);
    expect(draws.every((h) => typeof h === "string")).toBe(true);
    const ttl = c.ttl === null ? DEFAULT_TTL : c.ttl;
    const expiration = ttl === 0 ? "" : String(c.now_ms + ttl * 1000);
    const { result, sizes, left } = await withRandomDraws(draws, () =>
      backend.seal(c.inputs.plaintext_json, c.inputs.password_id, c.inputs.secret_used, expiration),
    );
    expect(sizes).toEqual([16, 32, 32]);
    expect(left).toBe(0);
    expect(`${result}~2`).toBe(c.seal);
  });

  test.each(KAT.map((c) => [c.id, c]))("%s: unseals to the plaintext", async (_id, c) => {
    expect(await backend.unseal(cut(c.seal), c.inputs.secret_used, c.now_ms)).toBe(c.inputs.plaintext_json);
  });
});

describe("tampered seals (tampered.json)", () => {
  test("fixture has the expected 41 cases", () => {
    expect(TAMPERED).toHaveLength(41);
  });

  test.each(TAMPERED.map((c) => [c.id, c]))("%s", async (_id, c) => {
    const map = typeof c.password === "string" ? { 1: c.password } : c.password;
    const body = cut(c.seal);
    const parts = body.split("*");
    const secret = lookupSecret(map, parts[1]);
    const expected = c.expected["iron-session@9.0.1"].unsealData;
    const now = c.created_at_ms;

    let error = null;
    let text;
    try {
      text = await backend.unseal(body, secret, now);
    } catch (e) {
      error = e;
    }

    if (expected.outcome === "ok") {
      if (c.hmac_digest_leniency === true) {
        // decisions.md D2: only the canonical digest spelling is accepted.
        expect(error?.message).toBe("Bad hmac value");
      } else {
        expect(error).toBeNull();
        expect(JSON.parse(text)).toEqual(expected.data);
      }
    } else {
      expect(expected.outcome).toBe("empty");
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toBe(expected.error);
    }
  });
});

describe("expiry boundaries (expired.json)", () => {
  const nowFor = (c) =>
    typeof c.unseal_now_ms === "number"
      ? c.unseal_now_ms
      : c.id.startsWith("unseal-ttl-option-ignored")
        ? c.created_at_ms
        : c.expected_observed_at_ms;

  test.each(EXPIRED.map((c) => [c.id, c]))("%s", async (_id, c) => {
    const body = cut(c.seal);
    const expected = c.expected["iron-session@9.0.1"].unsealData;
    const run = (now) => backend.unseal(body, c.password, now);
    if (expected.outcome === "ok") {
      expect(JSON.parse(await run(nowFor(c)))).toEqual(expected.data);
    } else {
      await expect(run(nowFor(c))).rejects.toThrow(new Error(expected.error));
    }
    if (c.expected_immediately) {
      const imm = c.expected_immediately["iron-session@9.0.1"].unsealData;
      expect(JSON.parse(await run(c.created_at_ms))).toEqual(imm.data);
    }
    // The window: valid up to exp + 59999 ms, expired from exp + 60000 ms.
    const exp = Number(body.split("*")[5]);
    expect(exp).toBe(c.expiration_ms);
    expect(c.valid_until_ms).toBe(exp + 59999);
    expect(JSON.parse(await run(c.valid_until_ms))).toEqual({ user: { id: 1 } });
    await expect(run(c.valid_until_ms + 1)).rejects.toThrow(new Error("Expired seal"));
  });

  test("expiry is checked before the password and the HMAC", async () => {
    const c = EXPIRED.find((x) => x.id === "ttl-60-first-expired-ms-exp-60000-@iron-session@9.0.1");
    const body = cut(c.seal);
    for (const secret of [null, undefined, "", "short", PASSWORD_2]) {
      await expect(backend.unseal(body, secret, c.unseal_now_ms)).rejects.toThrow(new Error("Expired seal"));
    }
    const garbled = body.split("*");
    garbled[7] = "not-a-digest";
    await expect(backend.unseal(garbled.join("*"), PASSWORD, c.unseal_now_ms)).rejects.toThrow(
      new Error("Expired seal"),
    );
  });
});

describe("seal argument errors", () => {
  test("Empty password for a missing or non-string secret", async () => {
    for (const secret of ["", null, undefined, 123, {}, new Uint8Array(32)]) {
      await expect(backend.seal("{}", "1", secret, "")).rejects.toThrow(new Error("Empty password"));
    }
  });

  test("Invalid password id, checked before the length", async () => {
    for (const id of ["a-b", " 1", "1 ", "é", "1*2", "\n"]) {
      await expect(backend.seal("{}", id, "short", "")).rejects.toThrow(new Error("Invalid password id"));
    }
    // Empty password is checked first
    await expect(backend.seal("{}", "a-b", "", "")).rejects.toThrow(new Error("Empty password"));
  });

  test("password length is counted in UTF-16 units", async () => {
    await expect(backend.seal("{}", "1", "x".repeat(31), "")).rejects.toThrow(
      new Error("Password string too short (min 32 characters required)"),
    );
    await expect(backend.seal("{}", "1", "😀".repeat(15) + "x", "")).rejects.toThrow(
      new Error("Password string too short (min 32 characters required)"),
    );
    // 16 emoji = 32 UTF-16 units: accepted, as in iron-session
    const emoji = "😀".repeat(16);
    const s = await backend.seal('{"ok":true}', "1", emoji, "");
    expect(await unsealData(`${s}~2`, { password: emoji })).toEqual({ ok: true });
  });

  test("no random bytes are drawn when the arguments are rejected", async () => {
    const spy = vi.spyOn(globalThis.crypto, "getRandomValues");
    await expect(backend.seal("{}", "1", "short", "")).rejects.toThrow();
    await expect(backend.seal("{}", "-", PASSWORD, "")).rejects.toThrow();
    expect(spy).not.toHaveBeenCalled();
  });

  test("empty and word ids, and the seal layout", async () => {
    for (const id of ["", "0", "1", "10", "abc_DEF_123"]) {
      const s = await backend.seal('{"user":{"id":1}}', id, PASSWORD, "1700000000000");
      const parts = s.split("*");
      expect(parts).toHaveLength(8);
      expect(parts[0]).toBe("Fe26.2");
      expect(parts[1]).toBe(id);
      expect(parts[2]).toMatch(/^[0-9a-f]{64}$/);
      expect(parts[3]).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(parts[4]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(parts[5]).toBe("1700000000000");
      expect(parts[6]).toMatch(/^[0-9a-f]{64}$/);
      expect(parts[7]).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(parts[2]).not.toBe(parts[6]);
      // spec §5.1: 208 + len(id) + len(exp) + ceil(4C/3) including the 2-char "~2"
      expect(`${s}~2`).toHaveLength(208 + id.length + 13 + 43);
      expect(s).not.toContain("~");
      expect(await backend.unseal(s, PASSWORD, 1700000000000)).toBe('{"user":{"id":1}}');
    }
  });

  test("ciphertext length follows PKCS#7 for 0..48 byte plaintexts", async () => {
    for (let p = 0; p <= 48; p++) {
      const json = "a".repeat(p);
      const s = await backend.seal(json, "1", PASSWORD, "");
      const C = 16 * (Math.floor(p / 16) + 1);
      expect(s.split("*")[4]).toHaveLength(Math.ceil((4 * C) / 3));
      expect(await backend.unseal(s, PASSWORD, 0)).toBe(json);
    }
  });
});

describe("unseal step order and messages", () => {
  const good = async (exp = "") => backend.seal('{"a":1}', "1", PASSWORD, exp);

  test("component count", async () => {
    const s = await good();
    for (const bad of ["", "x", s.split("*").slice(0, 7).join("*"), `${s}*`, `*${s}`, "*******", "********"]) {
      const e = await errorOf(backend.unseal(bad, PASSWORD, 0));
      if (bad === "*******") expect(e.message).toBe("Wrong mac prefix");
      else expect(e.message).toBe("Incorrect number of sealed components");
    }
  });

  test("prefix before expiration, expiration before password", async () => {
    await expect(backend.unseal("Fe26.1*1*a*b*c*abc*d*e", null, 0)).rejects.toThrow(new Error("Wrong mac prefix"));
    await expect(backend.unseal("fe26.2*1*a*b*c**d*e", PASSWORD, 0)).rejects.toThrow(new Error("Wrong mac prefix"));
    for (const exp of ["0", "01", "1.5", "-1", "1e9", " 1", "1 ", "abc", "١٢"]) {
      await expect(backend.unseal(`Fe26.2*1*a*b*c*${exp}*d*e`, null, 0)).rejects.toThrow(
        new Error("Invalid expiration"),
      );
    }
    await expect(backend.unseal("Fe26.2*1*a*b*c*1000*d*e", null, 61000)).rejects.toThrow(new Error("Expired seal"));
    await expect(backend.unseal("Fe26.2*1*a*b*c*1000*d*e", null, 60999)).rejects.toThrow(
      new Error("Cannot find password: 1"),
    );
  });

  test("password errors: missing, empty, non-string, short", async () => {
    const s = await good();
    const withId = (id) => s.replace(/^Fe26\.2\*1\*/, `Fe26.2*${id}*`);
    await expect(backend.unseal(s, null, 0)).rejects.toThrow(new Error("Cannot find password: 1"));
    await expect(backend.unseal(s, undefined, 0)).rejects.toThrow(new Error("Cannot find password: 1"));
    await expect(backend.unseal(withId(""), null, 0)).rejects.toThrow(new Error("Cannot find password: default"));
    await expect(backend.unseal(withId("é-x"), null, 0)).rejects.toThrow(new Error("Cannot find password: é-x"));
    await expect(backend.unseal(s, "", 0)).rejects.toThrow(new Error("Empty password"));
    await expect(backend.unseal(s, () => {}, 0)).rejects.toThrow(new Error("Empty password"));
    await expect(backend.unseal(s, "x".repeat(31), 0)).rejects.toThrow(
      new Error("Password string too short (min 32 characters required)"),
    );
    await expect(backend.unseal(s, PASSWORD_2, 0)).rejects.toThrow(new Error("Bad hmac value"));
    expect(await backend.unseal(s, PASSWORD, 0)).toBe('{"a":1}');
  });

  test("only the canonical digest spelling is accepted", async () => {
    const s = await good("4102444800000");
    const parts = s.split("*");
    const d = parts[7];
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(d[42]);
    const variants = [
      ...[1, 2, 3].map((k) => d.slice(0, 42) + alphabet[(last & ~3) | ((last + k) & 3)]),
      `${d}=`,
      `${d}==`,
      `${d.slice(0, 20)} ${d.slice(20)}`,
      `${d}\n`,
      ` ${d}`,
      d.replace(/-/g, "+").replace(/_/g, "/") === d ? `${d.slice(0, 42)}+` : d.replace(/-/g, "+").replace(/_/g, "/"),
      d.slice(0, 42),
      `${d}A`,
      "",
      d.toLowerCase() === d ? d.toUpperCase() : d.toLowerCase(),
      Buffer.from(d, "base64url").toString("base64"),
      Buffer.from(d, "base64url").toString("hex"),
    ].filter((v) => v !== d);
    expect(variants.length).toBeGreaterThanOrEqual(14);
    for (const v of variants) {
      const tampered = [...parts.slice(0, 7), v].join("*");
      await expect(backend.unseal(tampered, PASSWORD, 0)).rejects.toThrow(new Error("Bad hmac value"));
    }
    expect(await backend.unseal(s, PASSWORD, 0)).toBe('{"a":1}');
  });

  test('an undecodable digest is a Bad hmac value (9.0.1 on Node 20 leaks atob\'s "Invalid character")', async () => {
    const s = await good();
    const parts = s.split("*");
    for (const d of [
      `${parts[7]}!`,
      `${parts[7]}\uD800`,
      `${parts[7]}é`,
      "A",
      `${parts[7].slice(0, 10)}=${parts[7].slice(10)}`,
    ]) {
      const tampered = [...parts.slice(0, 7), d].join("*");
      await expect(backend.unseal(tampered, PASSWORD, 0)).rejects.toThrow(new Error("Bad hmac value"));
      let theirs = null;
      await unsealData(`${tampered}~2`, { password: PASSWORD, onUnsealError: (_r, e) => (theirs = e) });
      expect(theirs?.message).toMatch(/^(Invalid character|Bad hmac value)$/);
    }
  });

  test("an empty HMAC salt fails even when the digest is authentic for it", async () => {
    const encSalt = hexSalt();
    const iv = nodeCrypto.randomBytes(16);
    const ct = encryptRaw(PASSWORD, encSalt, iv, Buffer.from('{"a":1}'));
    const forged = forge({ encSalt, iv: iv.toString("base64url"), ct: ct.toString("base64url"), hmacSalt: "" });
    await expect(backend.unseal(forged, PASSWORD, 0)).rejects.toThrow(new Error("Bad hmac value"));
    // the same forgery with a real salt opens, so the test itself is sound
    const ok = forge({ encSalt, iv: iv.toString("base64url"), ct: ct.toString("base64url"), hmacSalt: hexSalt() });
    expect(await backend.unseal(ok, PASSWORD, 0)).toBe('{"a":1}');
  });
});

describe("authentic seals with bad encryption fields (Decryption failed)", () => {
  const plain = Buffer.from('{"a":1}');
  // Fixed inputs: with random ones, a wrong key yields valid PKCS#7 padding one time in 256.
  const encSalt = "0f".repeat(32);
  const ivBytes = Buffer.alloc(16, 7);
  const ct = encryptRaw(PASSWORD, encSalt, ivBytes, plain);
  const build = (over) =>
    forge({ encSalt, iv: ivBytes.toString("base64url"), ct: ct.toString("base64url"), hmacSalt: hexSalt(), ...over });

  test("a well-formed forgery opens (control)", async () => {
    expect(await backend.unseal(build({}), PASSWORD, 0)).toBe('{"a":1}');
    expect(await unsealData(build({}), { password: PASSWORD })).toEqual({ a: 1 });
  });

  const cases = {
    "IV of 15 bytes": { iv: nodeCrypto.randomBytes(15).toString("base64url") },
    "IV of 17 bytes": { iv: nodeCrypto.randomBytes(17).toString("base64url") },
    "empty IV": { iv: "" },
    "IV with a non-alphabet character": { iv: `${ivBytes.toString("base64url").slice(0, 21)}!` },
    "IV in the standard alphabet with + or /": { iv: `${ivBytes.toString("base64url").slice(0, 20)}+/` },
    "IV with a bad length (4n+1 chars)": { iv: `${ivBytes.toString("base64url")}AAA` },
    "IV with non-ASCII": { iv: `${ivBytes.toString("base64url").slice(0, 21)}é` },
    "IV with inner whitespace": {
      iv: `${ivBytes.toString("base64url").slice(0, 10)} ${ivBytes.toString("base64url").slice(10)}`,
    },
    "ciphertext not a multiple of 16 bytes": { ct: ct.subarray(0, 15).toString("base64url") },
    "empty ciphertext": { ct: "" },
    "ciphertext with a bad character": { ct: `${ct.toString("base64url").slice(0, -1)}.` },
    "ciphertext with bad PKCS#7 padding": {
      ct: encryptRaw(PASSWORD, encSalt, ivBytes, Buffer.alloc(16, 0), { pad: false }).toString("base64url"),
    },
    "ciphertext made with another key": {
      ct: encryptRaw(PASSWORD_2, encSalt, ivBytes, Buffer.alloc(16, 0x41), { pad: false }).toString("base64url"),
    },
    "empty encryption salt": { encSalt: "" },
    "wrong encryption salt": { encSalt: "e1".repeat(32) },
  };

  test.each(Object.entries(cases))("%s", async (_name, over) => {
    const sealed = build(over);
    expect(sealed.split("*")).toHaveLength(8);
    await expect(backend.unseal(sealed, PASSWORD, 0)).rejects.toThrow(new Error("Decryption failed"));
  });

  test("padded IV/ciphertext (authentic) decode like unpadded ones", async () => {
    const ivPadded = ivBytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    expect(ivPadded.endsWith("==")).toBe(true);
    expect(await backend.unseal(build({ iv: ivPadded }), PASSWORD, 0)).toBe('{"a":1}');
    // A shorter run of '=' is accepted, as by the native backend and 9.0.1; too many are not.
    const native = require("../binding.cjs");
    const iv = ivBytes.toString("base64url");
    for (const [field, outcome] of [
      [`${iv}=`, "ok"],
      [`${iv}==`, "ok"],
      [`${iv}===`, "fails"],
      [`${iv}=A`, "fails"],
    ]) {
      const sealed = build({ iv: field });
      const ours = await backend.unseal(sealed, PASSWORD, 0).then(
        () => "ok",
        () => "fails",
      );
      const theirs = (() => {
        try {
          native.unseal(sealed, PASSWORD, 0);
          return "ok";
        } catch {
          return "fails";
        }
      })();
      expect([field, ours]).toEqual([field, outcome]);
      expect([field, theirs]).toEqual([field, outcome]);
    }
  });

  test("plaintext is decoded like TextDecoder: BOM stripped, invalid UTF-8 replaced", async () => {
    const open = (bytes) => {
      const s = hexSalt();
      const iv = nodeCrypto.randomBytes(16);
      return backend.unseal(
        forge({
          encSalt: s,
          iv: iv.toString("base64url"),
          ct: encryptRaw(PASSWORD, s, iv, bytes).toString("base64url"),
          hmacSalt: hexSalt(),
        }),
        PASSWORD,
        0,
      );
    };
    expect(await open(Buffer.from('\uFEFF{"a":1}'))).toBe('{"a":1}');
    expect(await open(Buffer.from([0x22, 0xff, 0xc3, 0x22]))).toBe('"\uFFFD\uFFFD"');
    expect(await open(Buffer.alloc(0))).toBe("");
    expect(await open(Buffer.from('"\u2028\u0000😀"'))).toBe('"\u2028\u0000😀"');
  });
});

// ---------------------------------------------------------------------------------------

const SHAPES = {
  simple: { user: { id: 1 } },
  unicode: {
    name: "Zoë 😀 日本語 — ñ",
    family: "👩‍👩‍👧‍👦",
    rtl: "مرحبا",
    sep: "\u2028\u2029",
    ctl: "\u0000\u001f\b\t",
  },
  emoji: { e: "😀🎉👍🏽🇫🇷", s: "\uD83D", keyed: { "🔑": "🗝️" } },
  nested: { a: { b: { c: [1, [2, [3, { d: "deep" }]]] } }, list: [null, true, false, 0, -1.5, 1e21, 5e-7, "x"] },
  integerKeys: { b: 1, a: 2, 10: "ten", 2: "two", "-1": "minus one", "01": "zero one", 4294967295: "big" },
  empty: {},
  large: {
    user: { id: 123456, roles: Array.from({ length: 40 }, (_, i) => `role-${i}-é`) },
    blob: "x".repeat(2500),
  },
  protoKey: JSON.parse('{"__proto__":{"x":1},"constructor":"c"}'),
};

describe("interop with iron-session 9.0.1", () => {
  test("the large payload is about 3 KB", () => {
    const n = Buffer.byteLength(JSON.stringify(SHAPES.large));
    expect(n).toBeGreaterThan(2900);
    expect(n).toBeLessThan(3500);
  });

  test.each(Object.entries(SHAPES))("9.0.1 seal -> backend unseal: %s", async (_name, data) => {
    for (const ttl of [0, 60, DEFAULT_TTL]) {
      const sealed = await sealData(data, { password: PASSWORD, ttl });
      expect(sealed.endsWith("~2")).toBe(true);
      const text = await backend.unseal(cut(sealed), PASSWORD, Date.now());
      expect(text).toBe(JSON.stringify({ ...data }));
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(data)));
    }
  });

  test.each(Object.entries(SHAPES))("backend seal -> 9.0.1 unsealData: %s", async (_name, data) => {
    const json = JSON.stringify(data);
    for (const expiration of ["", String(Date.now() + 60_000)]) {
      const sealed = await backend.seal(json, "1", PASSWORD, expiration);
      const onUnsealError = vi.fn();
      const out = await unsealData(`${sealed}~2`, { password: PASSWORD, onUnsealError });
      expect(onUnsealError).not.toHaveBeenCalled();
      expect(out).toEqual(JSON.parse(json));
      // also without a suffix, as 9.0.1 accepts
      expect(await unsealData(sealed, { password: PASSWORD })).toEqual(JSON.parse(json));
    }
  });

  test("password maps: the highest id seals, each id unseals with its own secret", async () => {
    const map = { 1: PASSWORD, 2: PASSWORD_2 };
    const theirs = await sealData({ v: 2 }, { password: map });
    const id = cut(theirs).split("*")[1];
    expect(id).toBe("2");
    expect(await backend.unseal(cut(theirs), lookupSecret(map, id), Date.now())).toBe('{"v":2}');
    await expect(backend.unseal(cut(theirs), PASSWORD, Date.now())).rejects.toThrow(new Error("Bad hmac value"));

    const ours = await backend.seal('{"v":1}', "1", PASSWORD, "");
    expect(await unsealData(`${ours}~2`, { password: map })).toEqual({ v: 1 });
    const onUnsealError = vi.fn();
    expect(await unsealData(`${ours}~2`, { password: { 2: PASSWORD_2 }, onUnsealError })).toEqual({});
    expect(onUnsealError).toHaveBeenCalledWith(
      "unknown-password",
      expect.objectContaining({ message: "Cannot find password: 1" }),
    );
  });

  test("primitives and null payloads travel as JSON text", async () => {
    for (const value of ["hello", 42, true, null, [1, 2]]) {
      const theirs = await sealData(value, { password: PASSWORD, ttl: 0 });
      const copy = value !== null && typeof value === "object" ? { ...value } : value;
      expect(await backend.unseal(cut(theirs), PASSWORD, Date.now())).toBe(JSON.stringify(copy));
    }
    const ours = await backend.seal('"hello"', "1", PASSWORD, "");
    expect(await unsealData(`${ours}~2`, { password: PASSWORD })).toBe("hello");
  });

  test("property: byte-identical to 9.0.1 sealData under the same clock and random stream", async () => {
    const jsonValue = fc.jsonValue({ maxDepth: 3 });
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ unit: "binary", maxLength: 8 }), jsonValue, { maxKeys: 6 }),
        fc.string({ unit: "binary", minLength: 32, maxLength: 48 }),
        fc.constantFrom(0, 1, 60, 3600, DEFAULT_TTL),
        fc.integer({ min: 1, max: 4_000_000_000_000 }),
        fc.uint8Array({ minLength: 80, maxLength: 80 }),
        async (data, password, ttl, now, random) => {
          const hex = Buffer.from(random).toString("hex");
          const draws = [hex.slice(0, 32), hex.slice(32, 96), hex.slice(96, 160)];
          vi.spyOn(Date, "now").mockReturnValue(now);
          let theirs;
          try {
            ({ result: theirs } = await withRandomDraws(draws, () => sealData(data, { password, ttl })));
          } finally {
            vi.mocked(Date.now).mockRestore();
          }
          const expiration = ttl === 0 ? "" : String(now + ttl * 1000);
          const { result: ours } = await withRandomDraws(draws, () =>
            backend.seal(JSON.stringify({ ...data }), "1", password, expiration),
          );
          expect(`${ours}~2`).toBe(theirs);
          expect(await backend.unseal(ours, password, now)).toBe(JSON.stringify({ ...data }));
        },
      ),
      { numRuns: 60 },
    );
  });

  test("property: for mutated seals the error matches 9.0.1 (except digest leniency)", async () => {
    const base = await sealData({ user: { id: 1 } }, { password: PASSWORD, ttl: 3600 });
    const canonicalDigest = cut(base).split("*")[7];
    const noise = fc.constantFrom(
      "*",
      "~",
      "=",
      " ",
      "+",
      "/",
      "-",
      "_",
      "A",
      "Q",
      "0",
      "9",
      "é",
      "\uD800",
      "\u0000",
      "",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(base.length), fc.nat(3), noise), { minLength: 1, maxLength: 3 }),
        async (edits) => {
          let s = base;
          for (const [pos, kind, ch] of edits) {
            const p = pos % (s.length + 1);
            if (kind === 0)
              s = s.slice(0, p) + ch + s.slice(p); // insert
            else if (kind === 1)
              s = s.slice(0, p) + s.slice(p + 1); // delete
            else s = s.slice(0, p) + ch + s.slice(p + 1); // replace
          }
          const body = cut(s);
          let theirError = null;
          const theirs = await unsealData(s, {
            password: PASSWORD,
            onUnsealError: (_reason, e) => {
              theirError = e;
            },
          });
          const secret = lookupSecret({ 1: PASSWORD }, body.split("*")[1]);
          const ourError = await errorOf(backend.unseal(body, secret, Date.now()));
          if (theirError === null) {
            if (ourError) {
              expect(ourError.message).toBe("Bad hmac value");
              expect(body.split("*")[7]).not.toBe(canonicalDigest);
            } else {
              expect(JSON.parse(await backend.unseal(body, secret, Date.now()))).toEqual(theirs);
            }
          } else if (theirError.name === "InvalidCharacterError") {
            // 9.0.1 on Node 20 decodes the digest with atob, which throws for text that is
            // not base64; we compare strings, so it is an ordinary HMAC mismatch here.
            expect(ourError?.message).toBe("Bad hmac value");
          } else if (theirError.message.startsWith(CANNOT_FIND)) {
            // The id comes from the cookie: control characters in it are escaped here.
            expect(ourError?.message).toBe(iron.cannotFindPassword(theirError.message.slice(CANNOT_FIND.length)));
          } else {
            expect(ourError?.message).toBe(theirError.message);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("interop with iron-session 8.0.4", () => {
  test.each(Object.entries(SHAPES))("8.0.4 seal -> backend unseal: %s", async (_name, data) => {
    for (const ttl of [0, DEFAULT_TTL]) {
      const sealed = await sealData8(data, { password: PASSWORD, ttl });
      expect(await backend.unseal(cut(sealed), PASSWORD, Date.now())).toBe(JSON.stringify(data));
    }
  });

  test.each(Object.entries(SHAPES))("backend seal -> 8.0.4 unsealData: %s", async (_name, data) => {
    const json = JSON.stringify(data);
    const sealed = await backend.seal(json, "1", PASSWORD, String(Date.now() + 3_600_000));
    expect(await unsealData8(`${sealed}~2`, { password: PASSWORD })).toEqual(JSON.parse(json));
  });

  test("8.0.4 password maps", async () => {
    const map = { 3: PASSWORD_2, 1: PASSWORD };
    const theirs = await sealData8({ v: 3 }, { password: map });
    expect(cut(theirs).split("*")[1]).toBe("3");
    expect(await backend.unseal(cut(theirs), map[3], Date.now())).toBe('{"v":3}');
    const ours = await backend.seal('{"v":3}', "3", PASSWORD_2, "");
    expect(await unsealData8(`${ours}~2`, { password: map })).toEqual({ v: 3 });
  });
});

// ---------------------------------------------------------------------------------------

describe("hostile input", () => {
  const MB = 1024 * 1024;
  // A hang fails by the test timeout; no speed is asserted.
  const quick = async (input, secret = PASSWORD) => {
    const e = await errorOf(backend.unseal(input, secret, Date.now()));
    expect(e).toBeInstanceOf(Error);
    expect(isBackendMessage(e.message)).toBe(true);
    return e.message;
  };

  test("1 MB strings", async () => {
    expect(await quick("A".repeat(MB))).toBe("Incorrect number of sealed components");
    expect(await quick(`Fe26.2*1*${"a".repeat(MB)}*iv*ct**salt*digest`)).toBe("Bad hmac value");
    expect(await quick(`Fe26.2*1*s*iv*ct*${"9".repeat(MB)}*salt*digest`)).toBe("Bad hmac value");
    expect(await quick(`Fe26.2*1*s*iv*ct**salt*${"A".repeat(MB)}`)).toBe("Bad hmac value");
    expect(await quick(`Fe26.2*1*s*iv*ct**${"f".repeat(MB)}*digest`)).toBe("Bad hmac value");
    expect(await quick(`Fe26.2*${"1".repeat(MB)}*s*iv*ct**salt*digest`, null)).toMatch(
      /^Cannot find password: 1{1000}/,
    );
    expect(await quick(`${"F".repeat(MB)}*1*s*iv*ct**salt*digest`)).toBe("Wrong mac prefix");
  });

  test("many * separators", async () => {
    expect(await quick("*".repeat(MB))).toBe("Incorrect number of sealed components");
    expect(await quick(`Fe26.2${"*x".repeat(200_000)}`)).toBe("Incorrect number of sealed components");
    expect(await quick("*".repeat(6))).toBe("Incorrect number of sealed components");
    expect(await quick("*".repeat(8))).toBe("Incorrect number of sealed components");
  });

  test("bad base64, non-ASCII, lone surrogates and control characters", async () => {
    const s = await backend.seal('{"a":1}', "1", PASSWORD, "");
    const parts = s.split("*");
    const odd = ["!!!", "====", "é", "😀", "\uD800", "\uDFFF\uD800", "\u0000", "\r\n", "%2A", "\u00A0", "Ａ"];
    for (let field = 1; field < 8; field++) {
      for (const junk of odd) {
        const p = parts.slice();
        p[field] = field === 5 ? junk : p[field].slice(0, 5) + junk + p[field].slice(5);
        const msg = await quick(p.join("*"), lookupSecret({ 1: PASSWORD }, p[1]));
        if (field === 1) expect(msg).toMatch(/^Cannot find password: /);
        else if (field === 5) expect(msg).toBe("Invalid expiration");
        else expect(msg).toBe("Bad hmac value");
      }
    }
    expect(await quick("Fe26.2\u0000*1*a*b*c**d*e")).toBe("Wrong mac prefix");
    expect(await quick("Ｆe26.2*1*a*b*c**d*e")).toBe("Wrong mac prefix");
  });

  test("a non-string seal is a TypeError", async () => {
    for (const v of [null, undefined, 42, {}, ["Fe26.2"]]) {
      await expect(backend.unseal(v, PASSWORD, 0)).rejects.toThrow(TypeError);
    }
  });
});

describe("key cache and concurrency", () => {
  const importsOf = (spy, secret) =>
    spy.mock.calls.filter((c) => c[2] === "PBKDF2" && Buffer.from(c[1]).toString("utf8") === secret).length;

  test("the PBKDF2 base key is imported once per secret", async () => {
    const secret = `cache-test-${nodeCrypto.randomUUID()}`;
    const spy = vi.spyOn(globalThis.crypto.subtle, "importKey");
    const seals = await Promise.all(Array.from({ length: 20 }, (_, i) => backend.seal(`{"i":${i}}`, "1", secret, "")));
    for (const [i, s] of seals.entries()) expect(await backend.unseal(s, secret, 0)).toBe(`{"i":${i}}`);
    expect(importsOf(spy, secret)).toBe(1);
  });

  test("the cache is bounded (least recently used secret is evicted)", async () => {
    const first = `evict-first-${nodeCrypto.randomUUID()}`;
    const spy = vi.spyOn(globalThis.crypto.subtle, "importKey");
    await backend.seal("{}", "1", first, "");
    const others = Array.from({ length: 100 }, (_, i) => `evict-other-${i}-${nodeCrypto.randomUUID()}`);
    for (const s of others) await backend.seal("{}", "1", s, "");
    const recent = others[others.length - 1];
    await backend.seal("{}", "1", recent, "");
    expect(importsOf(spy, recent)).toBe(1);
    await backend.seal("{}", "1", first, "");
    expect(importsOf(spy, first)).toBe(2);
  });

  test("many concurrent seals are distinct and all open", async () => {
    const seals = await Promise.all(
      Array.from({ length: 200 }, (_, i) => backend.seal(`{"n":${i}}`, "1", PASSWORD, "")),
    );
    expect(new Set(seals).size).toBe(200);
    expect(new Set(seals.map((s) => s.split("*")[2])).size).toBe(200);
    const texts = await Promise.all(seals.map((s) => backend.unseal(s, PASSWORD, 0)));
    for (const [i, t] of texts.entries()) expect(t).toBe(`{"n":${i}}`);
  });
});
