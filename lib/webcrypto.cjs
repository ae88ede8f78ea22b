"use strict";
// WebCrypto backend for iron-session-native.
//
// Produces and accepts the same Fe26.2 seals as the native (Rust) backend and as
// iron-session 9.0.1 / iron-webcrypto 2.0.0, using only web-platform globals
// (crypto.subtle, crypto.getRandomValues, TextEncoder, TextDecoder), so it can
// be bundled for the Edge runtime, workers and browsers. No Node modules, no
// Buffer, no eval.
//
// Seal layout (the caller appends the "~2" version suffix):
//   Fe26.2*{id}*{encSaltHex}*{ivB64url}*{ctB64url}*{expiration}*{hmacSaltHex}*{hmacB64url}
//   └──────────────────── HMAC-SHA256 input ────────────────────┘

const { MIN_PASSWORD_LENGTH, TIMESTAMP_SKEW_SEC, iron, native } = require("./messages.cjs");

const MAC_PREFIX = "Fe26.2";
const TIMESTAMP_SKEW_MS = TIMESTAMP_SKEW_SEC * 1000;
const IV_BYTES = 16;
const SALT_BYTES = 32;
const KEY_CACHE_LIMIT = 32;

const ID_RE = /^\w+$/;
const EXP_RE = /^[1-9]\d*$/;

// Made on first use, not at load: a runtime without them (jest's jsdom) can still
// load the package, and gets a clear error when it seals.
let encoder;
// Non-fatal (invalid bytes become U+FFFD) and strips a leading BOM, like iron-webcrypto.
let decoder;

// ---------------------------------------------------------------------------
// Platform access (looked up at call time so tests can stub getRandomValues).

function webCrypto() {
  const c = globalThis.crypto;
  if (!c?.subtle || typeof c.getRandomValues !== "function" || typeof TextEncoder !== "function") {
    throw new Error(native.NO_WEBCRYPTO);
  }
  encoder ??= new TextEncoder();
  decoder ??= new TextDecoder();
  return c;
}

function randomBytes(c, n) {
  const out = new Uint8Array(n);
  // Called as a method: WebCrypto implementations require `this` to be the Crypto object.
  c.getRandomValues(out);
  return out;
}

// ---------------------------------------------------------------------------
// Encodings.

const B64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64URL_ENC = new Array(64);
const B64_DEC = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  B64URL_ENC[i] = B64URL_ALPHABET[i];
  B64_DEC[B64URL_ALPHABET.charCodeAt(i)] = i;
}
// The standard alphabet's two characters too, for fieldBytes.
B64_DEC[43 /* + */] = 62;
B64_DEC[47 /* / */] = 63;

const HEX = new Array(256);
for (let i = 0; i < 256; i++) HEX[i] = (i < 16 ? "0" : "") + i.toString(16);

