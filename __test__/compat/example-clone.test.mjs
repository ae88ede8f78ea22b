// examples/next runs by itself from a fresh clone, as its README says:
// `cd examples/next && npm install && npm run dev`. The package is its
// `file:../..` dependency, installed as a packed copy (examples/next/.npmrc:
// install-links). A clone has no built addon, so it runs on the WebCrypto
// fallback, with exactly one warning.
import { execFileSync } from "node:child_process";
import { cpSync, lstatSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { repoRoot } from "../../scripts/pack.mjs";
import { COOKIE_NAME, FALLBACK_WARNING, startServer, workDir } from "../e2e/helpers/app.mjs";
import { CookieJar, request, textById } from "../e2e/helpers/http.mjs";
import { run } from "../e2e/helpers/package-managers.mjs";

describe("a fresh clone: cd examples/next && npm install && npm run dev", () => {
  let app;
  let server;

  beforeAll(async () => {
    // The files a clone has: tracked ones and new ones not ignored (no node_modules, no built addon).
    const clone = join(workDir(), "clone");
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
      cwd: repoRoot,
      encoding: "utf8",
    })
      .split("\0")
      .filter(Boolean);
    for (const file of files) {
      try {
        if (!lstatSync(join(repoRoot, file)).isFile()) continue;
      } catch {
        continue; // deleted in the working tree
      }
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      cpSync(join(repoRoot, file), join(clone, file));
    }
    app = join(clone, "examples", "next");
    run("npm", ["install", "--prefer-offline"], app);
    const manifest = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
    expect(manifest.scripts.dev).toBe("next dev");
    server = await startServer({
      cwd: app,
      args: (port) => ["node_modules/next/dist/bin/next", "dev", "-H", "127.0.0.1", "-p", String(port)],
      timeoutMs: 180_000,
    });
  });

  afterAll(() => server?.stop());

  test("the package is installed from the checkout as a copy, not a link", () => {
    const installed = join(app, "node_modules", "iron-session-native");
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).name).toBe("iron-session-native");
  });

  test("login, read, protected page, logout on the WebCrypto fallback, with exactly one warning", async () => {
    const base = server.url;
    const jar = new CookieJar();
    expect((await request(base, "/api/session", { jar })).json).toMatchObject({
      isLoggedIn: false,
      backend: "webcrypto",
    });
    expect((await request(base, "/protected", { jar })).status).toBe(307);
    await request(base, "/api/session", { method: "POST", json: { username: "clone" }, jar });
    expect(jar.get(COOKIE_NAME)).toMatch(/^Fe26\.2\*1\*/);
    expect((await request(base, "/api/session", { jar })).json).toMatchObject({
      isLoggedIn: true,
      username: "clone",
      counter: 1,
    });
    const home = await request(base, "/", { jar });
    expect(textById(home.text, "username")).toBe("clone");
    expect(textById(home.text, "backend")).toBe("webcrypto");
    expect((await request(base, "/protected", { jar })).status).toBe(200);
    expect((await request(base, "/api/pages-session", { jar })).json).toMatchObject({
      isLoggedIn: true,
      username: "clone",
    });
    await request(base, "/api/session", { method: "DELETE", jar });
    expect(jar.get(COOKIE_NAME)).toBeUndefined();
    expect((await request(base, "/api/session", { jar })).json).toMatchObject({ isLoggedIn: false });
    expect(server.logs().split(FALLBACK_WARNING).length - 1).toBe(1);
  });
});
