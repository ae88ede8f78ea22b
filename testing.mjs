// `iron-session-native/testing` for import: the same instance as the CommonJS entry.
import testing from "./lib/testing.cjs";

export const { sealCookie, cookieStore, readSession } = testing;
