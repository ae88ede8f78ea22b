"use strict";

// Where a session's cookies live. A jar is { read(name), write(name, value,
// options, header?), names?(), assertWritable?(), warnIfDropped?(cookieOptions) } over
// one calling shape: a Node req/res pair, a Web Request with a Response or Headers, Next's proxy
// request/response, or a cookie store such as Next's `cookies()`. On top of
// a jar, a seal is stored in one cookie or, with `chunk`, in `name.0`..`name.3`.

const { parseCookieHeader, serializeSetCookie } = require("./cookie.cjs");
const { MAX_CHUNKS, MAX_COOKIE_BYTES, NEXT_READ_ONLY_COOKIES, session: messages } = require("./messages.cjs");
const { warnIfCookieWillBeDropped } = require("./warnings.cjs");

function isWebRequest(req) {
  return "headers" in req && typeof req.headers.get === "function";
}

/**
 * The cookies of a request's Cookie header, read and parsed once per session, at its
 * first read (as iron-session reads them once, in getIronSession). A save reads them
 * again to expire stale chunks; on a Web Request each header read goes through undici's
 * checks (bench/bench.mjs, "getIronSession(Request, Response) + save()").
 */
function requestCookies(req) {
  let cookies;
  return () => {
    cookies ??= parseCookieHeader((isWebRequest(req) ? req.headers.get("cookie") : req.headers.cookie) ?? "");
    return cookies;
  };
}

/** Cookie names in JavaScript property order, as the keys of cookie@2's parse result are. */
const cookieNames = (cookies) => Object.keys(Object.fromEntries(cookies));

// The jars are object literals (not spreads of a shared reader, which V8 builds
// far more slowly), with the same properties in the same order.
function nodeCookies(req, res) {
  const cookies = requestCookies(req);
  return {
    read: (name) => cookies().get(name),
    names: () => cookieNames(cookies()),
    assertWritable() {
      if (res.headersSent) throw new Error(messages.HEADERS_SENT);
    },
    warnIfDropped: (cookieOptions) => warnIfCookieWillBeDropped(req, cookieOptions),
    write(name, value, options, header = serializeSetCookie(name, value, options)) {
      const existing = res.getHeader("set-cookie") ?? [];
      const previous = Array.isArray(existing) ? existing : [existing.toString()];
      res.setHeader("set-cookie", [...previous, header]);
    },
  };
}

function webCookies(request, response) {
  const headers = response instanceof Headers ? response : response.headers;
  const cookies = requestCookies(request);
  return {
    read: (name) => cookies().get(name),
    names: () => cookieNames(cookies()),
    assertWritable() {
      if (response instanceof Response && response.bodyUsed) throw new Error(messages.BODY_USED);
    },
    warnIfDropped: (cookieOptions) => warnIfCookieWillBeDropped(request, cookieOptions),
    write(name, value, options, header = serializeSetCookie(name, value, options)) {
      // A Response.redirect() or Response.error() throws a bare "immutable" TypeError here.
      try {
        headers.append("set-cookie", header);
      } catch (error) {
        if (!(headers instanceof Headers)) throw error; // not a response at all: iron-session's own error
        throw new Error(messages.IMMUTABLE_HEADERS, { cause: error });
      }
    },
  };
}

function nextProxyCookies(request, response) {
  return {
    read: (name) => request.cookies.get(name)?.value,
    names: () => request.cookies.getAll?.().map((cookie) => cookie.name) ?? [],
    // The same checks as the Web jar.
    assertWritable() {
      if (response instanceof Response && response.bodyUsed) throw new Error(messages.BODY_USED);
    },
    warnIfDropped: (cookieOptions) => warnIfCookieWillBeDropped(request, cookieOptions),
    write(name, value, options) {
      // Next only passes a cookie to the current render through response.cookies;
      // the request copy lets a later read in the same request see the new seal.
      response.cookies.set(name, value, options);
      request.cookies.set(name, value);
    },
  };
}

