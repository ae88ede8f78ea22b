"use strict";

// The whole public API of iron-session 9.0.1, written once over a seal backend:
// the Rust addon in Node, WebCrypto where a native addon cannot load.
//
// A backend has
//   seal(json, passwordId, secret, expiration) -> seal without "~2"
//   unseal(sealWithoutSuffix, secret | null | "", nowMs) -> plaintext
// (each returning a value or a Promise of it), and `sync: true` when both return
// values, which enables sealDataSync and unsealDataSync.

const { parseCookieHeader, serializeSetCookie, setCookieBytes } = require("./cookie.cjs");
const { stringifyLossless, describeUnserializable } = require("./json.cjs");
// devx: development warning for Secure cookies over plain http (port into the session save path).
const { warnIfCookieWillBeDropped } = require("./warnings.cjs");

const TIMESTAMP_SKEW_SEC = 60;
const DEFAULT_TTL_SEC = 14 * 24 * 3600;
const VERSION_SUFFIX = "~2";
const MAX_COOKIE_BYTES = 4096;
const MAX_CHUNKS = 4;
const SESSION_COOKIE_MAX_AGE = 2147483647;
const METHOD_NAMES = ["save", "destroy", "updateConfig"];

const BAD_USAGE =
  "iron-session: Bad usage: use getIronSession(req, res, options) or getIronSession(cookieStore, options).";
const NO_USABLE_PASSWORD =
  "iron-session: Bad usage. The password map has no usable entry, it must be a non-empty object keyed by numbers, for example { 1: 'your-password' }.";
const DESTROYED_SESSION_SAVED =
  "iron-session: Cannot save a destroyed session that has data written back into it. session.destroy() signs the user out, and saving these fields would restore the cookie you just cleared, leaving the user signed in. Get a fresh session if you need to write one.";
const SHORT_PASSWORD = "iron-session: Bad usage. Password must be at least 32 characters long.";
const HEADERS_SENT =
  "iron-session: Cannot set session cookie: session.save() was called after headers were sent. Make sure to call it before any res.send() or res.end()";
const BODY_USED =
  "iron-session: Cannot set session cookie: the response body has already been consumed, so the Set-Cookie header would be dropped. Call session.save() before returning or streaming the response.";
// devx: loud errors where a jar cannot write (port with the jars).
const IMMUTABLE_HEADERS =
  "iron-session: Cannot set session cookie: this Response's headers are immutable (Response.redirect() and Response.error() make such responses), so the Set-Cookie header cannot be added. Pass a response you create, e.g. new Response(null, { status: 302, headers: { location } }), to getIronSession.";
const STORE_REFUSED_WRITE =
  "iron-session: Cannot set session cookie: the cookie store refused it. In Next.js, cookies() can only be changed in a Server Action or a Route Handler, not while a Server Component renders: call session.save() or session.destroy() there. The store said: ";
// The message of Next's ReadonlyRequestCookiesError (Next 13 to 16).
const READ_ONLY_STORE = /^Cookies can only be modified in a Server Action or Route Handler/;

const toPasswordMap = (password) => (typeof password === "string" ? { 1: password } : password);

function stripVersion(seal) {
  const tilde = seal.indexOf("~");
  return tilde === -1 ? seal : seal.slice(0, tilde);
}

/**
 * The secret for a seal, looked up as iron-session does: by the seal's password
 * id (`default` when empty) with a plain property read. null when there is none,
 * "" when the entry is not a usable string; the backend reports either in order.
 */
function secretFor(password, seal) {
  const first = seal.indexOf("*");
  const second = first === -1 ? -1 : seal.indexOf("*", first + 1);
  const id = second === -1 ? "" : seal.slice(first + 1, second);
  // A string password is the map { 1: password }: the common case, without the map.
  if (id === "1" && typeof password === "string" && password) return password;
  const passwords = toPasswordMap(password);
  if (passwords === null || typeof passwords !== "object") return "";
  const found = passwords[id || "default"];
  if (!found) return null;
  return typeof found === "string" ? found : "";
}

function classifyUnsealError(error) {
  if (!(error instanceof Error)) return "invalid";
  if (error.message.startsWith("Expired seal")) return "expired";
  if (error.message.startsWith("Cannot find password")) return "unknown-password";
  return "invalid";
}

/** A seal that does not open is an empty session, reported to the hook. */
function unsealFailed(error, onUnsealError) {
  onUnsealError?.(classifyUnsealError(error), error);
  return {};
}

