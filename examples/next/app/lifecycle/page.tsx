import { lifecycleLogin, logoutEverywhere } from "./actions";
import { ABSOLUTE_SECONDS, IDLE_SECONDS, getLifecycleSession } from "@/lib/lifecycle";

// A Server Component cannot write cookies, so reading the session here never
// refreshes it (rolling is skipped silently); /api/lifecycle and the actions do.
export default async function LifecyclePage() {
  const session = await getLifecycleSession();
  return (
    <main>
      <h1>Session lifecycle</h1>
      <p>
        Logged out after <span id="idle">{IDLE_SECONDS}</span> s without a request to /api/lifecycle, and{" "}
        <span id="absolute">{ABSOLUTE_SECONDS}</span> s after login however active.
      </p>
      {session.username ? (
        <>
          <p id="lifecycle-status">
            Logged in as <strong id="lifecycle-user">{session.username}</strong>
          </p>
          <form action={logoutEverywhere}>
            <button type="submit" id="logout-everywhere">
              Log out everywhere
            </button>
          </form>
        </>
      ) : (
        <>
          <p id="lifecycle-status">Logged out</p>
          <form action={lifecycleLogin}>
            <input name="username" id="lifecycle-username" placeholder="username" required />
            <button type="submit" id="lifecycle-login">
              Log in
            </button>
          </form>
        </>
      )}
    </main>
  );
}
