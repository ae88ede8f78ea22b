// Entry for runtimes that cannot load a native addon (Next.js Edge middleware,
// workers, browsers): the same session layer over WebCrypto.
import api from "./lib/api.cjs";
import webcrypto from "./lib/webcrypto.cjs";

export const {
  getIronSession,
  sealData,
  unsealData,
  sealDataSync,
  unsealDataSync,
  nodeCookies,
  webCookies,
  nextProxyCookies,
} = api.createIronSession(webcrypto);