/** Checks and serializes everything a seal needs, in iron-session's order of errors. */
function prepareSeal(data, { password, ttl = DEFAULT_TTL_SEC }) {
  let passwordId;
  let secret;
  if (typeof password === "string") {
    // The map { 1: password }: id "1", and only the empty password fails.
    if (password.length === 0) throw new Error("Empty password");
    passwordId = "1";
    secret = password;
  } else {
    const passwords = toPasswordMap(password);
    const id = Math.max(...Object.keys(passwords).map(Number));
    secret = passwords[id];
    if (secret === undefined) throw new Error(NO_USABLE_PASSWORD);
    passwordId = id.toString();
    if (typeof secret !== "string" || secret.length === 0) throw new Error("Empty password");
    if (!/^\w+$/.test(passwordId)) throw new Error("Invalid password id");
  }
  // Top-level copy: arrays become index-keyed objects, class instances plain ones.
  const json = stringifyLossless(data !== null && typeof data === "object" ? { ...data } : data);
  if (json === undefined) {
    throw new Error(
      `iron-session: The session data is not JSON serializable${describeUnserializable(data)}. Store plain JSON values only: a Date must be stored as a timestamp (Date.now()) or an ISO string, and Map/Set/BigInt/functions are not supported.`,
      { cause: new Error("Data is not JSON serializable") },
    );
  }
  const ttlMs = ttl * 1000;
  const expiration = ttlMs ? String(Date.now() + ttlMs) : "";
  return { json, passwordId, secret, expiration };
}

/** Parses an unsealed plaintext. Seals with no version suffix may be pre-v8 cookies. */
function parsePlaintext(text, hadSuffix) {
  let payload;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new Error("Failed parsing sealed object JSON: " + error.message);
  }
  if (!hadSuffix && isLegacyPayload(payload)) return { ...payload.persistent };
  return payload ?? {};
}

/** A next-iron-session cookie: an object whose own keys are `persistent` and maybe `flash`. */
function isLegacyPayload(payload) {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return false;
  const keys = Object.keys(payload);
  return keys.includes("persistent") && keys.every((key) => key === "persistent" || key === "flash");
}

function computeCookieMaxAge(ttl) {
  if (ttl === 0) return SESSION_COOKIE_MAX_AGE;
  return ttl > TIMESTAMP_SKEW_SEC ? ttl - TIMESTAMP_SKEW_SEC : ttl;
}

function checkPasswordsMap(passwordsMap) {
  if (Object.keys(passwordsMap).length === 0) {
    throw new Error(
      "iron-session: Bad usage. The password map is empty, it must be keyed by numbers, for example { 1: 'your-password' }.",
    );
  }
  for (const [id, secret] of Object.entries(passwordsMap)) {
    if (!Number.isInteger(Number(id))) {
      throw new Error(
        `iron-session: Bad usage. Password ids must be integers, got ${JSON.stringify(id)}. Use { 1: '...', 2: '...' }.`,
      );
    }
    if (typeof secret !== "string" || secret.length < 32) {
      throw new Error(SHORT_PASSWORD);
    }
  }
}

function getSessionConfig(sessionOptions) {
  if (!sessionOptions.cookieName) throw new Error("iron-session: Bad usage. Missing cookie name.");
  if (!sessionOptions.password) throw new Error("iron-session: Bad usage. Missing password.");
  const { password } = sessionOptions;
  if (typeof password === "string") {
    // The map { 1: password }: its one id is an integer, so only the length can fail.
    if (password.length < 32) throw new Error(SHORT_PASSWORD);
  } else {
    checkPasswordsMap(password);
  }
  // Spreads on purpose: an explicit `undefined` option removes the default.
  const config = {
    ttl: DEFAULT_TTL_SEC,
    chunk: false,
    ...sessionOptions,
    cookieOptions: { httpOnly: true, secure: true, sameSite: "lax", path: "/", ...sessionOptions.cookieOptions },
  };
  if (sessionOptions.cookieOptions && "maxAge" in sessionOptions.cookieOptions) {
    // `maxAge: undefined` asks for a browser-session cookie, whose seal never expires.
    if (sessionOptions.cookieOptions.maxAge === undefined) config.ttl = 0;
  } else {
    config.cookieOptions.maxAge = computeCookieMaxAge(config.ttl);
  }
  return config;
}

function assertCookieCanPersist({ expires }) {
  if (expires instanceof Date && expires.getTime() < Date.now()) {
    throw new Error(
      `iron-session: Bad usage. cookieOptions.expires is in the past (${expires.toISOString()}), so the browser will discard the cookie and the session will never persist. This usually means the Date was created once at module scope. Use \`ttl\` instead.`,
    );
  }
}

// ---------------------------------------------------------------------------
// Cookie jars: read(name), write(name, value, options), optional assertWritable().

function isWebRequest(req) {
  return "headers" in req && typeof req.headers.get === "function";
}

