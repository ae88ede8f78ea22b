// pnpm, yarn and bun at exact versions, installed from the npm registry into a
// cache outside the repo (COMPAT_TOOLS_CACHE, default <tmpdir>/iron-session-native-compat-tools),
// and each one's way of installing the packed package into an app.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv } from "../../../scripts/pack.mjs";

// Exact versions: the ones the compatibility matrix (docs/compatibility.md) was run with.
export const PACKAGE_MANAGERS = {
  pnpm: { pkg: "pnpm", version: "12.4.2", bin: "pnpm" },
  yarn: { pkg: "@yarnpkg/cli-dist", version: "4.18.1", bin: "yarn" },
  bun: { pkg: "bun", version: "1.4.4", bin: "bun" },
};

const cacheDir = () => process.env.COMPAT_TOOLS_CACHE || join(tmpdir(), "iron-session-native-compat-tools");

export function run(command, args, cwd, env = {}, timeout = 600_000) {
  try {
    return execFileSync(command, args, {
      cwd,
      env: cleanEnv({ NEXT_TELEMETRY_DISABLED: "1", ...env }),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
      timeout,
    });
  } catch (error) {
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${error.stdout}\n${error.stderr}`);
  }
}

/** The path of the package manager's executable, installed into the cache on first use. */
export function packageManagerBin(name) {
  const { pkg, version, bin } = PACKAGE_MANAGERS[name];
  const dir = join(cacheDir(), `${name}-${version}`);
  const path = join(dir, "node_modules", ".bin", bin);
  const works = () => existsSync(path) && run(path, ["--version"], dir).trim() === version;
  if (works()) return path;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), "{}\n");
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--save-exact", `${pkg}@${version}`], dir);
  if (!works()) throw new Error(`${pkg}@${version} did not install a working ${bin}`);
  return path;
}

/**
 * Points the app's package.json at the packed tarballs, as a user's points at the
 * registry: `iron-session-native` from the published tarball. Returns the overrides
 * that resolve its optionalDependency on this platform's binary package to the
 * platform tarball (npm and bun read them from package.json `overrides`, yarn from
 * `resolutions`, pnpm from pnpm-workspace.yaml).
 *
 * `standIns`: the other platforms' packages, not published from this checkout,
 * resolved to their manifests packed without a binary (yarn, and npm ci, stop at an
 * optional dependency the registry does not have; npm install, pnpm and bun skip it).
 */
export function useTarballs(dir, { published, platform, platformName }, { field, standIns = [] } = {}) {
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  manifest.dependencies = { ...manifest.dependencies, "iron-session-native": `file:${published}` };
  const overrides = { [platformName]: `file:${platform}` };
  for (const { name, file } of standIns) overrides[name] = `file:${file}`;
  if (field) manifest[field] = { ...manifest[field], ...overrides };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return overrides;
}

/**
 * Installs the app in `dir` (its package.json names the tarballs, see useTarballs)
 * with package manager `name`, the way a CI does it offline: one install primes the
 * manager's store or cache (in `storeDir`, reused by later runs), then node_modules
 * is deleted and installed again offline from the lockfile.
 */
export function installWith(name, dir, storeDir, tarballs, standIns) {
  const bin = packageManagerBin(name);
  mkdirSync(storeDir, { recursive: true });
  let online,
    offline,
    env = {};
  if (name === "pnpm") {
    const overrides = useTarballs(dir, tarballs);
    const yaml = Object.entries(overrides).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}`);
    writeFileSync(
      join(dir, "pnpm-workspace.yaml"),
      [`storeDir: ${JSON.stringify(storeDir)}`, "overrides:", ...yaml, ""].join("\n"),
    );
    online = ["install", "--prefer-offline"];
    offline = ["install", "--offline", "--frozen-lockfile"];
  } else if (name === "yarn") {
    useTarballs(dir, tarballs, { field: "resolutions", standIns });
    writeFileSync(
      join(dir, ".yarnrc.yml"),
      [
        "nodeLinker: node-modules",
        "enableTelemetry: false",
        "enableGlobalCache: true",
        `globalFolder: ${JSON.stringify(storeDir)}`,
        "",
      ].join("\n"),
    );
    writeFileSync(join(dir, "yarn.lock"), "");
    online = ["install"];
    offline = ["install", "--immutable"];
    env = { YARN_ENABLE_NETWORK: "1" };
  } else if (name === "bun") {
    useTarballs(dir, tarballs, { field: "overrides" });
    env = { BUN_INSTALL_CACHE_DIR: storeDir };
    online = ["install"];
    offline = ["install", "--offline", "--frozen-lockfile"];
  } else {
    throw new Error(`unknown package manager ${name}`);
  }
  rmSync(join(dir, "package-lock.json"), { force: true });
  run(bin, online, dir, env);
  rmSync(join(dir, "node_modules"), { recursive: true, force: true });
  // The second install may not reach the network.
  const offlineEnv = name === "yarn" ? { YARN_ENABLE_NETWORK: "0" } : env;
  run(bin, offline, dir, offlineEnv);
  return readdirSync(join(dir, "node_modules"));
}
