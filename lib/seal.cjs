"use strict";

// sealData / unsealData over a seal backend (lib/backend.d.ts): data becomes
// lossless JSON, JSON becomes a Fe26.2 seal plus "~2", and back. A synchronous
// backend (the addon) is called directly, also from the async functions, which
// then need no extra await.

const { stringifyLossless, describeUnserializable } = require("./json.cjs");
const { DEFAULT_TTL_SEC, VERSION_SUFFIX, iron, session: messages, native } = require("./messages.cjs");
const { checkTtl, sealingPassword, unsealingSecret } = require("./options.cjs");

/** The seal without its version suffix, which sits outside the MAC and selects nothing (D3). */
function stripVersion(seal) {
  const tilde = seal.indexOf("~");
  return tilde === -1 ? seal : seal.slice(0, tilde);
}

/** The onUnsealError reason of an error, as iron-session classifies it. */
function unsealErrorReason(error) {
  if (!(error instanceof Error)) return "invalid";
  if (error.message.startsWith(iron.EXPIRED)) return "expired";
  if (error.message.startsWith("Cannot find password")) return "unknown-password";
  return "invalid";
}

/**
 * Checks and serializes everything a seal needs, in iron-session's order of errors.
 * `expiresAtMs` (an integer, used by lib/lifecycle.cjs only) replaces now + ttl.
 */
function prepareSeal(data, { password, ttl = DEFAULT_TTL_SEC }, expiresAtMs) {
  const { passwordId, secret } = sealingPassword(password);
  checkTtl(ttl);
  // Top-level copy: arrays become index-keyed objects, class instances plain ones.
  const json = stringifyLossless(data !== null && typeof data === "object" ? { ...data } : data);
  if (json === undefined) {
    throw new Error(messages.notSerializable(describeUnserializable(data)), {
      cause: new Error(messages.NOT_SERIALIZABLE_CAUSE),
    });
  }
  let expiration;
  if (expiresAtMs === undefined) {
    const ttlMs = ttl * 1000;
    expiration = ttlMs ? String(Date.now() + ttlMs) : "";
  } else {
    expiration = String(expiresAtMs);
  }
  return { json, passwordId, secret, expiration };
}

/** A seal that does not open is `{}`, reported to the hook. */
function unsealFailed(error, onUnsealError) {
  onUnsealError?.(unsealErrorReason(error), error);
  return {};
}

function parsePlaintext(text) {
  try {
    return JSON.parse(text) ?? {};
  } catch (error) {
    throw new Error(`Failed parsing sealed object JSON: ${error.message}`);
  }
}

/** @param {import("./backend").SealBackend} backend */
function createSealer(backend) {
  const { sync } = backend;

  /** sealData on a synchronous backend. */
  function sealNow(data, options, expiresAtMs) {
    const { json, passwordId, secret, expiration } = prepareSeal(data, options, expiresAtMs);
    return backend.seal(json, passwordId, secret, expiration) + VERSION_SUFFIX;
  }

  async function sealLater(data, options, expiresAtMs) {
    const { json, passwordId, secret, expiration } = prepareSeal(data, options, expiresAtMs);
    return (await backend.seal(json, passwordId, secret, expiration)) + VERSION_SUFFIX;
  }

  /** unsealData on a synchronous backend. */
  function unsealNow(seal, { password, onUnsealError }) {
    const body = stripVersion(seal);
    try {
      return parsePlaintext(backend.unseal(body, unsealingSecret(password, body), Date.now()));
    } catch (error) {
      return unsealFailed(error, onUnsealError);
    }
  }

  async function unsealLater(seal, { password, onUnsealError }) {
    const body = stripVersion(seal);
    try {
      return parsePlaintext(await backend.unseal(body, unsealingSecret(password, body), Date.now()));
    } catch (error) {
      return unsealFailed(error, onUnsealError);
    }
  }

  function requireSync(name) {
    if (!sync) throw new Error(native.needsSyncBackend(name, backend.name));
  }

  return {
    sync,
    sealNow,
    sealLater,
    unsealNow,
    async sealData(data, options) {
      return sync ? sealNow(data, options) : sealLater(data, options);
    },
    async unsealData(seal, options) {
      return sync ? unsealNow(seal, options) : unsealLater(seal, options);
    },
    sealDataSync(data, options) {
      requireSync("sealDataSync");
      return sealNow(data, options);
    },
    unsealDataSync(seal, options) {
      requireSync("unsealDataSync");
      return unsealNow(seal, options);
    },
  };
}

/**
 * The expiration (ms since the epoch) written in a seal, 0 for one that never expires.
 * Only meaningful once the seal has opened, which authenticated this field.
 */
function sealExpiration(seal) {
  const fields = stripVersion(seal).split("*");
  return fields[5] ? Number(fields[5]) : 0;
}

module.exports = { createSealer, sealExpiration };
