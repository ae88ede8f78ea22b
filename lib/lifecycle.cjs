"use strict";

// Sessions that end when they should: rolling (sliding) expiration, an absolute
// lifetime, revocation through `validate`, and data checked by a Standard Schema.
// lib/session.cjs calls this module only when one of those options is set
// (config.lifecycle, from lib/options.cjs); without them nothing here runs.
//
// Times are ms since the epoch. A seal's expiration is the authenticated field 6
// of the Fe26.2 string; its sealing time is that expiration minus ttl, so that
// rolling alone stores nothing more than iron-session does. The creation time,
// when an option needs it, is sealed under CREATED_AT_KEY.

const { CREATED_AT_KEY, lifecycle: messages } = require("./messages.cjs");
const { readSeal, writeSeal } = require("./jars.cjs");
const { sealExpiration } = require("./seal.cjs");

/** An Error carrying the schema's issues, for onUnsealError and save(). */
function schemaError(message, issues) {
  const error = new Error(message);
  error.issues = issues;
  return error;
}

/** The Standard Schema result for `data`, awaited when the schema is async. */
async function runSchema(schema, data) {
  return schema["~standard"].validate(data);
}

/** The plain object of a session, without its creation time. */
function userData(stored) {
  const { [CREATED_AT_KEY]: _createdAt, ...data } = stored;
  return data;
}

/** @param {ReturnType<import("./seal.cjs")["createSealer"]>} sealer */
function createLifecycle(sealer) {
  const { sync, sealNow, sealLater, unsealData } = sealer;
  /** The creation time of each session read or saved with a lifecycle option. */
  const createdAtOf = new WeakMap();

  /**
   * Seals `stored` for `config` with `expiresAtMs` (undefined: now + ttl, as save() does)
   * and writes it with a Max-Age that does not outlive `capMs`.
   */
  async function sealAndWrite(jar, config, stored, expiresAtMs, capMs, now) {
    const options = { password: config.password, ttl: config.ttl };
    const seal = sync ? sealNow(stored, options, expiresAtMs) : await sealLater(stored, options, expiresAtMs);
    let writeConfig = config;
    const { maxAge } = config.cookieOptions;
    if (capMs !== Infinity && typeof maxAge === "number") {
      const remaining = Math.max(0, Math.floor((capMs - now) / 1000));
      if (remaining < maxAge) {
        writeConfig = { ...config, cookieOptions: { ...config.cookieOptions, maxAge: remaining } };
      }
    }
    writeSeal(jar, writeConfig, seal);
  }

  /** The expiration a seal made now gets: now + ttl, never past the absolute cap. undefined when uncapped. */
  function cappedExpiration(config, capMs, now) {
    if (capMs === Infinity) return undefined;
    const fresh = config.ttl ? now + config.ttl * 1000 : Infinity;
    return fresh < capMs ? undefined : Math.floor(capMs);
  }

  /** The session for a jar when a lifecycle option is set (see the module comment). */
  async function openSession(jar, config, buildSession) {
    const lifecycle = config.lifecycle;
    const seal = readSeal(jar, config.cookieName);
    if (!seal) return buildSession(jar, config, {});

    const onUnsealError = config.onUnsealError;
    let failed = false;
    const stored = await unsealData(seal, {
      password: config.password,
      onUnsealError(reason, error) {
        failed = true;
        onUnsealError?.(reason, error);
      },
    });
    // A seal that did not open, or holds no object (buildSession reports it): nothing more to do.
    if (failed || stored === null || typeof stored !== "object") {
      return buildSession(jar, config, stored);
    }
    const rejected = (reason, error) => {
      onUnsealError?.(reason, error);
      return buildSession(jar, config, {});
    };

    const now = Date.now();
    const ttlMs = config.ttl * 1000;
    const expiresAt = sealExpiration(seal);
    const storedCreatedAt = stored[CREATED_AT_KEY];
    const hasCreatedAt = typeof storedCreatedAt === "number" && Number.isFinite(storedCreatedAt);
    // A never-expiring seal tells nothing of when it was made: then its creation time, else the epoch.
    let sealedAt = expiresAt && ttlMs ? expiresAt - ttlMs : hasCreatedAt ? storedCreatedAt : 0;
    if (hasCreatedAt && sealedAt < storedCreatedAt) sealedAt = storedCreatedAt;
    // A seal without a creation time (older, or iron-session's) counts as created when sealed.
    const createdAt = hasCreatedAt ? storedCreatedAt : sealedAt;

    const capMs = lifecycle.absoluteTtlMs === undefined ? Infinity : createdAt + lifecycle.absoluteTtlMs;
    if (now >= capMs) return rejected("expired", new Error(messages.ABSOLUTE_EXPIRED));

    let data = userData(stored);
    if (lifecycle.schema) {
      const result = await runSchema(lifecycle.schema, data);
      if (result.issues) {
        return rejected("invalid", schemaError(messages.cookieDoesNotMatch(result.issues), result.issues));
      }
      data = result.value;
    }
    if (lifecycle.validate) {
      // A throw or rejection here is the application's own error: it propagates.
      const valid = await lifecycle.validate(data, { createdAt, sealedAt, expiresAt });
      if (valid !== true) return rejected("revoked", new Error(messages.REVOKED));
    }

    const session = buildSession(jar, config, data);
    if (hasCreatedAt || lifecycle.tracksCreation) createdAtOf.set(session, createdAt);

    if (lifecycle.updateAgeMs !== undefined && ttlMs && now - sealedAt >= lifecycle.updateAgeMs) {
      const expiresAtMs = cappedExpiration(config, capMs, now);
      // A seal already capped at the same instant gains nothing from a new one.
      if (expiresAtMs === undefined || expiresAtMs !== expiresAt) {
        if (hasCreatedAt || lifecycle.tracksCreation) stored[CREATED_AT_KEY] = createdAt;
        try {
          jar.assertWritable?.();
          await sealAndWrite(jar, config, stored, expiresAtMs, capMs, now);
        } catch {
          // A read-only jar (a Next.js Server Component's cookies()) or a response already
          // sent: the refresh waits for a request that can write.
        }
      }
    }
    return session;
  }

  /** session.save() when a lifecycle option is set: schema check, creation time, capped expiry. */
  async function saveSession(session, jar, config) {
    const lifecycle = config.lifecycle;
    if (lifecycle.schema) {
      const result = await runSchema(lifecycle.schema, { ...session });
      if (result.issues) throw schemaError(messages.saveDoesNotMatch(result.issues), result.issues);
    }
    const now = Date.now();
    let createdAt = createdAtOf.get(session);
    if (createdAt === undefined && lifecycle.tracksCreation) {
      createdAt = now;
      createdAtOf.set(session, createdAt);
    }
    const stored = createdAt === undefined ? session : { ...session, [CREATED_AT_KEY]: createdAt };
    const capMs =
      lifecycle.absoluteTtlMs === undefined || createdAt === undefined ? Infinity : createdAt + lifecycle.absoluteTtlMs;
    await sealAndWrite(jar, config, stored, cappedExpiration(config, capMs, now), capMs, now);
  }

  return { openSession, saveSession };
}

module.exports = { createLifecycle };