function toHex(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

// base64url, no padding.
function toBase64url(input) {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const n = bytes.length;
  const full = n - (n % 3);
  const chunks = [];
  let s = "";
  for (let i = 0; i < full; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64URL_ENC[v >> 18] + B64URL_ENC[(v >> 12) & 63] + B64URL_ENC[(v >> 6) & 63] + B64URL_ENC[v & 63];
    if (s.length >= 8192) {
      chunks.push(s);
      s = "";
    }
  }
  if (n - full === 1) {
    const v = bytes[full] << 16;
    s += B64URL_ENC[v >> 18] + B64URL_ENC[(v >> 12) & 63];
  } else if (n - full === 2) {
    const v = (bytes[full] << 16) | (bytes[full + 1] << 8);
    s += B64URL_ENC[v >> 18] + B64URL_ENC[(v >> 12) & 63] + B64URL_ENC[(v >> 6) & 63];
  }
  if (chunks.length === 0) return s;
  chunks.push(s);
  return chunks.join("");
}

// Decodes the IV or ciphertext field as iron-session 9.0.1 does on Node 20 to 24
// (iron-webcrypto 2.0.0, uint8array-extras, atob), whatever the runtime, like the
// native backend: '-' and '_' read as '+' and '/', '=' appended up to a multiple of 4
// characters (counting every character); then atob: ASCII whitespace skipped, at most
// two '=' and only at the end and only when the rest is a multiple of 4, no lone last
// character, unused low bits ignored. Returns null where that throws. The HMAC has
// already authenticated the field as literal text, so the leniency only decides
// agreement.
function fieldBytes(str) {
  const appended = (4 - (str.length % 4)) % 4;
  const out = new Uint8Array(Math.floor(str.length / 4) * 3 + 3);
  let equals = 0;
  let sextets = 0;
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < str.length; i++) {
    const code = str.charCodeAt(i);
    if (code === 9 || code === 10 || code === 12 || code === 13 || code === 32) continue;
    if (code === 61 /* = */) {
      equals++;
      continue;
    }
    const value = dec64(code);
    if (equals > 0 || value < 0) return null;
    sextets++;
    acc = ((acc << 6) | value) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  const allEquals = equals + appended;
  if (allEquals > 2 || ((sextets + allEquals) % 4 !== 0 && allEquals > 0) || sextets % 4 === 1) return null;
  return out.subarray(0, o);
}

function dec64(code) {
  return code < 128 ? B64_DEC[code] : -1;
}

// Compares the computed digest text with the received field: the loop runs over the
// (fixed, 43-char) expected length whatever the input is, and a length mismatch fails.
function constantTimeEqual(expected, received) {
  let diff = expected.length ^ received.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= expected.charCodeAt(i) ^ (received.charCodeAt(i) | 0);
  }
  return diff === 0;
}

// ---------------------------------------------------------------------------
// Keys.

// secret string -> Promise<CryptoKey> (PBKDF2 base key), least recently used first.
const baseKeyCache = new Map();

function pbkdf2BaseKey(c, secret) {
  let p = baseKeyCache.get(secret);
  if (p !== undefined) {
    baseKeyCache.delete(secret);
    baseKeyCache.set(secret, p);
    return p;
  }
  p = c.subtle.importKey("raw", encoder.encode(secret), "PBKDF2", false, ["deriveKey"]);
  baseKeyCache.set(secret, p);
  p.catch(() => {
    if (baseKeyCache.get(secret) === p) baseKeyCache.delete(secret);
  });
  if (baseKeyCache.size > KEY_CACHE_LIMIT) {
    baseKeyCache.delete(baseKeyCache.keys().next().value);
  }
  return p;
}

// PBKDF2-HMAC-SHA1, 1 iteration, 256-bit output; the salt is the UTF-8 of the hex TEXT.
function deriveKey(c, baseKey, saltText, algorithm, usages) {
  return c.subtle.deriveKey(
    { name: "PBKDF2", salt: encoder.encode(saltText), iterations: 1, hash: "SHA-1" },
    baseKey,
    algorithm,
    false,
    usages,
  );
}

const AES_ALG = { name: "AES-CBC", length: 256 };
const HMAC_ALG = { name: "HMAC", hash: "SHA-256", length: 256 };

async function hmacDigest(c, baseKey, saltText, macBaseString) {
  const key = await deriveKey(c, baseKey, saltText, HMAC_ALG, ["sign"]);
  return toBase64url(await c.subtle.sign("HMAC", key, encoder.encode(macBaseString)));
}

// ---------------------------------------------------------------------------
// seal

