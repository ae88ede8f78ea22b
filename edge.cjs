"use strict";

// Entry for runtimes that cannot load a native addon (Next.js Edge middleware,
// workers, browsers, and test environments that emulate them, such as jest's
// jsdom, which require() with the browser condition): the same session layer over WebCrypto.
module.exports = require("./lib/api.cjs").createIronSession(require("./lib/webcrypto.cjs"));
