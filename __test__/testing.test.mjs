// iron-session-native/testing: the cookies sealCookie makes open in real servers (and in the
// real iron-session), and readSession reads what real code wrote, on every carrier.
import { describe, expect, test } from "vitest";
import http from "node:http";
import { execFileSync } from "node:child_process";
import * as ironSession from "iron-session";
import * as native from "iron-session-native";
import { cookieStore, readSession, sealCookie } from "iron-session-native/testing";
import { repoRoot } from "../scripts/pack.mjs";

const options = { cookieName: "app_session", password: "a-password-that-is-at-least-32-characters" };
const rotated = {
  cookieName: "app_session",
  password: { 1: "the-older-password-of-at-least-32-chars", 2: "the-newer-password-of-at-least-32-chars!" },
};
const READ_ONLY = /^Cookies can only be modified in a Server Action or Route Handler/;

/** A real Node server running `handler(session, req)` for each request; resolves its url. */
async function withServer(handler, run, sessionOptions = options) {
  const server = http.createServer(async (req, res) => {
    const session = await native.getIronSession(req, res, sessionOptions);
    await handler(session, req);
    res.end("ok");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    return await run(`http://127.0.0.1:${server.address().port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("entries", () => {
  test("Node resolves iron-session-native/testing for import and require to one instance over the package's own", () => {
    const source = `
      import * as testing from "iron-session-native/testing";
      import * as api from "iron-session-native";
      import { createRequire } from "node:module";
      const cjs = createRequire(import.meta.url)("iron-session-native/testing");
      const cookie = await testing.sealCookie({ a: 1 }, ${JSON.stringify(options)});
      const request = new Request("https://x.test/", { headers: { cookie } });
      console.log(JSON.stringify({
        exports: Object.keys(testing).sort(),
        same: cjs.sealCookie === testing.sealCookie && cjs.readSession === testing.readSession && cjs.cookieStore === testing.cookieStore,
        session: { ...(await api.getIronSession(request, new Response(null), ${JSON.stringify(options)})) },
      }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", source], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual({
      exports: ["cookieStore", "readSession", "sealCookie"],
      same: true,
      session: { a: 1 },
    });
  });
});

