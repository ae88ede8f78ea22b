// The example app's flows, driven over HTTP with a cookie jar. Registered once
// per server (next start with each bundler, the relocated standalone server).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sealData as ironSeal, unsealData as ironUnseal } from "iron-session";
import { COOKIE_NAME, FALLBACK_WARNING, PASSWORD, nextStart, relocatedStandalone } from "./app.mjs";
import { CookieJar, actionIds, postAction, request, textById } from "./http.mjs";

const USER = { isLoggedIn: true };
const LIFECYCLE_COOKIE = "iron_session_native_lifecycle";
/** Where lifecycle options seal a session's creation time (docs/lifecycle.md). */
const CREATED_AT_KEY = "__ironSessionCreatedAt";

async function expectLoggedOut(base, jar, { node }) {
  const route = await request(base, "/api/session", { jar });
  expect(route.status).toBe(200);
  expect(route.json).toMatchObject({ isLoggedIn: false, username: null, backend: node });

  const home = await request(base, "/", { jar });
  expect(home.status).toBe(200);
  expect(textById(home.text, "status")).toBe("Logged out");

  const pages = await request(base, "/api/pages-session", { jar });
  expect(pages.status).toBe(200);
  expect(pages.json).toMatchObject({ isLoggedIn: false, username: null, backend: node });

  const ssr = await request(base, "/ssr", { jar });
  expect(ssr.status).toBe(200);
  expect(textById(ssr.text, "ssr-status")).toBe("GSSP sees nobody");

  const edge = await request(base, "/api/edge-session", { jar });
  expect(edge.status).toBe(200);
  expect(edge.json).toMatchObject({ isLoggedIn: false, username: null, runtime: "edge", backend: "webcrypto" });

  const protectedPage = await request(base, "/protected", { jar });
  expect(protectedPage.status).toBe(307);
  expect(new URL(protectedPage.headers.get("location"), base).pathname).toBe("/");
}

async function expectLoggedIn(base, jar, username, via, { node, middleware }) {
  const home = await request(base, "/", { jar });
  expect(home.status).toBe(200);
  expect(textById(home.text, "username")).toBe(username);
  expect(home.text).toContain(`(via <!-- -->${via}<!-- -->)`);

  const pages = await request(base, "/api/pages-session", { jar });
  expect(pages.json).toMatchObject({ isLoggedIn: true, username, via, backend: node });

  const ssr = await request(base, "/ssr", { jar });
  expect(textById(ssr.text, "ssr-status")).toBe(`GSSP sees ${username}`);

  const edge = await request(base, "/api/edge-session", { jar });
  expect(edge.json).toMatchObject({ isLoggedIn: true, username, via, runtime: "edge", backend: "webcrypto" });

  const protectedPage = await request(base, "/protected", { jar });
  expect(protectedPage.status).toBe(200);
  expect(textById(protectedPage.text, "protected-user")).toBe(`Secret page for ${username}`);
  expect(protectedPage.headers.get("x-proxy-user")).toBe(username);
  expect(protectedPage.headers.get("x-proxy-backend")).toBe(middleware);
}

/** A seal made by the real iron-session 9.0.1 while Date.now() reads `offsetMs` from now. */
async function ironSealAt(data, password, offsetMs, ttl) {
  const realNow = Date.now;
  Date.now = () => realNow() + offsetMs;
  try {
    return await ironSeal(data, { password, ...(ttl === undefined ? {} : { ttl }) });
  } finally {
    Date.now = realNow;
  }
}

/** Changes one character of the seal's HMAC (the 8th `*`-separated field). */
function tamper(seal) {
  const parts = seal.split("*");
  const mac = parts[7];
  parts[7] = (mac[0] === "A" ? "B" : "A") + mac.slice(1);
  return parts.join("*");
}

/**
 * Every flow against the server `getServer()` returns. Options, for the apps
 * that differ from examples/next on Next 16 with the addon installed:
 * - backend: what Node routes use, "native" or "webcrypto" (the fallback, with one warning);
 * - middleware: "proxy" (proxy.ts, Node) or "edge" (middleware.ts on the Edge runtime, Next 14/15).
 */
