// The two seal backends (the native addon and lib/webcrypto.cjs) against each other
// and against iron-session 9.0.1 on seals that are authentic but odd: every seal here
// carries a valid HMAC (made with node:crypto from the format's definition), so it
// reaches the checks that only an authentic seal can reach (salts, IV, ciphertext,
// padding, plaintext). For each one:
// - the raw backends give the same value, or the same error message;
// - through unsealData, both backends and iron-session 9.0.1 give the same value or,
//   for a seal that does not open, the same onUnsealError reason; where iron-session's
//   error is one of iron's messages, ours is that message too, and where it is a
//   WebCrypto or base64 failure inside iron-webcrypto, ours is "Decryption failed".
import { describe, expect, test } from "vitest";
import { createRequire } from "node:module";
import nodeCrypto from "node:crypto";
import * as iron9 from "iron-session";
import { native, webcrypto } from "./helpers/implementations.mjs";
import { IRON_MESSAGES } from "./helpers/iron-messages.mjs";

const require = createRequire(import.meta.url);
const nativeBackend = require("../binding.cjs");
const webcryptoBackend = require("../lib/webcrypto.cjs");

const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
// Every id used below finds this password, so what differs is the seal, not the lookup.
const PASSWORDS = { 1: PASSWORD, default: PASSWORD, a_b: PASSWORD };
const NOW = Date.now();
// iron-webcrypto decodes the IV and ciphertext with atob (Node 20 to 24) or, where the
// runtime has it, Uint8Array.fromBase64 (Node 26): the two differ on '+', '/', '=' and
// whitespace in those fields. Both backends decode like the atob path on every runtime,
// so on the others iron-session is compared only where the fields avoid those characters.
const IRON_USES_ATOB = typeof Uint8Array.fromBase64 !== "function";
const isIronMessage = (m) =>
  IRON_MESSAGES.includes(m) || /^Cannot find password: |^Failed parsing sealed object JSON: /.test(m);

// ---- the format from its definition, with node:crypto ----
const kdf = (saltText) => nodeCrypto.pbkdf2Sync(Buffer.from(PASSWORD), Buffer.from(saltText), 1, 32, "sha1");
const digestOf = (hmacSalt, base) =>
  nodeCrypto.createHmac("sha256", kdf(hmacSalt)).update(base, "utf8").digest("base64url");
const encrypt = (encSalt, iv, plaintext, { pad = true } = {}) => {
  const cipher = nodeCrypto.createCipheriv("aes-256-cbc", kdf(encSalt), iv);
  cipher.setAutoPadding(pad);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
};
const b64 = (bytes) => Buffer.from(bytes).toString("base64url");
const hex = () => nodeCrypto.randomBytes(32).toString("hex");

const ENC_SALT = hex();
const HMAC_SALT = hex();
const IV = nodeCrypto.randomBytes(16);
const JSON_TEXT = '{"a":1,"é":"😀"}';

/** An authentic seal from its fields; `ct` defaults to JSON_TEXT encrypted with the seal's own salt and IV. */
function forge(fields = {}) {
  const f = { prefix: "Fe26.2", id: "1", encSalt: ENC_SALT, iv: b64(IV), exp: "", hmacSalt: HMAC_SALT, ...fields };
  if (f.ct === undefined) f.ct = b64(encrypt(f.encSalt, fields.ivBytes ?? IV, fields.plaintext ?? JSON_TEXT));
  const base = [f.prefix, f.id, f.encSalt, f.iv, f.ct, f.exp].join("*");
  return `${base}*${f.hmacSalt}*${digestOf(f.hmacSalt, base)}`;
}

// Base64url spellings of the real IV and ciphertext that are not the canonical one.
const IV_TEXT = b64(IV);
const CT = encrypt(ENC_SALT, IV, JSON_TEXT);
const CT_TEXT = b64(CT);
const withStd = (bytes) => Buffer.from(bytes).toString("base64");
const flipLowBits = (s) => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const i = alphabet.indexOf(s.at(-1));
  return s.slice(0, -1) + alphabet[i ^ 1];
};
// An IV made to have '-' and '_' in its base64url form.
const IV_DASH = Buffer.from("fbefbefbefbefbefbefbefbefbefbefb", "hex");

