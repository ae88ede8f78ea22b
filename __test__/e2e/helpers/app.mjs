// Builds and servers for the e2e suites: `next build`, `next start`, `next dev`,
// and the relocated `output: "standalone"` server. Every server is spawned in
// its own process group and stopped by that group's id.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { inject } from "vitest";
import { npm } from "./example.mjs";
import { cleanEnv } from "../../../scripts/pack.mjs";

export const PASSWORD = "e2e-password-that-is-at-least-32-characters-long";
export const COOKIE_NAME = "iron_session_native_example";
export const FALLBACK_WARNING = "IRON_SESSION_NATIVE_FALLBACK";

export const workDir = () => inject("e2eWorkDir");
export const appBase = () => inject("e2eAppBase");

/** The environment of every Next process. */
export function serverEnv(extra = {}) {
  const env = cleanEnv({
    NEXT_TELEMETRY_DISABLED: "1",
    SESSION_PASSWORD: PASSWORD,
    // The tests talk plain http to 127.0.0.1 (see lib/session-options.ts).
    INSECURE_COOKIES: "1",
    ...extra,
  });
  delete env.NODE_ENV; // next sets it (vitest sets "test")
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  return env;
}

/** Every .ts/.tsx file of the example app (not node_modules or .next). */
function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/**
 * The drop-in install: the package under the name iron-session
 * (`npm i iron-session@npm:iron-session-native`, here from the tarball) and the
 * app importing "iron-session"; iron-session-native itself is not installed.
 */
