// The public API over each seal backend, so one suite proves both.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createIronSession } = require("../../lib/api.cjs");

export const native = require("../../index.cjs");
export const webcrypto = createIronSession(require("../../lib/webcrypto.cjs"));
export const implementations = { native, webcrypto };