const CASES = [
  // Salts.
  ["canonical seal", {}],
  ["empty encryption salt", { encSalt: "" }],
  ["one-character encryption salt", { encSalt: "a" }],
  ["non-hex encryption salt", { encSalt: "not hex, but text" }],
  ["upper-case hex encryption salt", { encSalt: ENC_SALT.toUpperCase() }],
  ["non-ASCII encryption salt", { encSalt: "sél😀" }],
  ["one-character HMAC salt", { hmacSalt: "z" }],
  ["non-ASCII HMAC salt", { hmacSalt: "sél😀" }],
  ["same salt for both keys", { hmacSalt: ENC_SALT }],
  // Password id (every one of these finds a password, or not, the same way).
  ["empty password id", { id: "" }],
  ["password id a_b", { id: "a_b" }],
  ["password id with no password", { id: "2" }],
  ["password id that is not \\w+", { id: "a b" }],
  ["password id __proto__", { id: "__proto__" }],
  ["password id constructor", { id: "constructor" }],
  ["password id toString", { id: "toString" }],
  // Expiration.
  ["expiration in the future", { exp: String(NOW + 3_600_000) }],
  ["expiration just inside the skew", { exp: String(NOW - 59_000) }],
  ["expiration past the skew", { exp: String(NOW - 61_000) }],
  ["expiration 1", { exp: "1" }],
  ["expiration 0", { exp: "0" }],
  ["expiration with a leading zero", { exp: "0" + String(NOW + 3_600_000) }],
  ["expiration with a sign", { exp: "+" + String(NOW + 3_600_000) }],
  ["expiration in exponent form", { exp: "9e99" }],
  ["expiration with a fraction", { exp: String(NOW + 3_600_000) + ".5" }],
  ["expiration with a space", { exp: " " + String(NOW + 3_600_000) }],
  ["expiration with full-width digits", { exp: "１２３" }],
  ["expiration beyond 2^53", { exp: "9".repeat(30) }],
  ["expiration beyond the double range", { exp: "9".repeat(400) }],
  // IV field.
  ["empty IV", { iv: "" }],
  ["IV of 4 bytes", { iv: "AAAAAA", ivBytes: IV }],
  ["IV of 15 bytes", { iv: b64(IV.subarray(0, 15)) }],
  ["IV of 17 bytes", { iv: b64(Buffer.concat([IV, Buffer.from([0])])) }],
  ["IV of 32 bytes", { iv: b64(Buffer.concat([IV, IV])) }],
  ["IV with = padding", { iv: IV_TEXT + "==" }],
  ["IV with one =", { iv: IV_TEXT + "=" }],
  ["IV with three =", { iv: IV_TEXT + "===" }],
  ["IV with unused low bits set", { iv: flipLowBits(IV_TEXT) }],
  ["IV in the standard alphabet", { iv: withStd(IV_DASH), ivBytes: IV_DASH }],
  ["IV in base64url with - and _", { iv: b64(IV_DASH), ivBytes: IV_DASH }],
  ["IV with a space inside", { iv: IV_TEXT.slice(0, 8) + " " + IV_TEXT.slice(8) }],
  ["IV with a tab inside", { iv: IV_TEXT.slice(0, 8) + "\t" + IV_TEXT.slice(8) }],
  ["IV with a trailing newline", { iv: IV_TEXT + "\n" }],
  ["IV with a space and padding", { iv: IV_TEXT.slice(0, 8) + " " + IV_TEXT.slice(8) + "==" }],
  ["IV with a character outside base64", { iv: IV_TEXT.slice(0, 21) + "!" }],
  ["IV with a . inside", { iv: IV_TEXT.slice(0, 21) + "." }],
  ["IV of one character", { iv: "A" }],
  ["IV of 21 characters", { iv: IV_TEXT.slice(0, 21) }],
  ["IV with = in the middle", { iv: IV_TEXT.slice(0, 8) + "=" + IV_TEXT.slice(8) }],
  // Ciphertext field.
  ["empty ciphertext", { ct: "" }],
  ["ciphertext of one character", { ct: "A" }],
  ["ciphertext of 3 bytes", { ct: "AAAA" }],
  ["ciphertext of 15 bytes", { ct: b64(CT.subarray(0, 15)) }],
  ["ciphertext one block short", { ct: b64(CT.subarray(0, CT.length - 16)) }],
  ["ciphertext with = padding", { ct: CT_TEXT + "=".repeat((4 - (CT_TEXT.length % 4)) % 4) }],
  ["ciphertext with one = too many", { ct: CT_TEXT + "=".repeat(((4 - (CT_TEXT.length % 4)) % 4) + 1) }],
  ["ciphertext with unused low bits set", { ct: flipLowBits(CT_TEXT) }],
  ["ciphertext in the standard alphabet", { ct: withStd(CT) }],
  ["ciphertext with a space inside", { ct: CT_TEXT.slice(0, 5) + " " + CT_TEXT.slice(5) }],
  ["ciphertext with a newline inside", { ct: CT_TEXT.slice(0, 5) + "\n" + CT_TEXT.slice(5) }],
  ["ciphertext with a character outside base64", { ct: CT_TEXT.slice(0, 5) + "$" + CT_TEXT.slice(6) }],
  // Plaintext.
  ["plaintext not JSON", { plaintext: "hello" }],
  ["plaintext empty", { plaintext: "" }],
  ["plaintext null", { plaintext: "null" }],
  ["plaintext with a BOM", { plaintext: "\uFEFF" + JSON_TEXT }],
  ["plaintext with two BOMs", { plaintext: "\uFEFF\uFEFF" + JSON_TEXT }],
  ["plaintext not UTF-8", { plaintext: Buffer.from([0x22, 0xff, 0xfe, 0x22]) }],
  ["plaintext with a lone surrogate's UTF-8", { plaintext: Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]) }],
  ["plaintext of a legacy v5 session", { plaintext: '{"persistent":{"user":1},"flash":{}}' }],
  [
    "bad PKCS#7 padding",
    { ct: b64(encrypt(ENC_SALT, IV, Buffer.concat([Buffer.from('{"a":1}'), Buffer.alloc(9, 0)]), { pad: false })) },
  ],
  [
    "PKCS#7 padding of 17",
    { ct: b64(encrypt(ENC_SALT, IV, Buffer.concat([Buffer.from("{}"), Buffer.alloc(14, 17)]), { pad: false })) },
  ],
  [
    "PKCS#7 padding with unequal bytes",
    {
      ct: b64(
        encrypt(
          ENC_SALT,
          IV,
          Buffer.concat([Buffer.from("{}"), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])]),
          { pad: false },
        ),
      ),
    },
  ],
  // Shape (the HMAC still covers the first six fields as they are).
  ["wrong prefix", { prefix: "Fe26.1" }],
  ["lower-case prefix", { prefix: "fe26.2" }],
  ["an extra field", { exp: "*" }],
  ["two extra fields", { exp: "**" }],
];