export function defineAppFlows(getServer, { backend = "native", middleware = "proxy" } = {}) {
  const base = () => getServer().url;
  const expected = { node: backend, middleware: middleware === "edge" ? "webcrypto" : backend };
  const middlewareFile = middleware === "edge" ? "middleware.ts (Edge)" : "proxy.ts";

  test(`anonymous: every page and API answers logged out; ${backend} seals in Node, WebCrypto on the Edge route`, async () => {
    const jar = new CookieJar();
    const home = await request(base(), "/", { jar });
    expect(textById(home.text, "backend")).toBe(backend);
    const ssr = await request(base(), "/ssr");
    expect(textById(ssr.text, "backend")).toBe(backend);
    await expectLoggedOut(base(), jar, expected);
    expect(jar.header()).toBe("");
  });

  test(`${middlewareFile} redirects /protected to / when logged out`, async () => {
    const response = await request(base(), "/protected");
    expect(response.status).toBe(307);
    // The path only: Next 14 and 15 middleware see the host as "localhost" whatever -H says.
    const location = new URL(response.headers.get("location"), base());
    expect(location.pathname).toBe("/");
    expect(location.port).toBe(new URL(base()).port);
  });

  test("route handler: login, read on the next requests, protected access, logout", async () => {
    const jar = new CookieJar();
    const login = await request(base(), "/api/session", { method: "POST", json: { username: "alice" }, jar });
    expect(login.status).toBe(200);
    expect(login.setCookies).toHaveLength(1);
    expect(login.setCookies[0]).toMatch(
      new RegExp(
        `^${COOKIE_NAME}=Fe26\\.2\\*1\\*[^;]+~2; Path=/; Expires=[^;]+; Max-Age=1209540; HttpOnly; SameSite=lax$`,
      ),
    );

    const first = await request(base(), "/api/session", { jar });
    expect(first.json).toMatchObject({ isLoggedIn: true, username: "alice", via: "route", counter: 1, backend });
    const second = await request(base(), "/api/session", { jar });
    expect(second.json.counter).toBe(2);

    await expectLoggedIn(base(), jar, "alice", "route", expected);

    const logout = await request(base(), "/api/session", { method: "DELETE", jar });
    expect(logout.status).toBe(200);
    expect(logout.setCookies).toHaveLength(1);
    expect(logout.setCookies[0]).toMatch(new RegExp(`^${COOKIE_NAME}=; `));
    expect(logout.setCookies[0]).toContain("; Max-Age=0;");
    expect(jar.get(COOKIE_NAME)).toBeUndefined();
    await expectLoggedOut(base(), jar, expected);
  });

  test("server actions: the home page form logs in and out (multipart $ACTION_ID_ post, no JavaScript)", async () => {
    const jar = new CookieJar();
    const anonymous = await request(base(), "/", { jar });
    const [loginAction] = actionIds(anonymous.text);
    expect(loginAction).toBeTruthy();

    const login = await postAction(base(), "/", loginAction, { username: "Carol" }, jar);
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/");
    expect(jar.get(COOKIE_NAME)).toMatch(/^Fe26\.2\*/);
    await expectLoggedIn(base(), jar, "Carol", "action", expected);

    const loggedIn = await request(base(), "/", { jar });
    const [logoutAction] = actionIds(loggedIn.text);
    expect(logoutAction).toBeTruthy();
    expect(logoutAction).not.toBe(loginAction);
    const logout = await postAction(base(), "/", logoutAction, {}, jar);
    expect(logout.status).toBe(303);
    expect(jar.get(COOKIE_NAME)).toBeUndefined();
    await expectLoggedOut(base(), jar, expected);
  });

  test("Pages Router API route: login, read, logout, shared with the App Router and getServerSideProps", async () => {
    const jar = new CookieJar();
    const login = await request(base(), "/api/pages-session", { method: "POST", json: { username: "pat" }, jar });
    expect(login.status).toBe(200);
    expect(login.json).toEqual({ isLoggedIn: true, username: "pat" });
    const read = await request(base(), "/api/pages-session", { jar });
    expect(read.json).toMatchObject({ isLoggedIn: true, username: "pat", via: "pages", backend });
    const route = await request(base(), "/api/session", { jar });
    expect(route.json).toMatchObject({ isLoggedIn: true, username: "pat", via: "pages" });
    await expectLoggedIn(base(), jar, "pat", "pages", expected);
    const logout = await request(base(), "/api/pages-session", { method: "DELETE", jar });
    expect(logout.status).toBe(200);
    expect(jar.get(COOKIE_NAME)).toBeUndefined();
    await expectLoggedOut(base(), jar, expected);
  });

  test("Edge route (WebCrypto build) and the native routes open each other's seals", async () => {
    // Sealed on the Edge, opened natively.
    const jar = new CookieJar();
    const edgeLogin = await request(base(), "/api/edge-session", { method: "POST", json: { username: "eddie" }, jar });
    expect(edgeLogin.json).toMatchObject({ isLoggedIn: true, runtime: "edge", backend: "webcrypto" });
    expect(jar.get(COOKIE_NAME)).toMatch(/^Fe26\.2\*1\*/);
    await expectLoggedIn(base(), jar, "eddie", "edge", expected);
    // Logged out on the Edge.
    await request(base(), "/api/edge-session", { method: "DELETE", jar });
    expect(jar.get(COOKIE_NAME)).toBeUndefined();
    await expectLoggedOut(base(), jar, expected);

    // Sealed natively (route handler, then re-sealed by a counted read), opened on the Edge.
    const nativeJar = new CookieJar();
    await request(base(), "/api/session", { method: "POST", json: { username: "nadia" }, jar: nativeJar });
    await request(base(), "/api/session", { jar: nativeJar });
    const edgeRead = await request(base(), "/api/edge-session", { jar: nativeJar });
    expect(edgeRead.json).toEqual({
      isLoggedIn: true,
      username: "nadia",
      via: "route",
      runtime: "edge",
      backend: "webcrypto",
    });
  });

  test("a cookie sealed by the real iron-session 9.0.1 is accepted, and the app's cookies open in iron-session", async () => {
    const seal = await ironSeal({ username: "iris", isLoggedIn: true, via: "iron-session" }, { password: PASSWORD });
    const jar = new CookieJar();
    jar.set(COOKIE_NAME, seal);
    await expectLoggedIn(base(), jar, "iris", "iron-session", expected);
    const read = await request(base(), "/api/session", { jar });
    expect(read.json).toMatchObject({ isLoggedIn: true, username: "iris", counter: 1, backend });

    // The re-sealed cookie the app just wrote opens with iron-session.
    expect(jar.get(COOKIE_NAME)).not.toBe(seal);
    expect(await ironUnseal(jar.get(COOKIE_NAME), { password: PASSWORD })).toEqual({
      username: "iris",
      isLoggedIn: true,
      via: "iron-session",
      counter: 1,
    });
  });

  test("forged, foreign, garbage and expired cookies give the logged-out view, never a 500", async () => {
    const valid = await ironSeal({ username: "mallory", ...USER, via: "route" }, { password: PASSWORD });
    const cookies = {
      tampered: tamper(valid),
      "other password": await ironSeal(
        { username: "mallory", ...USER },
        { password: "another-password-of-at-least-32-characters" },
      ),
      "expired (sealed by iron-session 30 days ago, ttl 60 s)": await ironSealAt(
        { username: "mallory", ...USER },
        PASSWORD,
        -30 * 86400_000,
        60,
      ),
      garbage: "not-a-seal",
      "truncated seal": valid.slice(0, 60),
    };
    for (const [label, value] of Object.entries(cookies)) {
      const jar = new CookieJar();
      jar.set(COOKIE_NAME, value);
      try {
        await expectLoggedOut(base(), jar, expected);
      } catch (error) {
        error.message = `${label}: ${error.message}`;
        throw error;
      }
    }
  });

  test("lifecycle (/api/lifecycle, /lifecycle): rolling refresh, idle and absolute timeouts, log out everywhere", async () => {
    const path = "/api/lifecycle";
    const jar = new CookieJar();
    const login = await request(base(), path, { method: "POST", json: { username: "lena" }, jar });
    expect(login.json).toMatchObject({ isLoggedIn: true, username: "lena" });
    const { idleSeconds, absoluteSeconds, updateAgeSeconds } = login.json;
    expect(login.setCookies).toHaveLength(1);
    expect(login.setCookies[0]).toContain(`; Max-Age=${idleSeconds - 60};`);
    // The creation time is sealed under the reserved key, which iron-session sees as data.
    const stored = await ironUnseal(jar.get(LIFECYCLE_COOKIE), { password: PASSWORD });
    expect(stored).toEqual({ username: "lena", [CREATED_AT_KEY]: expect.any(Number) });

    // A young cookie is read without a refresh.
    const young = await request(base(), path, { jar });
    expect(young.json.isLoggedIn).toBe(true);
    expect(young.setCookies).toEqual([]);

    // Cookies made as if earlier (sealed by iron-session under a shifted clock), so no test sleeps.
    const now = Date.now();
    const sealedAgo = (seconds, createdSecondsAgo = seconds) =>
      ironSealAt(
        { username: "lena", [CREATED_AT_KEY]: now - createdSecondsAgo * 1000 },
        PASSWORD,
        -seconds * 1000,
        idleSeconds,
      );

    // Rolling: a cookie older than updateAge is re-sealed with a fresh expiry, keeping its creation time.
    const oldJar = new CookieJar();
    oldJar.set(LIFECYCLE_COOKIE, await sealedAgo(updateAgeSeconds + 5));
    const rolled = await request(base(), path, { jar: oldJar });
    expect(rolled.json).toMatchObject({ isLoggedIn: true, username: "lena" });
    expect(rolled.setCookies).toHaveLength(1);
    expect(rolled.setCookies[0]).toContain(`; Max-Age=${idleSeconds - 60};`);
    const expiration = Number(oldJar.get(LIFECYCLE_COOKIE).split("*")[5]);
    expect(expiration).toBeGreaterThanOrEqual(now + idleSeconds * 1000);
    expect(await ironUnseal(oldJar.get(LIFECYCLE_COOKIE), { password: PASSWORD })).toEqual({
      username: "lena",
      [CREATED_AT_KEY]: now - (updateAgeSeconds + 5) * 1000,
    });
    // The Server Component page reads it too (and cannot refresh it).
    const page = await request(base(), "/lifecycle", { jar: oldJar });
    expect(textById(page.text, "lifecycle-user")).toBe("lena");
    expect(page.setCookies).toEqual([]);

    // Idle timeout: not a request for longer than ttl (plus the 60 s of skew).
    const idleJar = new CookieJar();
    idleJar.set(LIFECYCLE_COOKIE, await sealedAgo(idleSeconds + 61));
    expect((await request(base(), path, { jar: idleJar })).json.isLoggedIn).toBe(false);

    // Absolute timeout: sealed a moment ago, but created more than absoluteTtl ago.
    const oldSession = new CookieJar();
    oldSession.set(LIFECYCLE_COOKIE, await sealedAgo(1, absoluteSeconds + 1));
    expect((await request(base(), path, { jar: oldSession })).json.isLoggedIn).toBe(false);
    expect(textById((await request(base(), "/lifecycle", { jar: oldSession })).text, "lifecycle-status")).toBe(
      "Logged out",
    );

    // Log out everywhere: lena on a second device and a Server Action on the first; mo is untouched.
    const phone = new CookieJar();
    await request(base(), path, { method: "POST", json: { username: "lena" }, jar: phone });
    const other = new CookieJar();
    await request(base(), path, { method: "POST", json: { username: "mo" }, jar: other });
    const loggedInPage = await request(base(), "/lifecycle", { jar });
    expect(textById(loggedInPage.text, "lifecycle-user")).toBe("lena");
    const [logoutEverywhere] = actionIds(loggedInPage.text);
    const revoked = await postAction(base(), "/lifecycle", logoutEverywhere, {}, jar);
    expect(revoked.status).toBe(303);
    expect(jar.get(LIFECYCLE_COOKIE)).toBeUndefined();
    expect(phone.get(LIFECYCLE_COOKIE)).toBeTruthy();
    expect((await request(base(), path, { jar: phone })).json.isLoggedIn).toBe(false);
    expect(textById((await request(base(), "/lifecycle", { jar: phone })).text, "lifecycle-status")).toBe("Logged out");
    expect((await request(base(), path, { jar: other })).json).toMatchObject({ isLoggedIn: true, username: "mo" });

    // A new login afterwards works.
    await request(base(), path, { method: "POST", json: { username: "lena" }, jar: phone });
    expect((await request(base(), path, { jar: phone })).json).toMatchObject({ isLoggedIn: true, username: "lena" });
  });

  if (backend === "native") {
    test("the server never fell back to WebCrypto in Node and logged no error", () => {
      const logs = getServer().logs();
      expect(logs).not.toContain(FALLBACK_WARNING);
      expect(logs).not.toMatch(/⨯|Error:/);
    });
  } else {
    test("the server warned exactly once that it fell back to WebCrypto, and logged no error", () => {
      const logs = getServer().logs();
      expect(logs.split(FALLBACK_WARNING).length - 1).toBe(1);
      expect(logs).not.toMatch(/⨯|Error:/);
    });
  }
}

