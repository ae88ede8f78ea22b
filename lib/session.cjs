"use strict";

// getIronSession and the session object: read the seal from a jar, open it,
// and give the data back with save(), destroy() and updateConfig().

const { METHOD_NAMES, session: messages, native } = require("./messages.cjs");
const { getSessionConfig } = require("./options.cjs");
const { jarFor, readSeal, writeSeal, clearSeal } = require("./jars.cjs");
const { createLifecycle } = require("./lifecycle.cjs");

function assertCookieCanPersist({ expires }) {
  if (expires instanceof Date && expires.getTime() < Date.now()) throw new Error(messages.expiresInPast(expires));
}

/** @param {ReturnType<import("./seal.cjs")["createSealer"]>} sealer */
function createGetIronSession(sealer) {
  const { sync, sealNow, sealLater, unsealNow, unsealData } = sealer;
  const lifecycle = createLifecycle(sealer);

  /** The session for a jar: returned directly on a synchronous backend, else as a Promise. */
  function createSession(jar, sessionOptions) {
    const config = getSessionConfig(sessionOptions);
    if (config.lifecycle) return lifecycle.openSession(jar, config, buildSession);
    const seal = readSeal(jar, config.cookieName);
    if (!seal) return buildSession(jar, config, {});
    const options = { password: config.password, onUnsealError: config.onUnsealError };
    if (sync) return buildSession(jar, config, unsealNow(seal, options));
    return unsealData(seal, options).then((data) => buildSession(jar, config, data));
  }

  /** The session object around the unsealed data (`{}` when there was no cookie). */
  function buildSession(jar, config, session) {
    if (session === null || typeof session !== "object") {
      // D4: an authentic cookie holding a primitive is a bad cookie, not a server error.
      const error = new TypeError(native.primitivePayload(typeof session));
      session = {};
      config.onUnsealError?.("invalid", error);
    }
    // D5: stored keys may not shadow the session's methods.
    for (const name of METHOD_NAMES) if (Object.hasOwn(session, name)) delete session[name];

    let destroyed = false;
    // Non-enumerable, read-only methods. Three defineProperty calls build the same
    // properties as one defineProperties call, in the same order, in about half the time.
    Object.defineProperty(session, "updateConfig", {
      value: function updateConfig(newSessionOptions) {
        config = getSessionConfig(newSessionOptions);
      },
    });
    Object.defineProperty(session, "save", {
      value: async function save() {
        if (destroyed) {
          if (Object.keys(session).length === 0) return;
          throw new Error(messages.DESTROYED_SESSION_SAVED);
        }
        jar.assertWritable?.();
        assertCookieCanPersist(config.cookieOptions);
        jar.warnIfDropped?.(config.cookieOptions);
        if (config.lifecycle) return lifecycle.saveSession(session, jar, config);
        const options = { password: config.password, ttl: config.ttl };
        writeSeal(jar, config, sync ? sealNow(session, options) : await sealLater(session, options));
      },
    });
    Object.defineProperty(session, "destroy", {
      value: function destroy() {
        destroyed = true;
        for (const key of Object.keys(session)) delete session[key];
        clearSeal(jar, config);
      },
    });
    return session;
  }

  return async function getIronSession(first, second, third) {
    if (!first || !second) throw new Error(messages.BAD_USAGE);
    // `getIronSession(cookies(), options)`, written for Next 14, gets a Promise on Next 15 and 16 (D7).
    if (!third && typeof first.then === "function") first = await first;
    const jar = third ? jarFor(first, second) : jarFor(first);
    if (!jar) throw new Error(messages.BAD_USAGE);
    return createSession(jar, third ?? second);
  };
}

module.exports = { createGetIronSession };
