"use strict";

// `iron-session-native/testing`: helpers for testing the code that uses sessions
// (route handlers, Server Actions, API routes, getServerSideProps), built on the
// public API only, so a session here is exactly one the app would see.

const { getIronSession } = require("../index.cjs");
const { parseCookieHeader, serializeSetCookie } = require("./cookie.cjs");

// Next.js's own message for cookies().set() while a Server Component renders.
const READ_ONLY_COOKIES =
  "Cookies can only be modified in a Server Action or Route Handler. Read more: https://nextjs.org/docs/app/api-reference/functions/cookies#options";

/** `name=value` as a browser sends it back in a Cookie header (the value encoded as in Set-Cookie). */
const cookiePair = (name, value) => serializeSetCookie(name, value, {});

/**
 * The Cookie header a browser sends once `data` is its session: `name=seal`,
 * or `name.0=…; name.1=…` when `chunk` splits a large session.
 */
async function sealCookie(data, options) {
  const written = new Map();
  const jar = {
    read: () => undefined,
    write: (name, value) => written.set(name, value),
  };
  const session = await getIronSession(jar, options);
  Object.assign(session, data);
  await session.save();
  return [...written].map(([name, value]) => cookiePair(name, value)).join("; ");
}

function isExpired({ maxAge, expires }) {
  if (maxAge !== undefined && maxAge !== null && Number(maxAge) <= 0) return true;
  if (expires === undefined || expires === null) return false;
  return new Date(expires).getTime() <= Date.now();
}

/** The `{ name, value }` list of `cookieStore(initial)`: a Cookie header, an object, or an iterable of cookies. */
function initialCookies(initial) {
  if (initial === undefined || initial === null) return [];
  if (typeof initial === "string") return [...parseCookieHeader(initial)].map(([name, value]) => ({ name, value }));
  if (typeof initial[Symbol.iterator] === "function") {
    return [...initial].map((entry) =>
      Array.isArray(entry) ? { name: entry[0], value: entry[1] } : { name: entry.name, value: entry.value },
    );
  }
  return Object.entries(initial).map(([name, value]) => ({ name, value: String(value) }));
}

/**
 * An in-memory stand-in for Next's `cookies()`: the methods of its cookie store,
 * starting from the cookies a request carries, recording every change in `changes`.
 * A cookie set with `maxAge <= 0` or a past `expires` (as `delete` does) is gone
 * from `get`/`getAll`/`has`, as it is on the next request.
 * `{ readOnly: true }` refuses changes as Next does while a Server Component renders.
 */
function cookieStore(initial, { readOnly = false } = {}) {
  const cookies = new Map();
  for (const cookie of initialCookies(initial)) cookies.set(cookie.name, cookie);
  const changes = [];
  const nameOf = (nameOrCookie) =>
    typeof nameOrCookie === "object" && nameOrCookie !== null ? nameOrCookie.name : nameOrCookie;
  const copy = (cookie) => (cookie === undefined ? undefined : { ...cookie });

  const store = {
    /** Every set() and delete(), in order, as `{ name, value, ...options }`. */
    changes,
    get: (nameOrCookie) => copy(cookies.get(nameOf(nameOrCookie))),
    getAll: (nameOrCookie) => {
      const all = [...cookies.values()].map(copy);
      return nameOrCookie === undefined ? all : all.filter((cookie) => cookie.name === nameOf(nameOrCookie));
    },
    has: (name) => cookies.has(name),
    set(...args) {
      if (readOnly) throw new Error(READ_ONLY_COOKIES);
      const [first, value, options] = args;
      const cookie = typeof first === "object" && first !== null ? { ...first } : { ...options, name: first, value };
      cookie.value = cookie.value == null ? "" : String(cookie.value);
      cookiePair(cookie.name, cookie.value); // refuses an invalid name, as Next does
      changes.push(cookie);
      if (isExpired(cookie)) cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie);
      return store;
    },
    delete(nameOrCookie) {
      const { name, path, domain } = typeof nameOrCookie === "object" ? nameOrCookie : { name: nameOrCookie };
      return store.set({ name, path, domain, value: "", expires: new Date(0) });
    },
    get size() {
      return cookies.size;
    },
    [Symbol.iterator]: () => [...cookies].map(([name, cookie]) => [name, copy(cookie)])[Symbol.iterator](),
    /** The Cookie header of the next request. */
    toString: () => [...cookies.values()].map((cookie) => cookiePair(cookie.name, cookie.value)).join("; "),
    /** The Set-Cookie headers a response would carry for `changes`. */
    setCookieHeaders: () =>
      changes.map(({ name, value, expires, ...attributes }) =>
        serializeSetCookie(name, value, {
          ...attributes,
          ...(expires === undefined ? {} : { expires: new Date(expires) }),
        }),
      ),
  };
  return store;
}