/**
 * A build (see buildOnce) made with no configuration for the package, whose
 * `output: "standalone"` holds the binding and exactly one binary package with
 * its `.node` (or none, with `binary: false`). `modules` is where the standalone
 * output keeps the package (pnpm: inside node_modules/.pnpm).
 */
/**
 * Every flow against one build served two ways: `next start` in its directory, then (unless
 * `standaloneName` is null) its `output: "standalone"` server copied elsewhere under that
 * name, with the build directory hidden.
 */
export function defineServedBuildFlows(getBuild, standaloneName, flowOptions) {
  describe("next start", () => {
    let server;
    beforeAll(async () => {
      server = await nextStart(getBuild().dir);
    });
    afterAll(() => server?.stop());
    defineAppFlows(() => server, flowOptions);
  });
  if (standaloneName === null) return;
  describe("output: standalone, relocated", () => {
    let standalone;
    beforeAll(async () => {
      standalone = await relocatedStandalone(getBuild().dir, standaloneName);
    });
    afterAll(() => standalone?.stop());
    defineAppFlows(() => standalone.server, flowOptions);
  });
}

export function expectConfigFreeStandalone(build, { binary = true } = {}) {
  const configFile = ["next.config.ts", "next.config.mjs"].map((name) => join(build.dir, name)).find(existsSync);
  const nextConfig = readFileSync(configFile, "utf8").replace(/\/\/.*$/gm, "");
  expect(nextConfig).not.toMatch(/serverExternalPackages|transpilePackages|outputFileTracingIncludes|iron-session/);
  expect(build.output).not.toMatch(/serverExternalPackages|Module parse failed|non-ecmascript placeable asset/);
  const standalone = join(build.dir, ".next", "standalone");
  const packageDirs = findPackageDirs(join(standalone, "node_modules"));
  expect(packageDirs.map((dir) => dir.name)).toContain("iron-session-native");
  const main = packageDirs.find((dir) => dir.name === "iron-session-native");
  expect(existsSync(join(main.path, "binding.cjs"))).toBe(true);
  const platforms = packageDirs.filter((dir) => dir.name.startsWith("iron-session-native-"));
  if (!binary) {
    expect(platforms).toEqual([]);
    return;
  }
  expect(platforms).toHaveLength(1);
  expect(readdirSync(platforms[0].path).some((name) => name.endsWith(".node"))).toBe(true);
}

/** Package directories named iron-session-native* under node_modules, also inside a pnpm virtual store. */
function findPackageDirs(modules) {
  const found = [];
  const visit = (dir, depth) => {
    if (!existsSync(dir) || depth > 4) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name.startsWith("iron-session-native") && (entry.isDirectory() || entry.isSymbolicLink())) {
        if (existsSync(join(path, "package.json"))) found.push({ name: entry.name, path });
      }
      if (
        entry.isDirectory() &&
        (entry.name === ".pnpm" || entry.name.startsWith("iron-session-native@") || entry.name === "node_modules")
      ) {
        visit(path, depth + 1);
      }
    }
  };
  visit(modules, 0);
  // One entry per package directory: pnpm links the same directory under several names.
  return found.filter((dir, i) => found.findIndex((other) => other.name === dir.name) === i);
}