async function seal(json, passwordId, secret, expiration) {
  if (typeof json !== "string") throw new TypeError("seal: json must be a string");
  const id = passwordId == null ? "" : String(passwordId);
  const exp = expiration == null ? "" : String(expiration);

  if (typeof secret !== "string" || secret.length === 0) throw new Error(iron.EMPTY_PASSWORD);
  if (id !== "" && !ID_RE.test(id)) throw new Error(iron.INVALID_PASSWORD_ID);
  if (secret.length < MIN_PASSWORD_LENGTH) throw new Error(iron.SHORT_PASSWORD);

  const c = webCrypto();
  // Draw order matches iron-webcrypto 2.0.0: IV, encryption salt, HMAC salt.
  const iv = randomBytes(c, IV_BYTES);
  const encSalt = toHex(randomBytes(c, SALT_BYTES));
  const hmacSalt = toHex(randomBytes(c, SALT_BYTES));

  const baseKey = await pbkdf2BaseKey(c, secret);
  const encKey = await deriveKey(c, baseKey, encSalt, AES_ALG, ["encrypt"]);
  const ciphertext = await c.subtle.encrypt({ name: "AES-CBC", iv }, encKey, encoder.encode(json));

  const macBaseString =
    MAC_PREFIX + "*" + id + "*" + encSalt + "*" + toBase64url(iv) + "*" + toBase64url(ciphertext) + "*" + exp;
  const digest = await hmacDigest(c, baseKey, hmacSalt, macBaseString);
  return macBaseString + "*" + hmacSalt + "*" + digest;
}

// ---------------------------------------------------------------------------
// unseal

// Splits into exactly 8 fields, without building a huge array for hostile input.
function splitSeal(sealed) {
  const parts = [];
  let start = 0;
  for (let k = 0; k < 7; k++) {
    const at = sealed.indexOf("*", start);
    if (at === -1) return null;
    parts.push(sealed.slice(start, at));
    start = at + 1;
  }
  if (sealed.indexOf("*", start) !== -1) return null;
  parts.push(sealed.slice(start));
  return parts;
}

async function unseal(sealed, secret, nowMs) {
  if (typeof sealed !== "string") throw new TypeError("unseal: sealed must be a string");
  const now = typeof nowMs === "number" ? nowMs : Date.now();

  const parts = splitSeal(sealed);
  if (parts === null) throw new Error(iron.COMPONENTS);
  const [prefix, passwordId, encSalt, ivB64, ctB64, expiration, hmacSalt, digest] = parts;
  if (prefix !== MAC_PREFIX) throw new Error(iron.PREFIX);

  if (expiration !== "") {
    if (!EXP_RE.test(expiration)) throw new Error(iron.INVALID_EXPIRATION);
    if (Number.parseInt(expiration, 10) <= now - TIMESTAMP_SKEW_MS) throw new Error(iron.EXPIRED);
  }

  if (secret === null || secret === undefined) {
    throw new Error(iron.cannotFindPassword(passwordId || "default"));
  }
  if (typeof secret !== "string" || secret.length === 0) throw new Error(iron.EMPTY_PASSWORD);
  if (secret.length < MIN_PASSWORD_LENGTH) throw new Error(iron.SHORT_PASSWORD);

  const c = webCrypto();
  const baseKey = await pbkdf2BaseKey(c, secret);

  // An empty HMAC salt is never produced by a sealer (iron-webcrypto would draw a
  // random one when verifying), so it simply fails verification.
  if (hmacSalt === "") throw new Error(iron.BAD_HMAC);
  const macBaseString = prefix + "*" + passwordId + "*" + encSalt + "*" + ivB64 + "*" + ctB64 + "*" + expiration;
  const expected = await hmacDigest(c, baseKey, hmacSalt, macBaseString);
  // Only the canonical unpadded base64url spelling of the digest is accepted.
  if (!constantTimeEqual(expected, digest)) throw new Error(iron.BAD_HMAC);

  let plaintext;
  try {
    if (encSalt === "") throw new Error(iron.DECRYPTION_FAILED);
    const iv = fieldBytes(ivB64);
    const ct = fieldBytes(ctB64);
    if (iv === null || iv.length !== IV_BYTES || ct === null) throw new Error(iron.DECRYPTION_FAILED);
    const encKey = await deriveKey(c, baseKey, encSalt, AES_ALG, ["decrypt"]);
    plaintext = await c.subtle.decrypt({ name: "AES-CBC", iv }, encKey, ct);
  } catch {
    throw new Error(iron.DECRYPTION_FAILED);
  }
  return decoder.decode(plaintext);
}

// Meets the SealBackend contract (lib/backend.d.ts), checked by __test__/types/backend.cts.
module.exports = Object.freeze({ name: "webcrypto", sync: false, seal, unseal });