/** The cookies of a request's Cookie header, parsed once per distinct header. */
function requestCookies(req) {
  let parsedHeader;
  let cookies;
  return () => {
    const header = (isWebRequest(req) ? req.headers.get("cookie") : req.headers.cookie) ?? "";
    if (cookies === undefined || header !== parsedHeader) {
      cookies = parseCookieHeader(header);
      parsedHeader = header;
    }
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
      if (res.headersSent) throw new Error(HEADERS_SENT);
    },
    warnIfDropped: (cookieOptions) => warnIfCookieWillBeDropped(req, cookieOptions), // devx
    write(name, value, options) {
      const existing = res.getHeader("set-cookie") ?? [];
      const previous = Array.isArray(existing) ? existing : [existing.toString()];
      res.setHeader("set-cookie", [...previous, serializeSetCookie(name, value, options)]);
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
      if (response instanceof Response && response.bodyUsed) throw new Error(BODY_USED);
    },
    warnIfDropped: (cookieOptions) => warnIfCookieWillBeDropped(request, cookieOptions), // devx
    write(name, value, options) {
      const header = serializeSetCookie(name, value, options);
      // devx: a Response.redirect() throws a bare "immutable" TypeError here.
      try {
        headers.append("set-cookie", header);
      } catch (error) {
        if (!(headers instanceof Headers)) throw error; // not a response at all: iron-session's own error
        throw new Error(IMMUTABLE_HEADERS, { cause: error });
      }
    },
  };
}

function nextProxyCookies(request, response) {
  return {
    read: (name) => request.cookies.get(name)?.value,
    names: () => request.cookies.getAll?.().map((cookie) => cookie.name) ?? [],
    // devx: the same checks as the Web jar.
    assertWritable() {
      if (response instanceof Response && response.bodyUsed) throw new Error(BODY_USED);
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
      // devx: Next's read-only cookies() (Server Components) throw; say where saving works.
      try {
        store.set(name, value, options);
      } catch (error) {
        if (!READ_ONLY_STORE.test(error?.message)) throw error;
        throw new Error(STORE_REFUSED_WRITE + error.message, { cause: error });
      }
    },
  };
}

const hasMethods = (value, a, b) =>
  typeof value === "object" && value !== null && typeof value[a] === "function" && typeof value[b] === "function";

// ---------------------------------------------------------------------------
// Seal storage: one cookie, or up to MAX_CHUNKS cookies `name.0`..`name.3`.

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

function writeSeal(jar, config, seal) {
  const { cookieName, cookieOptions } = config;
  const wholeBytes = setCookieBytes(cookieName, seal, cookieOptions);
  if (wholeBytes <= MAX_COOKIE_BYTES) {
    jar.write(cookieName, seal, cookieOptions);
    expireStale(jar, cookieName, cookieOptions, true, 0);
    return;
  }
  if (!config.chunk) {
    throw new Error(
      jar.read(chunkName(cookieName, 0))
        ? `iron-session: Cookie length is too big (${wholeBytes} bytes) and \`chunk\` is not enabled here, but this session is already stored across several cookies. You have more than one options object and only some of them set \`chunk: true\`. Use the same options everywhere you call getIronSession, including middleware.`
        : `iron-session: Cookie length is too big (${wholeBytes} bytes), browsers will refuse it. Remove some data from the session, or set \`chunk: true\` to split it across several cookies.`,
    );
  }
  const overhead = setCookieBytes(chunkName(cookieName, 0), "", cookieOptions);
  const budget = MAX_COOKIE_BYTES - overhead;
  if (budget <= 0) {
    throw new Error(
      `iron-session: The cookie name and options alone take ${overhead} bytes, which leaves no room for session data. Use a shorter cookie name.`,
    );
  }
  const count = Math.ceil(seal.length / budget);
  if (count > MAX_CHUNKS) {
    throw new Error(
      `iron-session: The session needs ${count} cookies and the maximum is ${MAX_CHUNKS}. Even at ${MAX_CHUNKS} the whole Cookie header is sent on every request and proxies commonly cap it at 8 KB, so raising this would fail at your CDN instead. Store an id in the session and keep the data in your database.`,
    );
  }
  for (let index = 0; index < count; index++) {
    jar.write(chunkName(cookieName, index), seal.slice(index * budget, (index + 1) * budget), cookieOptions);
  }
  expireStale(jar, cookieName, cookieOptions, false, count);
}

// ---------------------------------------------------------------------------

