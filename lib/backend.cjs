"use strict";

// Picks the seal backend for Node: the native addon, or WebCrypto when no
// prebuilt binary matches this platform or it fails to load.

const FALLBACK_WARNING_CODE = "IRON_SESSION_NATIVE_FALLBACK";

function loadNativeBackend() {
  const binding = require("../binding.cjs");
  return { name: "native", sync: true, seal: binding.seal, unseal: binding.unseal };
}

function loadBackend() {
  try {
    return loadNativeBackend();
  } catch (error) {
    if (!process.env.IRON_SESSION_NATIVE_SILENT) {
      process.emitWarning(
        `iron-session-native: the native addon did not load (${error.message.split("\n")[0]}); sessions run on WebCrypto instead, with the same cookies but slower. Set IRON_SESSION_NATIVE_SILENT=1 to hide this warning.`,
        { code: FALLBACK_WARNING_CODE },
      );
    }
    return require("./webcrypto.cjs");
  }
}

module.exports = { loadBackend, FALLBACK_WARNING_CODE };
