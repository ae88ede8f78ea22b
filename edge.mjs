// ESM entry for runtimes that cannot load a native addon: the same instance as edge.cjs.
import api from "./edge.cjs";

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