function cookieStoreJar(store) {
  return {
    read: (name) => store.get(name)?.value,
    write(name, value, options) {
      // Next's read-only cookies() (Server Components) throw; say where saving works.
      try {
        store.set(name, value, options);
      } catch (error) {
        if (!NEXT_READ_ONLY_COOKIES.test(error?.message)) throw error;
        throw new Error(messages.storeRefusedWrite(error.message), { cause: error });
      }
    },
  };
}

const hasMethods = (value, a, b) =>
  typeof value === "object" && value !== null && typeof value[a] === "function" && typeof value[b] === "function";

/**
 * The jar for getIronSession's arguments after the options: (req, res) or one
 * cookie store or jar. undefined when the shape is not one of those.
 */
function jarFor(first, second) {
  if (second !== undefined) return isWebRequest(first) ? webCookies(first, second) : nodeCookies(first, second);
  if (hasMethods(first, "read", "write")) return first;
  if (hasMethods(first, "get", "set")) return cookieStoreJar(first);
  return undefined;
}

// ---------------------------------------------------------------------------
// A seal in a jar: one cookie, or up to MAX_CHUNKS cookies `name.0`..`name.3`.

const chunkName = (cookieName, index) => `${cookieName}.${index}`;

/** The seal from the whole cookie or, when that is absent, its chunks up to the first gap. */
function readSeal(jar, cookieName) {
  const whole = jar.read(cookieName);
  if (whole) return whole;
  let seal = "";
  for (let index = 0; index < MAX_CHUNKS; index++) {
    const part = jar.read(chunkName(cookieName, index));
    if (!part) break;
    seal += part;
  }
  return seal;
}

/** Expires the cookies that the request carries but the session no longer uses. */
function expireStale(jar, cookieName, cookieOptions, keepWhole, firstStaleChunk) {
  const expire = (name) => {
    if (jar.read(name)) jar.write(name, "", { ...cookieOptions, maxAge: 0 });
  };
  if (!keepWhole) expire(cookieName);
  for (let index = firstStaleChunk; index < MAX_CHUNKS; index++) expire(chunkName(cookieName, index));
}

/**
 * A Set-Cookie header's size in bytes, as browsers count it. Every header the cookie codec
 * writes is ASCII (non-ASCII names, paths and domains are refused, values percent-encoded),
 * so its UTF-16 length is its UTF-8 length.
 */
const headerBytes = (header) => header.length;

function writeSeal(jar, { cookieName, cookieOptions, chunk }, seal) {
  // Serialized once: measured, then handed to the jar (`header`) to send.
  const header = serializeSetCookie(cookieName, seal, cookieOptions);
  const wholeBytes = headerBytes(header);
  if (wholeBytes <= MAX_COOKIE_BYTES) {
    jar.write(cookieName, seal, cookieOptions, header);
    expireStale(jar, cookieName, cookieOptions, true, 0);
    return;
  }
  if (!chunk) {
    throw new Error(
      jar.read(chunkName(cookieName, 0)) ? messages.tooBigMixedChunking(wholeBytes) : messages.tooBig(wholeBytes),
    );
  }
  const overhead = headerBytes(serializeSetCookie(chunkName(cookieName, 0), "", cookieOptions));
  const budget = MAX_COOKIE_BYTES - overhead;
  if (budget <= 0) throw new Error(messages.nameLeavesNoRoom(overhead));
  const count = Math.ceil(seal.length / budget);
  if (count > MAX_CHUNKS) throw new Error(messages.tooManyChunks(count));
  for (let index = 0; index < count; index++) {
    jar.write(chunkName(cookieName, index), seal.slice(index * budget, (index + 1) * budget), cookieOptions);
  }
  expireStale(jar, cookieName, cookieOptions, false, count);
}

/** Clears the session's cookie and any chunks the request carries. */
function clearSeal(jar, { cookieName, cookieOptions }) {
  jar.write(cookieName, "", { ...cookieOptions, maxAge: 0 });
  expireStale(jar, cookieName, cookieOptions, true, 0);
}

module.exports = { nodeCookies, webCookies, nextProxyCookies, jarFor, readSeal, writeSeal, clearSeal };
