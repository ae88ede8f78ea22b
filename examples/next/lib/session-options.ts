import { sealDataSync, type SessionOptions } from "iron-session-native";

// Shared by the App Router, the Pages Router, proxy.ts and the Edge route, so
// it must not import next/headers (lib/session.ts does).

export interface SessionData {
  username?: string;
  isLoggedIn?: boolean;
  /** Where the last login happened: "route", "action", "pages" or "edge". */
  via?: string;
  counter?: number;
}

const DEV_PASSWORD = "dev-only-password-change-me-at-least-32-chars";

export const sessionOptions: SessionOptions = {
  cookieName: "iron_session_native_example",
  password: process.env.SESSION_PASSWORD ?? DEV_PASSWORD,
  cookieOptions: {
    // Secure cookies are not sent back over plain http (except to localhost in
    // some browsers). The e2e tests serve `next start` over http on 127.0.0.1
    // with INSECURE_COOKIES=1.
    secure: process.env.NODE_ENV === "production" && !process.env.INSECURE_COOKIES,
  },
};

/**
 * Which seal backend this runtime loaded: "native" (the Rust addon) or
 * "webcrypto" (the fallback). Only the native backend has the *Sync functions.
 * A diagnostic for this example and its tests; apps do not need it.
 */
export function sessionBackend(): "native" | "webcrypto" {
  try {
    sealDataSync({}, { password: DEV_PASSWORD });
    return "native";
  } catch {
    return "webcrypto";
  }
}