function createIronSession(backend) {
  // A synchronous backend (the addon) is called directly, also from the async
  // functions, which then need no extra await.
  const { sync } = backend;

  async function sealData(data, options) {
    return sync ? sealNow(data, options) : sealLater(data, options);
  }

  async function sealLater(data, options) {
    const { json, passwordId, secret, expiration } = prepareSeal(data, options);
    return (await backend.seal(json, passwordId, secret, expiration)) + VERSION_SUFFIX;
  }

  async function unsealData(seal, options) {
    return sync ? unsealNow(seal, options) : unsealLater(seal, options);
  }

  async function unsealLater(seal, { password, onUnsealError }) {
    const body = stripVersion(seal);
    try {
      return parsePlaintext(await backend.unseal(body, secretFor(password, body), Date.now()), body !== seal);
    } catch (error) {
      return unsealFailed(error, onUnsealError);
    }
  }

  function sealDataSync(data, options) {
    requireSync("sealDataSync");
    return sealNow(data, options);
  }

  function unsealDataSync(seal, options) {
    requireSync("unsealDataSync");
    return unsealNow(seal, options);
  }

  /** sealData on a synchronous backend. */
  function sealNow(data, options) {
    const { json, passwordId, secret, expiration } = prepareSeal(data, options);
    return backend.seal(json, passwordId, secret, expiration) + VERSION_SUFFIX;
  }

  /** unsealData on a synchronous backend. */
  function unsealNow(seal, { password, onUnsealError }) {
    const body = stripVersion(seal);
    try {
      return parsePlaintext(backend.unseal(body, secretFor(password, body), Date.now()), body !== seal);
    } catch (error) {
      return unsealFailed(error, onUnsealError);
    }
  }

  function requireSync(name) {
    if (!backend.sync) {
      throw new Error(
        `iron-session-native: ${name} needs the native addon, which is not loaded in this runtime (${backend.name}). Use the async form instead.`,
      );
    }
  }

  /** The session for a jar: returned directly on a synchronous backend, else as a Promise. */
  function createSession(jar, sessionOptions) {
    const config = getSessionConfig(sessionOptions);
    const onUnsealError = sessionOptions.onUnsealError;
    const seal = readSeal(jar, config.cookieName);
    if (!seal) return buildSession(jar, config, onUnsealError, {});
    const options = { password: config.password, onUnsealError };
    if (sync) return buildSession(jar, config, onUnsealError, unsealNow(seal, options));
    return unsealData(seal, options).then((data) => buildSession(jar, config, onUnsealError, data));
  }

  /** The session object around the unsealed data (`{}` when there was no cookie). */
  function buildSession(jar, config, onUnsealError, session) {
    if (session === null || typeof session !== "object") {
      // An authentic cookie holding a primitive: a bad cookie, not a server error.
      const error = new TypeError(`iron-session-native: the session cookie holds a ${typeof session}, not an object`);
      session = {};
      onUnsealError?.("invalid", error);
    }
    // Stored keys may not shadow the session's methods.
    for (const name of METHOD_NAMES) if (Object.hasOwn(session, name)) delete session[name];

    let destroyed = false;
    // Non-enumerable, read-only methods. Three defineProperty calls build the same
    // properties as one defineProperties call, in the same order, in about half the time.
    Object.defineProperty(session, "updateConfig", {
      value: function updateConfig(newSessionOptions) {
        config = getSessionConfig(newSessionOptions);
        onUnsealError = newSessionOptions.onUnsealError;
      },
    });
    Object.defineProperty(session, "save", {
      value: async function save() {
        if (destroyed) {
          if (Object.keys(session).length === 0) return;
          throw new Error(DESTROYED_SESSION_SAVED);
        }
        jar.assertWritable?.();
        assertCookieCanPersist(config.cookieOptions);
        jar.warnIfDropped?.(config.cookieOptions); // devx
        const options = { password: config.password, ttl: config.ttl };
        writeSeal(jar, config, sync ? sealNow(session, options) : await sealLater(session, options));
      },
    });
    Object.defineProperty(session, "destroy", {
      value: function destroy() {
        destroyed = true;
        for (const key of Object.keys(session)) delete session[key];
        jar.write(config.cookieName, "", { ...config.cookieOptions, maxAge: 0 });
        expireStale(jar, config.cookieName, config.cookieOptions, true, 0);
      },
    });
    return session;
  }

  async function getIronSession(first, second, third) {
    if (!first || !second) throw new Error(BAD_USAGE);
    if (!third) {
      // `getIronSession(cookies(), options)`, written for Next 14, gets a Promise on Next 15 and 16.
      if (typeof first.then === "function") first = await first;
      if (hasMethods(first, "read", "write")) return createSession(first, second);
      if (hasMethods(first, "get", "set")) return createSession(cookieStoreJar(first), second);
      throw new Error(BAD_USAGE);
    }
    const jar = isWebRequest(first) ? webCookies(first, second) : nodeCookies(first, second);
    return createSession(jar, third);
  }

  return {
    getIronSession,
    sealData,
    unsealData,
    sealDataSync,
    unsealDataSync,
    nodeCookies,
    webCookies,
    nextProxyCookies,
  };
}

module.exports = { createIronSession };
