// A Next.js Pages Router app written for iron-session 6.x (__test__/fixtures/next6-app: API routes
// with withIronSessionApiRoute, a page with withIronSessionSsr, middleware and an Edge API route
// with iron-session/edge), installed with this package as `iron-session` from the packed tarball
// and not changed in any line. `next build --webpack` (which type-checks it with the 6.x-era
// moduleResolution "node"), then `next start`, driven over HTTP; cookies go both ways with the
// real iron-session 6.3.1.
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { v6 } from "../helpers/iron-session-6.mjs";
import { PASSWORD, appBase, serverEnv, startServer, useAliasInstall, workDir } from "./helpers/app.mjs";
import { CookieJar, request } from "./helpers/http.mjs";

const fixture = fileURLToPath(new URL("../fixtures/next6-app", import.meta.url));
const COOKIE = "iron-session/examples/next.js";

function buildApp() {
  const dir = join(workDir(), "next6-app");
  rmSync(dir, { recursive: true, force: true });
  cpSync(fixture, dir, { recursive: true, filter: (src) => !/[/\\](node_modules|\.next)$/.test(src) });
  // The example app's installed modules (the same next, react and typescript pins), then this
  // package as iron-session.
  execFileSync("cp", ["-a", join(appBase(), "node_modules"), join(dir, "node_modules")]);
  cpSync(join(appBase(), "package-lock.json"), join(dir, "package-lock.json"));
  rmSync(join(dir, "node_modules", "iron-session-native"), { recursive: true, force: true });
  useAliasInstall(dir);
  try {
    execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build", "--webpack"], {
      cwd: dir,
      env: serverEnv(),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
  } catch (error) {
    throw new Error(`next build failed:\n${error.stdout}\n${error.stderr}`);
  }
  return dir;
}

describe("a Next.js app written for iron-session 6.x, with iron-session-native installed as iron-session", () => {
  let dir;
  let server;

  beforeAll(async () => {
    dir = buildApp();
    server = await startServer({
      cwd: dir,
      args: (port) => ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)],
      readyPath: "/api/user",
    });
  });

  afterAll(() => server?.stop());

  test("node_modules/iron-session is this package, and the app source is the 6.x source", () => {
    const manifest = JSON.parse(readFileSync(join(dir, "node_modules", "iron-session", "package.json"), "utf8"));
    expect(manifest.name).toBe("iron-session-native");
    for (const file of ["lib/session.ts", "pages/api/login.ts", "pages/profile.tsx", "middleware.ts"]) {
      expect(readFileSync(join(dir, file), "utf8")).toBe(readFileSync(join(fixture, file), "utf8"));
    }
  });

  test.each([
    ["Bundler", ["--module", "esnext", "--moduleResolution", "bundler"]],
    ["Node16", ["--module", "node16", "--moduleResolution", "node16"]],
  ])("the app also type-checks with moduleResolution %s", (_, flags) => {
    const tsc = join(dir, "node_modules", "typescript", "bin", "tsc");
    const run = () =>
      execFileSync(process.execPath, [tsc, "-p", ".", "--incremental", "false", ...flags], {
        cwd: dir,
        encoding: "utf8",
      });
    expect(run).not.toThrow();
  });

  const expectLoggedOut = async (jar) => {
    const user = await request(server.url, "/api/user", { jar });
    expect(user.json).toEqual({ isLoggedIn: false, login: "", runtime: "nodejs" });
    const profile = await request(server.url, "/profile", { jar });
    expect(profile.status).toBe(302);
    expect(new URL(profile.headers.get("location"), server.url).pathname).toBe("/");
    expect((await request(server.url, "/members", { jar })).status).toBe(403);
    const edge = await request(server.url, "/api/edge-user", { jar });
    expect(edge.json).toEqual({ user: null, runtime: "edge" });
  };

  const expectLoggedIn = async (jar, login) => {
    const user = await request(server.url, "/api/user", { jar });
    expect(user.json).toEqual({ isLoggedIn: true, login, runtime: "nodejs" });
    const profile = await request(server.url, "/profile", { jar });
    expect(profile.status).toBe(200);
    expect(profile.text).toContain(`Profile of <!-- -->${login}`);
    const members = await request(server.url, "/members", { jar });
    expect(members.status).toBe(200);
    expect(members.headers.get("x-middleware-user")).toBe(login);
    const edge = await request(server.url, "/api/edge-user", { jar });
    expect(edge.json).toEqual({ user: { isLoggedIn: true, login }, runtime: "edge" });
  };

  test("login, read (API route, getServerSideProps, middleware, Edge route), logout", async () => {
    const jar = new CookieJar();
    await expectLoggedOut(jar);

    const login = await request(server.url, "/api/login?login=ada", { jar });
    expect(login.json).toEqual({ isLoggedIn: true, login: "ada" });
    const [setCookie] = login.headers.getSetCookie();
    // 6.x's defaults: 15 days less 60 s.
    expect(setCookie).toMatch(
      /^iron-session\/examples\/next\.js=Fe26\.2\*1\*[^;]+~2; Max-Age=1295940; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    // The seal opens with the real iron-session 6.3.1.
    const seal = /=([^;]+)/.exec(setCookie)[1];
    expect(await v6.root.unsealData(seal, { password: PASSWORD })).toEqual({
      user: { isLoggedIn: true, login: "ada" },
    });

    await expectLoggedIn(jar, "ada");

    const logout = await request(server.url, "/api/logout", { jar });
    expect(logout.headers.getSetCookie()).toEqual([
      "iron-session/examples/next.js=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
    ]);
    await expectLoggedOut(jar);
  });

  test("a cookie sealed by iron-session 6.3.1 is read everywhere", async () => {
    const seal = await v6.root.sealData({ user: { isLoggedIn: true, login: "from-6" } }, { password: PASSWORD });
    const jar = new CookieJar();
    jar.set(COOKIE, seal);
    await expectLoggedIn(jar, "from-6");
  });
});
