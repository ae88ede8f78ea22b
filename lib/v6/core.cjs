"use strict";

// iron-session 6.x on top of this package's public API (decision D9): the
// 6.x getIronSession, sealData and unsealData with 6.3.1's defaults, Max-Age
// rules, messages and session object. The root export keeps 9.0.1's behaviour;
// only the 6.x subpaths (next, express, koa, edge) use this.
//
// It is handed the public API (the Node entry, or the WebCrypto edge entry) and
// never reaches into lib/ internals.

const TTL_15_DAYS = 15 * 24 * 3600;
const CLOCK_SKEW_SEC = 60;
// 6.x turns `ttl: 0` into the largest Max-Age browsers accept.
const LONGEST_TTL = 2147483647;

const BAD_USAGE =
  'iron-session: Bad usage. Minimum usage is const session = await getIronSession(req, res, { cookieName: "...", password: "...". Check the usage here: https://github.com/vvo/iron-session';
const TOO_BIG = /^iron-session: Cookie length is too big \((\d+) bytes\)/;
// The unseal failures that 6.x turns into an empty session; any other one it throws.
const EMPTY_ON = ["Expired seal", "Bad hmac value", "Incorrect number of sealed components"];
const opensEmpty = (message) => EMPTY_ON.includes(message) || message.startsWith("Cannot find password: ");
// Names the root session object reserves; 6.x sessions only have save and destroy.
const RESERVED = new Set(["save", "destroy", "updateConfig"]);

// cookie@0.5, which 6.x serialized with, floored Max-Age.
const cookieMaxAge = (seconds) => Math.floor(seconds - CLOCK_SKEW_SEC);

/**
 * The options to give the root API so that it writes what 6.3.1 writes:
 * Max-Age is ttl - 60 (or an explicit maxAge - 60), ttl 0 seals for 2147483647 s,
 * `maxAge: undefined` is a browser-session cookie whose seal never expires.
 */
function toRootOptions(options) {
  // Spread like 6.x: an explicit `ttl: undefined` replaces the default.
  const ttl = { ttl: TTL_15_DAYS, ...options }.ttl;
  const rootOptions = { ...options, ttl: ttl === 0 ? LONGEST_TTL : ttl, cookieOptions: { ...options.cookieOptions } };
  if (options.cookieOptions && "maxAge" in options.cookieOptions) {
    if (options.cookieOptions.maxAge === undefined) rootOptions.ttl = 0;
    else rootOptions.cookieOptions.maxAge = cookieMaxAge(options.cookieOptions.maxAge);
  } else {
    rootOptions.cookieOptions.maxAge = cookieMaxAge(rootOptions.ttl);
  }
  return rootOptions;
}

const isWebRequest = (req) => typeof req.headers?.get === "function";

/** getIronSession, sealData and unsealData of iron-session 6.3.1, over `api` (this package's public API). */
function createV6(api) {
  async function sealData(data, { password, ttl = TTL_15_DAYS }) {
    return api.sealData(data, { password, ttl });
  }

  async function unsealData(seal, { password }) {
    let failure;
    const data = await api.unsealData(seal, {
      password,
      onUnsealError: (_reason, error) => (failure = error),
    });
    if (failure && !(failure instanceof Error && opensEmpty(failure.message))) throw failure;
    return data || {};
  }

  async function getIronSession(req, res, options) {
    if (!req || !res || !options?.cookieName || !options.password) throw new Error(BAD_USAGE);
    const rootOptions = toRootOptions(options);
    const jar = isWebRequest(req) ? api.webCookies(req, res) : api.nodeCookies(req, res);
    // Reads the cookie once; it also expires it on destroy(), which must act at once.
    const reader = await api.getIronSession(jar, rootOptions);
    // Each save() seals through a session that reads nothing: 6.x writes a fresh seal
    // even after destroy(), and writes only the one cookie.
    const writer = { read: () => undefined, write: jar.write, assertWritable: jar.assertWritable };
    const session = { ...reader };

    Object.defineProperties(session, {
      save: {
        value: async function save() {
          const target = await api.getIronSession(writer, rootOptions);
          for (const key of Object.keys(session)) if (!RESERVED.has(key)) target[key] = session[key];
          try {
            await target.save();
          } catch (error) {
            const tooBig = TOO_BIG.exec(error?.message);
            if (!tooBig) throw error;
            throw new Error(
              `iron-session: Cookie length is too big ${tooBig[1]}, browsers will refuse it. Try to remove some data.`,
            );
          }
        },
      },
      destroy: {
        value: function destroy() {
          for (const key of Object.keys(session)) delete session[key];
          reader.destroy();
        },
      },
    });
    return session;
  }

  return { getIronSession, sealData, unsealData };
}

/**
 * Puts `session` on `target` as 6.x does: enumerable (it shows in console.log),
 * and assignable, `req.session = { ...req.session, admin: true }`, which replaces
 * the data and keeps save() and destroy(). Like 6.x, not configurable.
 */
function defineSessionProperty(target, session) {
  Object.defineProperty(target, "session", {
    enumerable: true,
    get: () => session,
    set(value) {
      const keys = Object.keys(value);
      for (const key of Object.keys(session)) if (!keys.includes(key)) delete session[key];
      for (const key of keys) session[key] = value[key];
    },
  });
}

module.exports = { createV6, defineSessionProperty };
