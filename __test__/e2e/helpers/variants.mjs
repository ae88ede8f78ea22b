// Installed copies of examples/next that differ from the e2e app base (Next 16,
// npm): other Next.js versions, other package managers, other install layouts.
// Each is installed once per run in the e2e work directory, from the packed tarballs.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { npmPack, repoRoot } from "../../../scripts/pack.mjs";
import { buildOnce, startServer, workDir } from "./app.mjs";
import { copyExample } from "./example.mjs";
import { installWith, run, useTarballs } from "./package-managers.mjs";

const overlays = join(repoRoot, "__test__", "e2e", "overlays");

/**
 * Pinned Next.js versions other than examples/next's own (16), with the React
 * they support, and the bundlers their `next build` offers.
 */
export const NEXT_VERSIONS = {
  14: {
    dependencies: { next: "14.2.35", react: "18.3.1", "react-dom": "18.3.1" },
    devDependencies: { "@types/react": "18.3.32", "@types/react-dom": "18.3.7" },
    bundlers: ["webpack"],
  },
  15: {
    dependencies: { next: "15.5.29", react: "19.3.1", "react-dom": "19.3.1" },
    devDependencies: {},
    bundlers: ["webpack", "turbopack"],
  },
};

export const tarballs = () => ({ ...inject("e2eTarballs") });

/** Runs `make(dir)` once per run; later callers get the same directory. */
function once(name, make) {
  const dir = join(workDir(), name);
  const marker = join(dir, ".e2e-installed");
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  make(dir);
  writeFileSync(marker, "");
  return dir;
}

/**
 * A copy of an installed app for one build: node_modules as hard links (nothing
 * writes into it), symlinks (pnpm's) kept as they are.
 */
function copyInstalled(from, to) {
  cpSync(from, to, { recursive: true, filter: (src) => !/[/\\](node_modules|\.next)$/.test(src) });
  execFileSync("cp", ["-al", join(from, "node_modules"), join(to, "node_modules")]);
}

function editManifest(dir, edit) {
  const path = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(path, "utf8"));
  edit(manifest);
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * examples/next on Next `major` (14 or 15). Only what Next's own APIs make differ:
 * - proxy.ts (Next 16) becomes middleware.ts, which runs on the Edge runtime;
 * - Next 14 reads next.config.mjs, not next.config.ts (overlays/next-14/).
 * `await cookies()` stays: Next 14's synchronous cookies() awaits as itself.
 */
export function nextVersionApp(major) {
  const pins = NEXT_VERSIONS[major];
  return once(`next${major}-installed`, (dir) => {
    copyExample(dir, { lockfile: false });
    const proxy = readFileSync(join(dir, "proxy.ts"), "utf8");
    const middleware = proxy
      .replace(/^\/\/ Next 16 proxy \(always the Node\.js runtime\)/m, `// Next ${major} middleware (the Edge runtime)`)
      .replace("export async function proxy(", "export async function middleware(");
    if (middleware === proxy || !middleware.includes("function middleware("))
      throw new Error("proxy.ts no longer has the expected shape");
    writeFileSync(join(dir, "middleware.ts"), middleware);
    rmSync(join(dir, "proxy.ts"));
    const overlay = join(overlays, `next-${major}`);
    if (existsSync(overlay)) {
      if (existsSync(join(overlay, "next.config.mjs"))) rmSync(join(dir, "next.config.ts"));
      cpSync(overlay, dir, { recursive: true });
    }
    editManifest(dir, (manifest) => {
      Object.assign(manifest.dependencies, pins.dependencies);
      Object.assign(manifest.devDependencies, pins.devDependencies);
    });
    const { published, platform, platformName } = tarballs();
    useTarballs(dir, { published, platform, platformName }, { field: "overrides" });
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir);
  });
}

/** `next build` of examples/next on Next `major` with `bundler`. */
export function buildNextVersion(major, bundler) {
  const base = nextVersionApp(major);
  const dir = join(workDir(), `next${major}-${bundler}`);
  return buildOnce(dir, { bundler, nextMajor: major, label: `Next ${major}, ${bundler}` }, () =>
    copyInstalled(base, dir),
  );
}

/** The other platforms' binary packages, packed without a binary (see useTarballs). */
function standIns() {
  const dest = join(workDir(), "stand-ins");
  const { platformName } = tarballs();
  const out = [];
  for (const dir of readdirSync(join(repoRoot, "npm"))) {
    const name = JSON.parse(readFileSync(join(repoRoot, "npm", dir, "package.json"), "utf8")).name;
    if (name === platformName) continue;
    mkdirSync(dest, { recursive: true });
    const file = readdirSync(dest).find((f) => f.startsWith(`${name}-`) && f.endsWith(".tgz"));
    out.push({ name, file: file ? join(dest, file) : npmPack(join(repoRoot, "npm", dir), dest).file });
  }
  return out;
}

/**
 * examples/next (Next 16) installed with pnpm, yarn or bun from the tarballs,
 * offline from a primed store, then built with Turbopack (Next 16's default).
 * Returns the build and the names in node_modules.
 */
export function buildWithPackageManager(name) {
  const base = once(`pm-${name}-installed`, (dir) => {
    copyExample(dir, { lockfile: false });
    const store = join(workDir(), `pm-${name}-store`);
    installWith(name, dir, store, tarballs(), name === "yarn" ? standIns() : []);
  });
  const dir = join(workDir(), `pm-${name}`);
  const build = buildOnce(dir, { bundler: "turbopack", label: `${name}, turbopack` }, () => copyInstalled(base, dir));
  return { ...build, modules: readdirSync(join(dir, "node_modules")) };
}

/**
 * `npm ci --omit=optional` (a Docker image that skips optional dependencies):
 * the lockfile has the binary package, the install leaves it out. Built with Turbopack.
 */
export function buildOmitOptional() {
  const base = once("npm-omit-optional-installed", (dir) => {
    copyExample(dir, { lockfile: false });
    // npm ci, like yarn, needs every optional dependency in the lockfile (see useTarballs).
    useTarballs(dir, tarballs(), { field: "overrides", standIns: standIns() });
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir);
    rmSync(join(dir, "node_modules"), { recursive: true, force: true });
    run("npm", ["ci", "--omit=optional", "--offline", "--no-audit", "--no-fund"], dir);
  });
  const dir = join(workDir(), "npm-omit-optional");
  return buildOnce(dir, { bundler: "turbopack", label: "npm ci --omit=optional, turbopack" }, () =>
    copyInstalled(base, dir),
  );
}

/**
 * The whole app directory (node_modules and .next included) copied to another
 * path, as a Docker stage that COPYs /app, and served by `next start` there
 * while the build directory is hidden. `stop()` puts it back.
 */
export async function copiedAppServer(buildDir, name) {
  const dest = join(workDir(), name);
  rmSync(dest, { recursive: true, force: true });
  execFileSync("cp", ["-a", buildDir, dest]);
  const hidden = `${buildDir}.hidden`;
  renameSync(buildDir, hidden);
  const restore = () => existsSync(hidden) && renameSync(hidden, buildDir);
  try {
    const server = await startServer({
      cwd: dest,
      args: (port) => ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)],
    });
    return {
      server,
      async stop() {
        await server.stop();
        restore();
      },
    };
  } catch (error) {
    restore();
    throw error;
  }
}
