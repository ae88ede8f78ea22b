// Smoke test of `next dev` (Turbopack, and webpack with --webpack) on the
// installed example, with no configuration for the package: the native addon
// loads in route handlers, Server Components, Server Actions, proxy.ts and the
// Pages Router, and the Edge route uses the WebCrypto build.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { COOKIE_NAME, FALLBACK_WARNING, appBase, nextDev } from "./helpers/app.mjs";
import { CookieJar, actionIds, postAction, request, textById } from "./helpers/http.mjs";

describe.each(["turbopack", "webpack"])("next dev (%s)", (bundler) => {
  let server;

  beforeAll(async () => {
    rmSync(join(appBase(), ".next"), { recursive: true, force: true });
    server = await nextDev(appBase(), bundler);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("login, read, protected page through proxy.ts, GSSP, Edge route, logout", async () => {
    const base = server.url;
    const jar = new CookieJar();
    expect((await request(base, "/api/session", { jar })).json).toMatchObject({ isLoggedIn: false, backend: "native" });
    expect((await request(base, "/protected", { jar })).status).toBe(307);

    const login = await request(base, "/api/session", { method: "POST", json: { username: "dev" }, jar });
    expect(login.status).toBe(200);
    expect(jar.get(COOKIE_NAME)).toMatch(/^Fe26\.2\*1\*/);
    expect((await request(base, "/api/session", { jar })).json).toMatchObject({
      isLoggedIn: true,
      username: "dev",
      counter: 1,
    });

    const home = await request(base, "/", { jar });
    expect(textById(home.text, "username")).toBe("dev");
    expect(textById(home.text, "backend")).toBe("native");

    const protectedPage = await request(base, "/protected", { jar });
    expect(protectedPage.status).toBe(200);
    expect(protectedPage.headers.get("x-proxy-backend")).toBe("native");
    expect(textById(protectedPage.text, "protected-user")).toBe("Secret page for dev");

    const ssr = await request(base, "/ssr", { jar });
    expect(textById(ssr.text, "ssr-status")).toBe("GSSP sees dev");
    expect(textById(ssr.text, "backend")).toBe("native");
    expect((await request(base, "/api/pages-session", { jar })).json).toMatchObject({
      isLoggedIn: true,
      backend: "native",
    });
    expect((await request(base, "/api/edge-session", { jar })).json).toMatchObject({
      isLoggedIn: true,
      username: "dev",
      runtime: "edge",
      backend: "webcrypto",
    });

    await request(base, "/api/session", { method: "DELETE", jar });
    expect(jar.get(COOKIE_NAME)).toBeUndefined();
    expect((await request(base, "/api/session", { jar })).json).toMatchObject({ isLoggedIn: false });
  });

  test("server action login from the home page form", async () => {
    const base = server.url;
    const jar = new CookieJar();
    const [loginAction] = actionIds((await request(base, "/", { jar })).text);
    const login = await postAction(base, "/", loginAction, { username: "Dana" }, jar);
    expect(login.status).toBe(303);
    const home = await request(base, "/", { jar });
    expect(textById(home.text, "username")).toBe("Dana");
  });

  test("no WebCrypto fallback in Node", () => {
    expect(server.logs()).not.toContain(FALLBACK_WARNING);
  });
});
