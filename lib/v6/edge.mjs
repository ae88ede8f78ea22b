// iron-session/edge of 6.x where no native addon loads (Next.js middleware and
// Edge routes, workers): the same 6.x functions over the WebCrypto entry.
import * as api from "../../edge.mjs";
import core from "./core.cjs";

export const { getIronSession, sealData, unsealData } = core.createV6(api);
