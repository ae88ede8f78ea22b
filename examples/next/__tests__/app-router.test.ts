// App Router: a route handler, Server Actions and a Server Component, with
// next/headers mocked by an in-memory cookies() store.
import { beforeEach, describe, expect, test, vi } from "vitest";
import { cookieStore, readSession, sealCookie, type TestCookieStore } from "iron-session-native/testing";
import { sessionOptions } from "@/lib/session-options";

// cookies() gives the store of the request being simulated.
let store: TestCookieStore;
vi.mock("next/headers", () => ({ cookies: async () => store }));

// Imported after the mock (vi.mock is hoisted above these imports).
import { DELETE, GET, POST } from "@/app/api/session/route";
import { login, logout } from "@/app/actions";
import Home from "@/app/page";

/** The next request of the same browser: it sends back the cookies the last one left. */
const nextRequest = () => (store = cookieStore(String(store)));

beforeEach(() => {
  store = cookieStore();
});

describe("route handler app/api/session", () => {
  test("POST logs in, GET reads, DELETE logs out", async () => {
    const loggedIn = await POST(
      new Request("http://localhost/api/session", { method: "POST", body: JSON.stringify({ username: "ada" }) }),
    );
    expect(await loggedIn.json()).toEqual({ isLoggedIn: true, username: "ada" });
    expect(await readSession(store, sessionOptions)).toEqual({
      username: "ada",
      isLoggedIn: true,
      via: "route",
      counter: 0,
    });

    nextRequest();
    const read = await GET();
    expect(await read.json()).toMatchObject({ isLoggedIn: true, username: "ada", counter: 1 });
    expect(await readSession(store, sessionOptions)).toMatchObject({ counter: 1 });

    nextRequest();
    await DELETE();
    expect(await readSession(store, sessionOptions)).toEqual({});
    expect(store.changes).toEqual([expect.objectContaining({ name: sessionOptions.cookieName, value: "", maxAge: 0 })]);
  });

  test("GET with a session made by sealCookie, and without one", async () => {
    store = cookieStore(await sealCookie({ username: "grace", isLoggedIn: true, counter: 41 }, sessionOptions));
    expect(await (await GET()).json()).toMatchObject({ username: "grace", counter: 42 });

    store = cookieStore();
    expect(await (await GET()).json()).toMatchObject({ isLoggedIn: false, username: null });
    expect(store.changes).toEqual([]);
  });

  test("POST without a username is refused and sets no cookie", async () => {
    const response = await POST(new Request("http://localhost/api/session", { method: "POST", body: "{}" }));
    expect(response.status).toBe(400);
    expect(store.changes).toEqual([]);
  });
});

describe("Server Actions app/actions.ts", () => {
  // redirect() throws Next's redirect error, which carries the target in its digest.
  const redirectsHome = { digest: expect.stringMatching(/^NEXT_REDIRECT;\w+;\/;/) };

  test("login saves the session and redirects; logout destroys it", async () => {
    const form = new FormData();
    form.set("username", "ada");
    await expect(login(form)).rejects.toMatchObject(redirectsHome);
    expect(await readSession(store, sessionOptions)).toEqual({ username: "ada", isLoggedIn: true, via: "action" });

    nextRequest();
    await expect(logout()).rejects.toMatchObject(redirectsHome);
    expect(await readSession(store, sessionOptions)).toEqual({});
  });

  test("login without a name changes nothing", async () => {
    await expect(login(new FormData())).resolves.toBeUndefined();
    expect(store.changes).toEqual([]);
  });
});

describe("Server Component app/page.tsx", () => {
  // While a Server Component renders, Next's cookies() is read-only.
  test("reads the session from read-only cookies", async () => {
    store = cookieStore(await sealCookie({ username: "ada", isLoggedIn: true, via: "action" }, sessionOptions), {
      readOnly: true,
    });
    const page = JSON.stringify(await Home());
    expect(page).toContain('"id":"username","children":"ada"');

    store = cookieStore(undefined, { readOnly: true });
    expect(JSON.stringify(await Home())).toContain('"children":"Logged out"');
  });
});
