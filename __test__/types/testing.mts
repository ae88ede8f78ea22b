// Compiles against testing.d.ts the way docs/testing.md and examples/next/__tests__ use it.
import type http from "node:http";
import { cookieStore, readSession, sealCookie, type TestCookieStore } from "iron-session-native/testing";
import type { SessionOptions } from "iron-session-native";

interface SessionData {
  username: string;
  isLoggedIn: boolean;
}

const options: SessionOptions = {
  cookieName: "app",
  password: "complex_password_at_least_32_characters_long",
  chunk: true,
};

export async function usage(res: http.ServerResponse) {
  const cookie: string = await sealCookie({ username: "ada", isLoggedIn: true }, options);
  const request = new Request("http://localhost/", { headers: { cookie } });

  const store: TestCookieStore = cookieStore(cookie);
  cookieStore({ theme: "dark" }, { readOnly: true });
  cookieStore([{ name: "a", value: "1" }]);
  store.set("a", "1", { httpOnly: true, maxAge: 60 });
  store.set({ name: "b", value: "2", path: "/" });
  store.delete("a");
  const value: string | undefined = store.get("b")?.value;
  const names: string[] = store.getAll().map((c) => c.name);
  const headers: string[] = store.setCookieHeaders();
  const changed: number = store.changes.length;

  const fromStore = await readSession<SessionData>(store, options);
  const name: string | undefined = fromStore?.username;
  await readSession(new Response(null), options);
  await readSession(new Headers(), options);
  await readSession(res, options);
  await readSession(["app=x"], options);
  // @ts-expect-error options are required
  await readSession(store);
  return { request, value, names, headers, changed, name };
}
