"use strict";

// Every message and constant of the JavaScript layer, once. The texts that
// iron-session 9.0.1 and iron-webcrypto 2.0.0 print are theirs, word for word
// (tests compare them with the real libraries); the rest are this package's.
// The Rust core writes the seal format's messages itself (src/error.rs), and
// the known-answer vectors hold both copies to the same texts.

/** Seconds of clock skew a seal's expiration tolerates. */
const TIMESTAMP_SKEW_SEC = 60;
/** iron-session's default ttl: 14 days. */
const DEFAULT_TTL_SEC = 14 * 24 * 3600;
/** Appended to every seal; outside the MAC, so it selects no code path (D3). */
const VERSION_SUFFIX = "~2";
const MIN_PASSWORD_LENGTH = 32;
/** What browsers keep of one Set-Cookie header. */
const MAX_COOKIE_BYTES = 4096;
/** `chunk: true` splits a seal over at most this many cookies. */
const MAX_CHUNKS = 4;
/** The Max-Age of a ttl-0 session: the largest 32-bit signed integer. */
const SESSION_COOKIE_MAX_AGE = 2147483647;
const METHOD_NAMES = ["save", "destroy", "updateConfig"];
/**
 * The key under which a session's creation time (ms since the epoch) is sealed when
 * `absoluteTtl` or `validate` is set. Never an enumerable property of the session;
 * iron-session, reading such a cookie, sees it as data.
 */
const CREATED_AT_KEY = "__ironSessionCreatedAt";

// The seal format (iron-webcrypto's texts; src/error.rs has the same).
const iron = {
  COMPONENTS: "Incorrect number of sealed components",
  PREFIX: "Wrong mac prefix",
  INVALID_EXPIRATION: "Invalid expiration",
  EXPIRED: "Expired seal",
  EMPTY_PASSWORD: "Empty password",
  INVALID_PASSWORD_ID: "Invalid password id",
  SHORT_PASSWORD: `Password string too short (min ${MIN_PASSWORD_LENGTH} characters required)`,
  BAD_HMAC: "Bad hmac value",
  DECRYPTION_FAILED: "Decryption failed",
  /**
   * The id comes from the cookie, so from whoever sent it: control characters are
   * escaped (a log line cannot be split); ids of word characters print as 9.0.1 does.
   */
  cannotFindPassword: (id) => `Cannot find password: ${escapeControl(id)}`,
};

const escapeControl = (text) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes
  text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

// iron-session 9.0.1's texts, and this package's where it adds a check.
const session = {
  BAD_USAGE: "iron-session: Bad usage: use getIronSession(req, res, options) or getIronSession(cookieStore, options).",
  MISSING_COOKIE_NAME: "iron-session: Bad usage. Missing cookie name.",
  MISSING_PASSWORD: "iron-session: Bad usage. Missing password.",
  EMPTY_PASSWORD_MAP:
    "iron-session: Bad usage. The password map is empty, it must be keyed by numbers, for example { 1: 'your-password' }.",
  NO_USABLE_PASSWORD:
    "iron-session: Bad usage. The password map has no usable entry, it must be a non-empty object keyed by numbers, for example { 1: 'your-password' }.",
  SHORT_PASSWORD: `iron-session: Bad usage. Password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
  passwordIdNotInteger: (id) =>
    `iron-session: Bad usage. Password ids must be integers, got ${JSON.stringify(id)}. Use { 1: '...', 2: '...' }.`,
  /** D8: a ttl that would make a seal immortal or a cookie vanish. */
  invalidTtl: (ttl) =>
    `iron-session: Bad usage. ttl must be a finite number of seconds >= 0 (0 for a seal that never expires), got ${describeValue(ttl)}.`,
  expiresInPast: (expires) =>
    `iron-session: Bad usage. cookieOptions.expires is in the past (${expires.toISOString()}), so the browser will discard the cookie and the session will never persist. This usually means the Date was created once at module scope. Use \`ttl\` instead.`,
  HEADERS_SENT:
    "iron-session: Cannot set session cookie: session.save() was called after headers were sent. Make sure to call it before any res.send() or res.end()",
  BODY_USED:
    "iron-session: Cannot set session cookie: the response body has already been consumed, so the Set-Cookie header would be dropped. Call session.save() before returning or streaming the response.",
  IMMUTABLE_HEADERS:
    "iron-session: Cannot set session cookie: this Response's headers are immutable (Response.redirect() and Response.error() make such responses), so the Set-Cookie header cannot be added. Pass a response you create, e.g. new Response(null, { status: 302, headers: { location } }), to getIronSession.",
  storeRefusedWrite: (storeMessage) =>
    `iron-session: Cannot set session cookie: the cookie store refused it. In Next.js, cookies() can only be changed in a Server Action or a Route Handler, not while a Server Component renders: call session.save() or session.destroy() there. The store said: ${storeMessage}`,
  DESTROYED_SESSION_SAVED:
    "iron-session: Cannot save a destroyed session that has data written back into it. session.destroy() signs the user out, and saving these fields would restore the cookie you just cleared, leaving the user signed in. Get a fresh session if you need to write one.",
  notSerializable: (where) =>
    `iron-session: The session data is not JSON serializable${where}. Store plain JSON values only: a Date must be stored as a timestamp (Date.now()) or an ISO string, and Map/Set/BigInt/functions are not supported.`,
  NOT_SERIALIZABLE_CAUSE: "Data is not JSON serializable",
  tooBig: (bytes) =>
    `iron-session: Cookie length is too big (${bytes} bytes), browsers will refuse it. Remove some data from the session, or set \`chunk: true\` to split it across several cookies.`,
  tooBigMixedChunking: (bytes) =>
    `iron-session: Cookie length is too big (${bytes} bytes) and \`chunk\` is not enabled here, but this session is already stored across several cookies. You have more than one options object and only some of them set \`chunk: true\`. Use the same options everywhere you call getIronSession, including middleware.`,
  nameLeavesNoRoom: (overhead) =>
    `iron-session: The cookie name and options alone take ${overhead} bytes, which leaves no room for session data. Use a shorter cookie name.`,
  tooManyChunks: (count) =>
    `iron-session: The session needs ${count} cookies and the maximum is ${MAX_CHUNKS}. Even at ${MAX_CHUNKS} the whole Cookie header is sent on every request and proxies commonly cap it at 8 KB, so raising this would fail at your CDN instead. Store an id in the session and keep the data in your database.`,
};

