"use strict";

// The cookie codec, with the exact rules of cookie@2.0.2 (what iron-session 9.0.1 uses):
// `Cookie` request headers in, `Set-Cookie` response headers out.

// Names: visible ASCII except `;` and `=` (cookie@2 is looser than the RFC token).
const COOKIE_NAME = /^[\u0021-\u003A\u003C\u003E-\u007E]+$/;
// A value holding any of these is percent-encoded as a whole; seals never do.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
const NEEDS_ENCODING = /[\u0000-\u0020\u007F-\uFFFF",;\\%]/;
const DOMAIN = /^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const PATH = /^[\u0020-\u003A\u003D-\u007E]*$/;

const SPACE = 32;
const TAB = 9;

/** Slices `str[start..end)` with spaces and tabs (only those) trimmed from both ends. */
function trimmedSlice(str, start, end) {
  while (start < end) {
    const code = str.charCodeAt(start);
    if (code !== SPACE && code !== TAB) break;
    start++;
  }
  while (end > start) {
    const code = str.charCodeAt(end - 1);
    if (code !== SPACE && code !== TAB) break;
    end--;
  }
  return str.slice(start, end);
}

function decodeValue(value) {
  if (value.indexOf("%") === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a malformed escape keeps the raw text
  }
}

/**
 * Parses a `Cookie` header into a Map of name → value. The first occurrence of a
 * name wins, values are percent-decoded when they can be, quotes are kept.
 * A Map rather than an object: names such as `__proto__` are just keys.
 */
function parseCookieHeader(str) {
  const cookies = new Map();
  if (typeof str !== "string") return cookies;
  const len = str.length;
  if (len < 2) return cookies;
  let index = 0;
  while (index < len) {
    const eq = str.indexOf("=", index);
    if (eq === -1) break;
    let end = str.indexOf(";", index);
    if (end === -1) end = len;
    if (eq > end) {
      // This segment has no `=`: resume after the last `;` before the next `=`.
      index = str.lastIndexOf(";", eq - 1) + 1;
      continue;
    }
    const name = trimmedSlice(str, index, eq);
    if (!cookies.has(name)) cookies.set(name, decodeValue(trimmedSlice(str, eq + 1, end)));
    index = end + 1;
  }
  return cookies;
}

/**
 * Serializes one `Set-Cookie` header value. Attribute order and every TypeError
 * message are cookie@2.0.2's; `maxAge: undefined` means no Max-Age at all.
 * The parameter is named `cookie` so that V8's own message for a non-Date
 * `expires` reads exactly as cookie@2's does.
 */
function serializeSetCookie(name, value, cookie) {
  if (!COOKIE_NAME.test(name)) throw new TypeError(`cookie name is invalid: ${name}`);
  let str = name + "=" + (value == null ? "" : NEEDS_ENCODING.test(value) ? encodeURIComponent(value) : value);

  if (cookie.maxAge !== undefined) {
    if (!Number.isSafeInteger(cookie.maxAge)) throw new TypeError(`cookie maxAge is invalid: ${cookie.maxAge}`);
    str += "; Max-Age=" + cookie.maxAge;
  }
  if (cookie.domain) {
    if (!DOMAIN.test(cookie.domain)) throw new TypeError(`cookie domain is invalid: ${cookie.domain}`);
    str += "; Domain=" + cookie.domain;
  }
  if (cookie.path) {
    if (!PATH.test(cookie.path)) throw new TypeError(`cookie path is invalid: ${cookie.path}`);
    str += "; Path=" + cookie.path;
  }
  if (cookie.expires) {
    const year = cookie.expires.getUTCFullYear();
    if (!(year >= 1601 && year <= 9999)) throw new TypeError(`cookie expires is invalid: ${cookie.expires}`);
    str += "; Expires=" + cookie.expires.toUTCString();
  }
  if (cookie.httpOnly) str += "; HttpOnly";
  if (cookie.secure) str += "; Secure";
  if (cookie.partitioned) str += "; Partitioned";
  if (cookie.priority) {
    const priority = typeof cookie.priority === "string" ? cookie.priority.toLowerCase() : undefined;
    if (priority === "low") str += "; Priority=Low";
    else if (priority === "medium") str += "; Priority=Medium";
    else if (priority === "high") str += "; Priority=High";
    else throw new TypeError(`cookie priority is invalid: ${cookie.priority}`);
  }
  if (cookie.sameSite) {
    const sameSite = typeof cookie.sameSite === "string" ? cookie.sameSite.toLowerCase() : cookie.sameSite;
    if (sameSite === true || sameSite === "strict") str += "; SameSite=Strict";
    else if (sameSite === "lax") str += "; SameSite=Lax";
    else if (sameSite === "none") str += "; SameSite=None";
    else throw new TypeError(`cookie sameSite is invalid: ${cookie.sameSite}`);
  }
  return str;
}

module.exports = { parseCookieHeader, serializeSetCookie };