describe("sealCookie", () => {
  test("gives the Cookie header of a request carrying the session, read by this package and by iron-session 9", async () => {
    const cookie = await sealCookie({ user: { id: 7, name: "Zoë" } }, options);
    expect(cookie).toMatch(/^app_session=Fe26\.2\*1\*[^;]+~2$/);
    for (const api of [native, ironSession]) {
      const request = new Request("https://app.test/", { headers: { cookie } });
      const session = await api.getIronSession(request, new Response(null), options);
      expect({ ...session }).toEqual({ user: { id: 7, name: "Zoë" } });
    }
  });

  test("seals with the newest password of a map, and honours ttl", async () => {
    const cookie = await sealCookie({ n: 1 }, { ...rotated, ttl: 120 });
    const seal = cookie.slice("app_session=".length);
    expect(seal.split("*")[1]).toBe("2");
    const expiresAt = Number(seal.split("*")[5]);
    expect(expiresAt - Date.now()).toBeGreaterThan(60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(120_000);
    expect(await ironSession.unsealData(seal, { password: rotated.password })).toEqual({ n: 1 });
  });

  test("chunk: a large session becomes name.0, name.1… that a real server joins", async () => {
    const big = { blob: "x".repeat(4000) }; // a seal of about 5500 bytes
    const cookie = await sealCookie(big, { ...options, chunk: true });
    expect(cookie.split("; ").map((pair) => pair.split("=")[0])).toEqual(["app_session.0", "app_session.1"]);
    let seen;
    await withServer(
      (session) => (seen = { ...session }),
      (url) => fetch(url, { headers: { cookie } }),
      { ...options, chunk: true },
    );
    expect(seen).toEqual(big);
  });

  test("a large session without chunk fails as save() does", async () => {
    await expect(sealCookie({ blob: "x".repeat(6000) }, options)).rejects.toThrow(/chunk: true/);
  });

  test("bad options fail with the library's own messages", async () => {
    await expect(sealCookie({}, { cookieName: "s", password: "short" })).rejects.toThrow(/at least 32 characters/);
    await expect(sealCookie({}, { password: options.password })).rejects.toThrow(/Missing cookie name/);
  });
});

describe("readSession", () => {
  test("a Node ServerResponse after login, read and logout on a real server", async () => {
    const results = [];
    const server = http.createServer(async (req, res) => {
      const session = await native.getIronSession(req, res, options);
      if (req.url === "/login") {
        session.user = "ada";
        await session.save();
      } else if (req.url === "/logout") {
        session.destroy();
      }
      results.push(await readSession(res, options));
      res.end();
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${server.address().port}`;
    try {
      const login = await fetch(`${url}/login`);
      const cookie = login.headers.getSetCookie()[0].split(";")[0];
      await fetch(`${url}/read`, { headers: { cookie } });
      await fetch(`${url}/logout`, { headers: { cookie } });
      expect(await readSession(login, options)).toEqual({ user: "ada" }); // the fetch Response too
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(results).toEqual([{ user: "ada" }, undefined, {}]);
  });

  test("a Web Response, its Headers, and a Set-Cookie array written by the real iron-session 9", async () => {
    const response = new Response(null);
    const session = await ironSession.getIronSession(new Request("https://app.test/"), response, options);
    session.cart = [1, 2];
    await session.save();
    expect(await readSession(response, options)).toEqual({ cart: [1, 2] });
    expect(await readSession(response.headers, options)).toEqual({ cart: [1, 2] });
    expect(await readSession(response.headers.getSetCookie(), options)).toEqual({ cart: [1, 2] });
    expect(await readSession(response.headers.getSetCookie()[0], options)).toEqual({ cart: [1, 2] });
  });

  test("chunked sessions are joined, and a later logout clears every chunk", async () => {
    const chunked = { ...options, chunk: true };
    const big = { blob: "y".repeat(7000) }; // a seal of about 9500 bytes
    const saved = new Response(null);
    const session = await native.getIronSession(new Request("https://app.test/"), saved, chunked);
    Object.assign(session, big);
    await session.save();
    expect(saved.headers.getSetCookie()).toHaveLength(3);
    expect(await readSession(saved, chunked)).toEqual(big);

    const cookie = await sealCookie(big, chunked);
    const loggedOut = new Response(null);
    (
      await native.getIronSession(new Request("https://app.test/", { headers: { cookie } }), loggedOut, chunked)
    ).destroy();
    expect(await readSession(loggedOut, chunked)).toEqual({});
    // Applied to what the browser held, the logout leaves nothing either.
    expect(await readSession([...saved.headers.getSetCookie(), ...loggedOut.headers.getSetCookie()], chunked)).toEqual(
      {},
    );
  });

  test("a response that neither sets nor clears the session gives undefined", async () => {
    const response = new Response(null, { headers: [["set-cookie", "other=1; Path=/"]] });
    expect(await readSession(response, options)).toBeUndefined();
    expect(await readSession([], options)).toBeUndefined();
  });

  test("a cookie that does not open throws, saying why", async () => {
    const cookie = await sealCookie({ a: 1 }, options);
    const wrong = { ...options, password: "another-password-that-is-32-characters" };
    await expect(readSession([cookie], wrong)).rejects.toThrow(
      /app_session cookie does not open with these options \(invalid\)/,
    );
    const newer = { ...options, password: { 5: "another-password-that-is-32-characters" } };
    await expect(readSession([cookie], newer)).rejects.toThrow(/\(unknown-password\)/);
  });

  test("anything else is a usage error", async () => {
    await expect(readSession({}, options)).rejects.toThrow(/must be a Response, a Headers, a Node ServerResponse/);
  });
});

describe("cookieStore", () => {
  test("the methods of Next's cookies(), in both set() forms, recording every change", () => {
    const store = cookieStore("theme=dark; lang=en");
    expect(store.get("theme")).toEqual({ name: "theme", value: "dark" });
    expect(store.get({ name: "lang" })).toEqual({ name: "lang", value: "en" });
    expect(store.has("lang")).toBe(true);
    expect(store.size).toBe(2);
    store.set("a", "1", { httpOnly: true, maxAge: 60 });
    store.set({ name: "b", value: "2", path: "/x" });
    expect(store.getAll().map((cookie) => cookie.name)).toEqual(["theme", "lang", "a", "b"]);
    expect(store.getAll("a")).toEqual([{ name: "a", value: "1", httpOnly: true, maxAge: 60 }]);
    store.delete("theme");
    expect(store.has("theme")).toBe(false);
    expect(store.get("theme")).toBeUndefined();
    expect(store.changes.map(({ name, value }) => [name, value])).toEqual([
      ["a", "1"],
      ["b", "2"],
      ["theme", ""],
    ]);
    expect(store.setCookieHeaders()).toEqual([
      "a=1; Max-Age=60; HttpOnly",
      "b=2; Path=/x",
      "theme=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    ]);
    expect(String(store)).toBe("lang=en; a=1; b=2");
    expect([...store].map(([name]) => name)).toEqual(["lang", "a", "b"]);
    expect(() => store.set("bad name", "x")).toThrow(/cookie name is invalid/);
  });

  test("starts from an object or a list of cookies", () => {
    expect(cookieStore({ a: "1" }).get("a").value).toBe("1");
    expect(cookieStore([{ name: "b", value: "2" }]).get("b").value).toBe("2");
    expect(cookieStore(new Map([["c", "3"]])).get("c").value).toBe("3");
    expect(cookieStore().getAll()).toEqual([]);
  });

  test("holds a session through getIronSession, for this package and for iron-session 9", async () => {
    for (const api of [native, ironSession]) {
      const store = cookieStore(await sealCookie({ user: "ada" }, options));
      expect(await readSession(store, options)).toEqual({ user: "ada" });
      const session = await api.getIronSession(store, options);
      expect(session.user).toBe("ada");
      session.user = "grace";
      await session.save();
      expect(await readSession(store, options)).toEqual({ user: "grace" });
      expect(store.changes).toHaveLength(1);
      expect(await readSession(store.setCookieHeaders(), options)).toEqual({ user: "grace" });
      session.destroy();
      expect(await readSession(store, options)).toEqual({});
      expect(await readSession(store.setCookieHeaders(), options)).toEqual({});
    }
  });

  test("readOnly refuses changes with Next's message, which save() turns into one naming the fix", async () => {
    const store = cookieStore(await sealCookie({ user: "ada" }, options), { readOnly: true });
    expect(() => store.set("a", "1")).toThrow(READ_ONLY);
    const session = await native.getIronSession(store, options);
    expect(session.user).toBe("ada");
    session.user = "grace";
    const error = await session.save().catch((caught) => caught);
    expect(error.message).toMatch(
      /only be changed in a Server Action or a Route Handler, not while a Server Component renders/,
    );
    expect(error.message).toContain("Cookies can only be modified in a Server Action or Route Handler");
    expect(error.cause.message).toMatch(READ_ONLY);
  });
});
