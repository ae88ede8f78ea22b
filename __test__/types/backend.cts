// Both seal backends meet the one contract of lib/backend.d.ts: the WebCrypto
// module as written, and the native addon's generated binding as backend.cjs wraps it.
import type { SealBackend } from "../../lib/backend";
import webcrypto = require("../../lib/webcrypto.cjs");
import binding = require("../../binding.cjs");

export const web: SealBackend = webcrypto;
export const native: SealBackend = { name: "native", sync: true, seal: binding.seal, unseal: binding.unseal };
