"use strict";

// SessionOptions in, a checked config out: iron-session 9.0.1's checks and
// defaults in its order of errors, plus D8 (ttl), and the password lookups that
// sealing and unsealing share.

const {
  DEFAULT_TTL_SEC,
  MIN_PASSWORD_LENGTH,
  SESSION_COOKIE_MAX_AGE,
  TIMESTAMP_SKEW_SEC,
  session: messages,
  lifecycle: lifecycleMessages,
  iron,
} = require("./messages.cjs");

const toPasswordMap = (password) => (typeof password === "string" ? { 1: password } : password);

/** D8: absent, or a finite number >= 0; anything else would make a seal immortal or a cookie vanish. */
function checkTtl(ttl) {
  if (ttl !== undefined && !(typeof ttl === "number" && Number.isFinite(ttl) && ttl >= 0)) {
    throw new Error(messages.invalidTtl(ttl));
  }
}

/**
 * The password that seals: the map's highest id, as iron-session picks it.
 * Errors in iron-session's order; only own properties count.
 */
function sealingPassword(password) {
  if (typeof password === "string") {
    // The map { 1: password }: id "1", and only the empty password fails.
    if (password.length === 0) throw new Error(iron.EMPTY_PASSWORD);
    return { passwordId: "1", secret: password };
  }
  const passwords = toPasswordMap(password);
  const id = Math.max(...Object.keys(passwords).map(Number));
  const passwordId = id.toString();
  const secret = Object.hasOwn(passwords, passwordId) ? passwords[passwordId] : undefined;
  if (secret === undefined) throw new Error(messages.NO_USABLE_PASSWORD);
  if (typeof secret !== "string" || secret.length === 0) throw new Error(iron.EMPTY_PASSWORD);
  if (!/^\w+$/.test(passwordId)) throw new Error(iron.INVALID_PASSWORD_ID);
  return { passwordId, secret };
}

/** The password id a seal names, `""` when it has none. */
function sealPasswordId(seal) {
  const first = seal.indexOf("*");
  const second = first === -1 ? -1 : seal.indexOf("*", first + 1);
  return second === -1 ? "" : seal.slice(first + 1, second);
}

/**
 * The secret that opens a seal, found by its password id (`default` when empty)
 * among the map's OWN properties, so that a polluted Object.prototype cannot
 * supply one. null when there is none, "" when the entry is not a usable string;
 * the backend reports either in the format's order of checks.
 */
function unsealingSecret(password, seal) {
  const id = sealPasswordId(seal);
  // A string password is the map { 1: password }: the common case, without the map.
  if (typeof password === "string") {
    if (id === "1") return password || null;
    password = { 1: password };
  }
  if (password === null || typeof password !== "object") return "";
  const key = id || "default";
  // An inherited entry (`constructor`, or a polluted prototype's) is never a secret;
  // it fails as the unusable value 9.0.1 finds there does.
  if (!Object.hasOwn(password, key)) return key in password ? "" : null;
  const found = password[key];
  if (!found) return null;
  return typeof found === "string" ? found : "";
}

function computeCookieMaxAge(ttl) {
  if (ttl === 0) return SESSION_COOKIE_MAX_AGE;
  return ttl > TIMESTAMP_SKEW_SEC ? ttl - TIMESTAMP_SKEW_SEC : ttl;
}

function checkPassword(password) {
  if (typeof password === "string") {
    // The map { 1: password }: its one id is an integer, so only the length can fail.
    if (password.length < MIN_PASSWORD_LENGTH) throw new Error(messages.SHORT_PASSWORD);
    return;
  }
  const entries = Object.entries(password);
  if (entries.length === 0) throw new Error(messages.EMPTY_PASSWORD_MAP);
  for (const [id, secret] of entries) {
    if (!Number.isInteger(Number(id))) throw new Error(messages.passwordIdNotInteger(id));
    if (typeof secret !== "string" || secret.length < MIN_PASSWORD_LENGTH) throw new Error(messages.SHORT_PASSWORD);
  }
}

const isSeconds = (value) => typeof value === "number" && Number.isFinite(value) && value >= 0;

/**
 * The lifecycle options (lib/lifecycle.cjs), checked and in milliseconds; undefined
 * when none is in effect, so that the session layer keeps iron-session's path.
 */
function getLifecycleConfig({ rolling, absoluteTtl, validate, schema }) {
  let updateAgeMs;
  if (rolling === true) updateAgeMs = 0;
  else if (rolling !== undefined && rolling !== false) {
    if (rolling === null || typeof rolling !== "object") throw new Error(lifecycleMessages.invalidRolling(rolling));
    if (!isSeconds(rolling.updateAge)) throw new Error(lifecycleMessages.invalidUpdateAge(rolling.updateAge));
    updateAgeMs = rolling.updateAge * 1000;
  }
  if (absoluteTtl !== undefined && !(isSeconds(absoluteTtl) && absoluteTtl > 0)) {
    throw new Error(lifecycleMessages.invalidAbsoluteTtl(absoluteTtl));
  }
  if (validate !== undefined && typeof validate !== "function") {
    throw new Error(lifecycleMessages.invalidValidate(validate));
  }
  if (schema !== undefined && typeof schema?.["~standard"]?.validate !== "function") {
    throw new Error(lifecycleMessages.invalidSchema(schema));
  }
  if (updateAgeMs === undefined && absoluteTtl === undefined && validate === undefined && schema === undefined) {
    return undefined;
  }
  return {
    updateAgeMs,
    absoluteTtlMs: absoluteTtl === undefined ? undefined : absoluteTtl * 1000,
    validate,
    schema,
    // The creation time is sealed only for the options that read it.
    tracksCreation: absoluteTtl !== undefined || validate !== undefined,
  };
}

/** The config of getIronSession and updateConfig: checked, with iron-session's defaults. */
function getSessionConfig(sessionOptions) {
  if (!sessionOptions.cookieName) throw new Error(messages.MISSING_COOKIE_NAME);
  if (!sessionOptions.password) throw new Error(messages.MISSING_PASSWORD);
  checkPassword(sessionOptions.password);
  checkTtl(sessionOptions.ttl);
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
  // Opt-in: without these four options the config is iron-session's, untouched.
  if (
    sessionOptions.rolling !== undefined ||
    sessionOptions.absoluteTtl !== undefined ||
    sessionOptions.validate !== undefined ||
    sessionOptions.schema !== undefined
  ) {
    config.lifecycle = getLifecycleConfig(sessionOptions);
  }
  return config;
}

module.exports = { checkTtl, sealingPassword, unsealingSecret, getSessionConfig };
