"use strict";

// The whole public API of iron-session 9.0.1, assembled over one seal backend:
// the Rust addon in Node, WebCrypto where a native addon cannot load.

const { createSealer } = require("./seal.cjs");
const { createGetIronSession } = require("./session.cjs");
const { nodeCookies, webCookies, nextProxyCookies } = require("./jars.cjs");

/** @param {import("./backend").SealBackend} backend */
function createIronSession(backend) {
  const { sealData, unsealData, sealDataSync, unsealDataSync, ...sealer } = createSealer(backend);
  return {
    getIronSession: createGetIronSession({ sealData, unsealData, ...sealer }),
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
