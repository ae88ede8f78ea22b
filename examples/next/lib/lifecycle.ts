import { cookies } from "next/headers";
import { getIronSession, type SessionOptions } from "iron-session-native";
import { sessionOptions } from "./session-options";

// A second session, on its own cookie, that shows the lifecycle options:
// an idle timeout (rolling), an absolute lifetime, and "log out everywhere"
// through validate. Short timeouts, so that they can be watched in a browser.

export interface LifecycleData {
  username?: string;
}

/** Logged out after this many seconds without a request. */
export const IDLE_SECONDS = 5 * 60;
/** Logged out this many seconds after login, however active. */
export const ABSOLUTE_SECONDS = 30 * 60;
/** A read re-seals the cookie when it is at least this old. */
export const UPDATE_AGE_SECONDS = 30;

// "Log out everywhere" needs state shared by every server: Redis or your database in
// production (see docs/lifecycle.md). This example keeps it in the process's memory, on
// globalThis so that every bundle of the app (pages, route handlers, actions) sees one map.
const globalStore = globalThis as typeof globalThis & { lifecycleRevokedBefore?: Map<string, number> };
globalStore.lifecycleRevokedBefore ??= new Map<string, number>();
const revokedBefore = globalStore.lifecycleRevokedBefore;

/** Refuses every session of `username` created until now. */
export function revokeEverywhere(username: string) {
  revokedBefore.set(username, Date.now());
}

export const lifecycleOptions: SessionOptions<LifecycleData> = {
  ...sessionOptions,
  cookieName: "iron_session_native_lifecycle",
  ttl: IDLE_SECONDS,
  rolling: { updateAge: UPDATE_AGE_SECONDS },
  absoluteTtl: ABSOLUTE_SECONDS,
  validate(session, { createdAt }) {
    if (!session.username) return true;
    const before = revokedBefore.get(session.username);
    return before === undefined || createdAt > before;
  },
};

/** App Router (Server Components, Server Actions, Route Handlers). */
export async function getLifecycleSession() {
  return getIronSession<LifecycleData>(await cookies(), lifecycleOptions);
}