/** What the raw backend gives: { value } or { error: message }. */
async function outcome(fn) {
  try {
    return { value: await fn() };
  } catch (error) {
    return { error: error.message };
  }
}

/** unsealData's result and, when it fails, the onUnsealError reason and message. */
async function throughUnsealData(lib, seal) {
  const reports = [];
  const value = await lib.unsealData(`${seal}~2`, {
    password: PASSWORDS,
    onUnsealError: (reason, error) => reports.push({ reason, message: error?.message }),
  });
  return { value, report: reports[0] };
}

const secretFor = (seal) => {
  const id = seal.split("*")[1] ?? "";
  const found = PASSWORDS[id || "default"];
  return !found ? null : typeof found === "string" ? found : "";
};

describe("authentic but odd seals: native, WebCrypto and iron-session 9.0.1 agree", () => {
  test.each(CASES)("%s", async (_name, fields) => {
    const seal = forge(fields);

    const body = seal;
    const fromNative = await outcome(() => nativeBackend.unseal(body, secretFor(body), NOW));
    const fromWebcrypto = await outcome(() => webcryptoBackend.unseal(body, secretFor(body), NOW));
    expect(fromWebcrypto).toEqual(fromNative);

    const ours = await throughUnsealData(native, seal);
    expect(await throughUnsealData(webcrypto, seal)).toEqual(ours);
    const [, , , iv, ct] = seal.split("*");
    if (!IRON_USES_ATOB && /[+/=\s]/.test(`${iv}${ct}`)) return;
    const theirs = await throughUnsealData(iron9, seal);
    expect(ours.value).toEqual(theirs.value);
    expect(ours.report?.reason).toBe(theirs.report?.reason);
    if (theirs.report) {
      const expected = isIronMessage(theirs.report.message) ? theirs.report.message : "Decryption failed";
      expect(ours.report.message).toBe(expected);
    }
  });

  test("the cases cover both opening and every kind of failure", async () => {
    const reasons = new Set();
    const messages = new Set();
    for (const [, fields] of CASES) {
      const { value, report } = await throughUnsealData(iron9, forge(fields));
      reasons.add(report?.reason ?? "opened");
      if (report) messages.add(isIronMessage(report.message) ? report.message.split(":")[0] : "WebCrypto");
      else expect(value).toBeDefined();
    }
    expect([...reasons].sort()).toEqual(["expired", "invalid", "opened", "unknown-password"]);
    for (const m of [
      "Invalid expiration",
      "Expired seal",
      "Cannot find password",
      "Incorrect number of sealed components",
      "Wrong mac prefix",
      "Failed parsing sealed object JSON",
      "WebCrypto",
    ]) {
      expect(messages).toContain(m);
    }
  });
});
