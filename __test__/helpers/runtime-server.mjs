// Runs __test__/fixtures/runtimes/server.mjs on another runtime (Bun, Deno) inside a project
// with the package installed from its tarballs, and checks over HTTP that the sessions it keeps
// and the cookies it writes are the ones Node's native addon and iron-session 9.0.1 read and write.
import { afterAll, beforeAll, expect, test } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ironSession from "iron-session";
import { cleanEnv, repoRoot } from "../../scripts/pack.mjs";
import { consumerProject } from "./consumer.mjs";
import { CookieClient, SESSION_OPTIONS } from "./http.mjs";
import { native } from "./implementations.mjs";

const NODE_SIDES = { "iron-session-native (Node)": native, "iron-session 9.0.1 (Node)": ironSession };
const { cookieName, password } = SESSION_OPTIONS;

/** The binary an npm devDependency (bun, deno) puts in node_modules/.bin. */
export const bin = (name) => join(repoRoot, "node_modules", ".bin", name);
/** The exact version package.json pins for a devDependency. */
export const pinned = (name) => JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).devDependencies[name];

/** A project with the package installed and the scripts of __test__/fixtures/runtimes/. */
const runtimeProject = () =>
  consumerProject("runtime-server", {
    "server.mjs": readFileSync(join(repoRoot, "__test__/fixtures/runtimes/server.mjs"), "utf8"),
    "probe.cjs": readFileSync(join(repoRoot, "__test__/fixtures/runtimes/probe.cjs"), "utf8"),
  });
const runtimeEnv = (env) =>
  cleanEnv({
    SESSION_OPTIONS: JSON.stringify(SESSION_OPTIONS),
    IRON_SESSION_NATIVE_SILENT: "",
    DENO_NO_UPDATE_CHECK: "1",
    ...env,
  });

/** Starts `command args… server.mjs` in a consumer project; resolves with its ready line, stderr and a stop(). */
export function startRuntimeServer(command, args, env = {}) {
  const child = spawn(command, [...args, "server.mjs"], {
    cwd: runtimeProject(),
    env: runtimeEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const server = {
    stderr: "",
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill();
      }),
  };
  child.stderr.setEncoding("utf8").on("data", (chunk) => (server.stderr += chunk));
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
      const line = stdout
        .split("\n")
        .slice(0, -1)
        .find((l) => l.startsWith("{")); // complete lines only
      if (line && !server.ready) {
        server.ready = JSON.parse(line);
        server.url = `http://127.0.0.1:${server.ready.port}`;
        resolve(server);
      }
    });
    child.on("error", reject);
    child.on(
      "exit",
      (code) => server.ready || reject(new Error(`${command} exited with ${code}:\n${stdout}\n${server.stderr}`)),
    );
  });
}

/**
 * The tests for one runtime: `runtime` ("bun"/"deno"), its command line, which backend the
 * package must pick there ("native" when the runtime loads Node-API addons), and whether a
 * CommonJS main module's require() and import() share one instance of the package there.
 */
export function runtimeServerSuite({ runtime, args, backend, env, cjsImportSharesInstance = true }) {
  let server;
  beforeAll(async () => {
    server = await startRuntimeServer(bin(runtime), args, env);
  }, 180_000);
  afterAll(() => server?.stop());

  test(`the ${runtime} binary from npm runs, at the pinned version, and loads index.mjs through "exports" on the ${backend} backend`, () => {
    expect(server.ready.runtime).toBe(`${runtime} ${pinned(runtime)}`);
    expect(server.ready.entry).toMatch(/\/node_modules\/iron-session-native\/index\.mjs$/);
    expect(server.ready.backend).toBe(backend);
  });

  test(`require() resolves index.cjs through "exports"${cjsImportSharesInstance ? ", the same instance as import()" : "; import() there gives a second instance"}`, () => {
    const probe = spawnSync(bin(runtime), [...args, "probe.cjs"], {
      cwd: runtimeProject(),
      env: runtimeEnv(env),
      encoding: "utf8",
    });
    expect(probe.status, probe.stderr).toBe(0);
    const out = JSON.parse(probe.stdout);
    expect(out.required).toMatch(/[\\/]node_modules[\\/]iron-session-native[\\/]index\.cjs$/);
    expect(out.sameInstance).toBe(cjsImportSharesInstance);
    expect(out.backend).toBe(backend);
  });

  test("login, read and logout over HTTP", async () => {
    const client = new CookieClient();
    expect((await client.get(`${server.url}/me`)).body).toEqual({ loggedIn: false, session: {} });
    expect((await client.get(`${server.url}/login?name=Zoë 🍪`)).body).toEqual({
      loggedIn: true,
      session: { user: { name: "Zoë 🍪" } },
    });
    expect(client.cookies.get(cookieName)).toMatch(/^Fe26\.2\*2\*/);
    expect((await client.get(`${server.url}/me`)).body).toEqual({
      loggedIn: true,
      session: { user: { name: "Zoë 🍪" } },
    });
    expect((await client.get(`${server.url}/logout`)).body).toEqual({ loggedIn: false, session: {} });
    expect(client.cookies.has(cookieName)).toBe(false);
    expect((await client.get(`${server.url}/me`)).body).toEqual({ loggedIn: false, session: {} });
  });

  test.each(Object.keys(NODE_SIDES))(
    `its session cookie opens in %s, and a cookie sealed there is read by ${runtime}`,
    async (side) => {
      const api = NODE_SIDES[side];
      const client = new CookieClient();
      await client.get(`${server.url}/login?name=${runtime}`);
      expect(await api.unsealData(client.cookies.get(cookieName), { password })).toEqual({ user: { name: runtime } });

      const seal = await api.sealData({ user: { name: "node" } }, { password });
      const read = await new CookieClient().get(`${server.url}/me`, `${cookieName}=${seal}`);
      expect(read.body).toEqual({ loggedIn: true, session: { user: { name: "node" } } });
    },
  );

  test.each(Object.keys(NODE_SIDES))("sealData there opens with unsealData in %s, and the reverse", async (side) => {
    const api = NODE_SIDES[side];
    const { seal } = await (await fetch(`${server.url}/seal?name=${runtime}`)).json();
    expect(await api.unsealData(seal, { password })).toEqual({ name: runtime });
    const fromNode = await api.sealData({ name: "node" }, { password });
    expect(await (await fetch(`${server.url}/unseal?seal=${encodeURIComponent(fromNode)}`)).json()).toEqual({
      data: { name: "node" },
    });
  });

  test("a tampered cookie reads as an empty session, not an error", async () => {
    const seal = await native.sealData({ user: { name: "node" } }, { password });
    const parts = seal.split("*");
    parts[4] = (parts[4][0] === "A" ? "B" : "A") + parts[4].slice(1); // the ciphertext
    const tampered = parts.join("*");
    const read = await new CookieClient().get(`${server.url}/me`, `${cookieName}=${tampered}`);
    expect(read).toEqual({ status: 200, body: { loggedIn: false, session: {} } });
  });

  return () => server;
}