export function useAliasInstall(dir) {
  const { published, platform } = inject("e2eTarballs");
  // A plain install prunes the --no-save iron-session-native installed by the global setup.
  npm(
    ["install", "--no-save", "--offline", "--no-audit", "--no-fund", `iron-session@file:${published}`, platform],
    dir,
  );
  if (existsSync(join(dir, "node_modules", "iron-session-native")))
    throw new Error("iron-session-native is still installed");
  const manifest = JSON.parse(readFileSync(join(dir, "node_modules", "iron-session", "package.json"), "utf8"));
  if (manifest.name !== "iron-session-native") throw new Error(`node_modules/iron-session is ${manifest.name}`);
  for (const file of sourceFiles(dir)) {
    const source = readFileSync(file, "utf8");
    // The package and its subpaths (iron-session-native/testing becomes iron-session/testing).
    const aliased = source.replaceAll('from "iron-session-native', 'from "iron-session');
    if (/["']iron-session-native[/"']/.test(aliased)) throw new Error(`${file} still names iron-session-native`);
    if (aliased !== source) writeFileSync(file, aliased);
  }
}

/**
 * `next build` (Turbopack or `--webpack`) of a copy of the installed example,
 * with `output: "standalone"` (NEXT_OUTPUT, read by examples/next/next.config.ts).
 * Variant "alias": installed as iron-session (useAliasInstall).
 * Built once per run; later callers get the same directory.
 */
export function ensureBuild(bundler, variant = "default") {
  const dir = join(workDir(), `app-${bundler}${variant === "default" ? "" : `-${variant}`}`);
  return buildOnce(dir, { bundler, label: variant === "default" ? bundler : `${bundler}, ${variant}` }, () => {
    cpSync(appBase(), dir, {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|\.next)$/.test(src),
    });
    // node_modules as hard links (fast; nothing writes into it), except where npm
    // changes it. cp -a keeps node_modules/.bin links as they are.
    execFileSync("cp", [
      variant === "alias" ? "-a" : "-al",
      join(appBase(), "node_modules"),
      join(dir, "node_modules"),
    ]);
    if (variant === "alias") useAliasInstall(dir);
  });
}

/**
 * The `next build` arguments for a bundler: Next 16 builds with Turbopack unless
 * given --webpack; Next 15 builds with webpack unless given --turbopack; Next 14
 * builds only with webpack.
 */
function buildArgs(bundler, nextMajor) {
  if (nextMajor >= 16) return bundler === "webpack" ? ["--webpack"] : [];
  if (bundler === "turbopack") {
    if (nextMajor < 15) throw new Error(`Next ${nextMajor} cannot build with Turbopack`);
    return ["--turbopack"];
  }
  return [];
}

/**
 * `next build` in `dir` once per run: `prepare()` makes the installed app
 * there first (the directory is emptied before). Returns { dir, bundler,
 * buildMs, output, cached }. Options: nextMajor (16), env (more build
 * environment), label (for the log).
 */
export function buildOnce(dir, { bundler, nextMajor = 16, env = {}, label = bundler }, prepare) {
  const marker = join(dir, ".e2e-build.json");
  if (existsSync(marker)) return { dir, ...JSON.parse(readFileSync(marker, "utf8")), cached: true };
  rmSync(dir, { recursive: true, force: true });
  prepare();
  const args = ["node_modules/next/dist/bin/next", "build", ...buildArgs(bundler, nextMajor)];
  const started = Date.now();
  let output;
  try {
    output = execFileSync(process.execPath, args, {
      cwd: dir,
      env: serverEnv({ NEXT_OUTPUT: "standalone", ...env }),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
      timeout: 900_000,
    });
  } catch (error) {
    throw new Error(`next build (${label}) failed in ${dir}:\n${error.stdout}\n${error.stderr}`);
  }
  const info = { bundler, buildMs: Date.now() - started, output };
  writeFileSync(marker, JSON.stringify(info));
  console.log(`[e2e] next build (${label}): ${info.buildMs} ms`);
  return { dir, ...info, cached: false };
}

/**
 * `.next/standalone` copied to a fresh directory with the static assets next to
 * it, as a deployment does.
 */
export function relocateStandalone(buildDir, name) {
  const dest = join(workDir(), name);
  rmSync(dest, { recursive: true, force: true });
  cpSync(join(buildDir, ".next", "standalone"), dest, { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(dest, ".next"), { recursive: true });
  cpSync(join(buildDir, ".next", "static"), join(dest, ".next", "static"), { recursive: true });
  if (existsSync(join(buildDir, "public"))) cpSync(join(buildDir, "public"), join(dest, "public"), { recursive: true });
  return dest;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns a server (`node <args>` in `cwd`) on a free port and waits until
 * `readyPath` answers. Returns { url, pid, logs(), stop() }.
 */
export async function startServer({ cwd, args, env = {}, readyPath = "/api/session", timeoutMs = 90_000 }) {
  const port = await freePort();
  const child = spawn(process.execPath, args(port), {
    cwd,
    env: serverEnv({ PORT: String(port), HOSTNAME: "127.0.0.1", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: `next dev` forks a child server
  });
  let output = "";
  const collect = (chunk) => {
    output += chunk;
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    const exit = (how) => {
      exited = how;
      resolve(how);
    };
    child.on("exit", (code, signal) => exit({ code, signal }));
    // A failed spawn (say, a missing cwd) may emit "error" and never "exit".
    child.on("error", (error) => exit({ error: error.message }));
  });

  const url = `http://127.0.0.1:${port}`;
  const server = {
    url,
    pid: child.pid,
    logs: () => output,
    async stop() {
      if (exited || child.pid === undefined) return;
      const signal = (name) => {
        try {
          process.kill(-child.pid, name);
        } catch {}
      };
      signal("SIGTERM");
      const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
      if (await Promise.race([exitPromise.then(() => true), wait(5000).then(() => false)])) return;
      signal("SIGKILL");
      // Never wait forever on a process that will not report its exit.
      await Promise.race([exitPromise, wait(5000)]);
    },
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`server exited (${JSON.stringify(exited)}) before it was ready:\n${output}`);
    try {
      const response = await fetch(url + readyPath, { redirect: "manual", signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      if (response.status < 500) return server;
    } catch {}
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`server not ready after ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const nextStart = (dir) =>
  startServer({
    cwd: dir,
    args: (port) => ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)],
  });

export const nextDev = (dir, bundler) =>
  startServer({
    cwd: dir,
    args: (port) => [
      "node_modules/next/dist/bin/next",
      "dev",
      ...(bundler === "webpack" ? ["--webpack"] : []),
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    timeoutMs: 180_000,
  });

export const standaloneServer = (dir) => startServer({ cwd: dir, args: () => ["server.js"] });

/**
 * The standalone output, relocated and served while the build directory is
 * hidden (renamed to `hidden`), so nothing can load from the build's paths.
 * `stop()` stops the server and puts the build directory back.
 */
export async function relocatedStandalone(buildDir, name) {
  const dir = relocateStandalone(buildDir, name);
  const hidden = `${buildDir}.hidden`;
  renameSync(buildDir, hidden);
  const restore = () => existsSync(hidden) && renameSync(hidden, buildDir);
  let server;
  try {
    server = await standaloneServer(dir);
  } catch (error) {
    restore();
    throw error;
  }
  return {
    server,
    hidden,
    async stop() {
      await server.stop();
      restore();
    },
  };
}
