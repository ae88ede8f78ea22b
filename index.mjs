// ESM entry for Node: the same instance as the CommonJS entry, so both share one state.
import api from "./index.cjs";

export const {
  getIronSession,
  sealData,
  unsealData,
  sealDataSync,
  unsealDataSync,
  nodeCookies,
  webCookies,
  nextProxyCookies,
} = api;