// The lifecycle options (lib/lifecycle.cjs), this package's own.
const lifecycle = {
  invalidRolling: (value) =>
    `iron-session-native: Bad usage. rolling must be true, false or { updateAge: seconds >= 0 }, got ${describeValue(value)}.`,
  invalidUpdateAge: (value) =>
    `iron-session-native: Bad usage. rolling.updateAge must be a finite number of seconds >= 0, got ${describeValue(value)}.`,
  invalidAbsoluteTtl: (value) =>
    `iron-session-native: Bad usage. absoluteTtl must be a finite number of seconds > 0, got ${describeValue(value)}.`,
  invalidValidate: (value) =>
    `iron-session-native: Bad usage. validate must be a function (session, info) => boolean | Promise<boolean>, got ${describeValue(value)}.`,
  invalidSchema: (value) =>
    `iron-session-native: Bad usage. schema must be a Standard Schema v1 object (with schema["~standard"].validate), such as a zod, valibot or arktype schema, got ${describeValue(value)}.`,
  ABSOLUTE_EXPIRED: "iron-session-native: the session is older than absoluteTtl",
  REVOKED: "iron-session-native: the session was revoked by validate",
  cookieDoesNotMatch: (issues) =>
    `iron-session-native: the session cookie's data does not match the schema: ${describeIssues(issues)}`,
  saveDoesNotMatch: (issues) =>
    `iron-session-native: Cannot save the session: its data does not match the schema: ${describeIssues(issues)}`,
};

/** Each Standard Schema issue as `path: message`, `(root)` for the data itself. */
function describeIssues(issues) {
  return issues
    .map((issue) => {
      const path = (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment));
      return `${path.length ? path.join(".") : "(root)"}: ${issue.message}`;
    })
    .join("; ");
}

// This package's own.
const native = {
  primitivePayload: (type) => `iron-session-native: the session cookie holds a ${type}, not an object`,
  needsSyncBackend: (name, backend) =>
    `iron-session-native: ${name} needs the native addon, which is not loaded in this runtime (${backend}). Use the async form instead.`,
  INSECURE_COOKIE_WARNING_CODE: "IRON_SESSION_INSECURE_COOKIE",
  insecureCookie: (host) =>
    `iron-session: the session cookie is Secure but this request came over plain http to ${host || "an unknown host"}, ` +
    "so the browser will drop the cookie and the session will not persist. In development, set " +
    '`cookieOptions: { secure: process.env.NODE_ENV === "production" }`, or browse over https or through localhost. ' +
    "Behind a proxy that ends TLS, make it send `x-forwarded-proto: https`. (Shown once per process, never in production.)",
  NO_WEBCRYPTO:
    'iron-session-native: WebCrypto (globalThis.crypto.subtle) or TextEncoder is not available in this runtime, and the native addon did not load. Under jest\'s jsdom environment, set testEnvironmentOptions.customExportConditions to ["node", "node-addons"] to load the native addon.',
};

/** The message of Next.js's ReadonlyRequestCookiesError (Next 13 to 16): cookies() while a Server Component renders. */
const NEXT_READ_ONLY_COOKIES = /^Cookies can only be modified in a Server Action or Route Handler/;

/** A short, printable description of an option's value for an error message. */
function describeValue(value) {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value == null) return String(value);
  if (typeof value === "function") return "a function";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

module.exports = {
  TIMESTAMP_SKEW_SEC,
  DEFAULT_TTL_SEC,
  VERSION_SUFFIX,
  MIN_PASSWORD_LENGTH,
  MAX_COOKIE_BYTES,
  MAX_CHUNKS,
  SESSION_COOKIE_MAX_AGE,
  METHOD_NAMES,
  CREATED_AT_KEY,
  iron,
  lifecycle,
  session,
  native,
  NEXT_READ_ONLY_COOKIES,
  describeValue,
};
