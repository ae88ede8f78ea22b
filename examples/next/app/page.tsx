import { login, logout } from "./actions";
import { getSession, sessionBackend } from "@/lib/session";

// Reads the request's cookies, so it renders on every request.
export default async function Home() {
  const session = await getSession();
  return (
    <main>
      <h1>iron-session-native</h1>
      <p>
        backend: <span id="backend">{sessionBackend()}</span>
      </p>
      {session.isLoggedIn ? (
        <>
          <p id="status">
            Logged in as <strong id="username">{session.username}</strong> (via {session.via})
          </p>
          <form action={logout}>
            <button type="submit" id="logout">
              Log out
            </button>
          </form>
        </>
      ) : (
        <>
          <p id="status">Logged out</p>
          <form action={login}>
            <input name="username" id="username-input" placeholder="username" required />
            <button type="submit" id="login">
              Log in
            </button>
          </form>
        </>
      )}
    </main>
  );
}
