import { cookies } from "next/headers";
import { getIronSession } from "iron-session-native";
import { sessionOptions, type SessionData } from "./session-options";

export { sessionBackend, sessionOptions, type SessionData } from "./session-options";

/** App Router (Server Components, Server Actions, Route Handlers). */
export async function getSession() {
  return getIronSession<SessionData>(await cookies(), sessionOptions);
}
