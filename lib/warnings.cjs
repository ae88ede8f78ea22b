"use strict";

// Development warnings for cookies that a browser will drop without a sound.
// Every check here only warns: no bytes and no behaviour change.

const { native: messages } = require("./messages.cjs");

const INSECURE_COOKIE_WARNING_CODE = messages.INSECURE_COOKIE_WARNING_CODE;
// One warning per process, even when several bundles each carry a copy of this file.
const WARNED = Symbol.for("iron-session-native.insecure-cookie-warned");
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);

/** The host name of a Host header or URL host: no port, no IPv6 brackets, lower case. */
function hostName(host) {
  const text = String(host ?? "")
    .trim()
    .toLowerCase();
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    return end === -1 ? text.slice(1) : text.slice(1, end);
  }
  const colon = text.indexOf(":");
  return colon === -1 || text.indexOf(":", colon + 1) !== -1 ? text : text.slice(0, colon);
}

const forwardedHttps = (value) => value != null && /^https\b/i.test(String(value));

/**
 * How a request reached the app: { https, host }, or null when that cannot be told.
 * Node: the TLS socket or `x-forwarded-proto: https` from a proxy. Web: the URL's scheme.
 * This runs on every save of a Secure cookie, so a Web URL is sliced rather than
 * parsed: a Request's url is already an absolute, serialized URL ("http[s]://host[:port]/...",
 * scheme in lower case, no credentials) (bench/bench.mjs, floor "warn-web").
 */
function requestTransport(req) {
  if (!req || typeof req !== "object" || !req.headers) return null;
  if (typeof req.headers.get === "function") {
    const url = typeof req.url === "string" ? req.url : "";
    const https = url.startsWith("https://");
    if (!https && !url.startsWith("http://")) return null;
    const authority = url.slice(https ? 8 : 7);
    const end = authority.search(/[/?#]/);
    return {
      https: https || forwardedHttps(req.headers.get("x-forwarded-proto")),
      host: hostName(end === -1 ? authority : authority.slice(0, end)),
    };
  }
  return {
    https: Boolean(req.socket?.encrypted) || forwardedHttps(req.headers["x-forwarded-proto"]),
    host: hostName(req.headers.host),
  };
}

/** A Secure cookie over this transport is dropped: plain http to a host other than loopback. */
const dropsSecureCookie = (transport) => Boolean(transport) && !transport.https && !LOOPBACK_HOSTS.has(transport.host);

/**
 * The warning for a `Secure` cookie sent over plain http to a host other than
 * loopback (browsers keep such a cookie only for localhost), or null. Pure, for tests.
 */
function insecureCookieWarning(transport, cookieOptions, nodeEnv) {
  if (nodeEnv === "production" || !cookieOptions?.secure || !dropsSecureCookie(transport)) return null;
  return messages.insecureCookie(transport.host);
}

/** Warns once per process when a save is about to write a cookie the browser will drop. */
function warnIfCookieWillBeDropped(req, cookieOptions) {
  // Cheapest checks first: this runs on every save. process.env is slow to read (a
  // lookup in the C++ environment), so only a request that would warn reads it.
  if (!cookieOptions?.secure || globalThis[WARNED] || typeof process === "undefined") return;
  const transport = requestTransport(req);
  if (!dropsSecureCookie(transport)) return;
  const message = insecureCookieWarning(transport, cookieOptions, process.env?.NODE_ENV);
  if (!message) return;
  globalThis[WARNED] = true;
  if (typeof process.emitWarning === "function") process.emitWarning(message, { code: INSECURE_COOKIE_WARNING_CODE });
  else console.warn(`[${INSECURE_COOKIE_WARNING_CODE}] ${message}`);
}

module.exports = { INSECURE_COOKIE_WARNING_CODE, insecureCookieWarning, requestTransport, warnIfCookieWillBeDropped };