/** One Set-Cookie header: its name, value and whether it removes the cookie. */
function parseSetCookie(header) {
  const [pair, ...attributes] = String(header).split(";");
  const eq = pair.indexOf("=");
  const name = pair.slice(0, eq).trim();
  const value = [...parseCookieHeader(`v=${pair.slice(eq + 1).trim()}`).values()][0] ?? "";
  const options = {};
  for (const attribute of attributes) {
    const [key, ...rest] = attribute.split("=");
    const lower = key.trim().toLowerCase();
    if (lower === "max-age") options.maxAge = Number(rest.join("=").trim());
    if (lower === "expires") options.expires = rest.join("=").trim();
  }
  return { name, value, removed: eq === -1 ? false : isExpired(options), valid: eq > 0 };
}

/** The Set-Cookie headers of a Response, Headers, Node ServerResponse, string or array. */
function setCookieHeaders(from) {
  if (typeof from === "string") return [from];
  if (Array.isArray(from)) return from;
  if (typeof from?.getSetCookie === "function") return from.getSetCookie();
  if (typeof from?.headers?.getSetCookie === "function") return from.headers.getSetCookie();
  if (typeof from?.getHeader === "function") {
    const header = from.getHeader("set-cookie");
    return header === undefined ? [] : Array.isArray(header) ? header : [String(header)];
  }
  return null;
}

const isCookieStore = (from) => typeof from?.getAll === "function" && typeof from?.get === "function";
const isSessionCookie = (cookieName, name) =>
  name === cookieName || (name.startsWith(`${cookieName}.`) && /^\d+$/.test(name.slice(cookieName.length + 1)));

/**
 * The session data that `from` carries after the code under test ran:
 * - a Response, Headers, ServerResponse or Set-Cookie list: what the browser holds once it
 *   applies those headers: the data, `{}` when they clear the session, `undefined` when they
 *   neither set nor clear it;
 * - a cookie store (`cookieStore()` or Next's): the session its cookies hold now, `{}` without one.
 * Chunked sessions are joined. A cookie that does not open (wrong password, expired, forged) throws.
 */
async function readSession(from, options) {
  const cookieName = options?.cookieName;
  const cookies = new Map();
  if (isCookieStore(from)) {
    for (const { name, value } of from.getAll()) cookies.set(name, value);
  } else {
    const headers = setCookieHeaders(from);
    if (headers === null) {
      throw new TypeError(
        "readSession(from, options): `from` must be a Response, a Headers, a Node ServerResponse, a Set-Cookie string or array, or a cookie store.",
      );
    }
    let touched = false;
    for (const { name, value, removed, valid } of headers.map(parseSetCookie)) {
      if (!valid) continue;
      touched ||= isSessionCookie(cookieName, name);
      if (removed) cookies.delete(name);
      else cookies.set(name, value);
    }
    if (!touched) return undefined;
  }
  let failure;
  const jar = {
    read: (name) => cookies.get(name),
    write: () => {
      throw new Error("readSession only reads");
    },
  };
  const session = await getIronSession(jar, {
    ...options,
    onUnsealError: (reason, error) => (failure = { reason, error }),
  });
  if (failure) {
    throw new Error(
      `readSession: the ${cookieName} cookie does not open with these options (${failure.reason}): ${failure.error?.message ?? failure.error}`,
      { cause: failure.error },
    );
  }
  return { ...session };
}

module.exports = { sealCookie, cookieStore, readSession, READ_ONLY_COOKIES };
