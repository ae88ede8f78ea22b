// The example app's sources, copied out of the repository for the e2e and compat
// suites (no vitest imports: the global setup uses this too).
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { execFileSync } from "node:child_process";
import { cleanEnv, repoRoot } from "../../../scripts/pack.mjs";

export const exampleDir = join(repoRoot, "examples", "next");
const SKIP = new Set(["node_modules", ".next", "next-env.d.ts", "tsconfig.tsbuildinfo"]);

/**
 * Copies examples/next to `dest` without its installed or built files, and
 * without its dependency on the repository checkout (`"iron-session-native":
 * "file:../.."`, which only resolves inside the repo): the suites install the
 * packed tarballs instead. With `lockfile: false` the npm lockfile stays behind too.
 */
export function copyExample(dest, { lockfile = true } = {}) {
  cpSync(exampleDir, dest, {
    recursive: true,
    filter: (src) => {
      const parts = relative(exampleDir, src).split(sep);
      if (parts.some((part) => SKIP.has(part))) return false;
      return lockfile || parts.join("/") !== "package-lock.json";
    },
  });
  rmSync(join(dest, ".npmrc"), { force: true });
  const manifestPath = join(dest, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  delete manifest.dependencies["iron-session-native"];
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const lockPath = join(dest, "package-lock.json");
  if (existsSync(lockPath)) {
    const lock = JSON.parse(readFileSync(lockPath, "utf8"));
    delete lock.packages[""].dependencies["iron-session-native"];
    delete lock.packages["node_modules/iron-session-native"];
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  }
}

/** Runs npm in `cwd` with a clean environment; the milliseconds it took. */
export function npm(args, cwd) {
  const started = Date.now();
  try {
    execFileSync("npm", args, {
      cwd,
      env: cleanEnv(),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 300_000,
    });
  } catch (error) {
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${error.stdout}\n${error.stderr}`);
  }
  return Date.now() - started;
}
