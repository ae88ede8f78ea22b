// Packs the package the way a release publishes it, for tests that install it into
// a fresh project (no network, no Rust toolchain):
//
// - `root.tgz`: `npm pack` of this checkout: the committed manifest (no optionalDependencies).
// - `published.tgz`: the same files, with the manifest `napi prepublish` writes at release time
//   (optionalDependencies on every platform package, exact versions). It is made by the real
//   `napi prepublish -t npm --no-gh-release --skip-optional-publish` run in a staging copy.
// - `platform.tgz`: `npm pack` of npm/<this platform>/ after `napi artifacts` moved the locally
//   built `.node` into it, as the release workflow does with the binaries of its build jobs.
//
// Usage: `const packed = packAll(dir)`; then `npm install --offline <packed.published> <packed.platform>`.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseTriple } from "@napi-rs/cli";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
export const rootManifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
export const binaryName = rootManifest.napi.binaryName;

/** napi-rs's platformArchABI for this process: linux-x64-gnu, linux-arm64-musl, darwin-arm64, win32-x64-msvc... */
export function hostPlatformKey() {
  const { platform, arch } = process;
  if (platform === "linux") {
    const header = process.report?.getReport?.().header;
    return `linux-${arch}-${header?.glibcVersionRuntime ? "gnu" : "musl"}`;
  }
  if (platform === "win32") return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

/** The environment for child npm/node processes: no npm_* variables inherited from `npm test`. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
}

function npm(args, cwd, env = cleanEnv()) {
  return execFileSync("npm", args, {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    shell: process.platform === "win32",
  });
}

/** `npm pack` of `dir` into `dest`; returns { file, files } (the tarball's path and its file list). */
export function npmPack(dir, dest) {
  const [result] = JSON.parse(npm(["pack", "--json", "--pack-destination", dest], dir));
  return { file: join(dest, result.filename), files: result.files.map((f) => f.path).sort(), manifest: result };
}

export function packAll(dest) {
  const key = hostPlatformKey();
  const binary = join(repoRoot, `${binaryName}.${key}.node`);
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`npm run build\` first`);
  mkdirSync(dest, { recursive: true });

  const root = npmPack(repoRoot, dest);

  // Staging copy: the packed root files and the npm/ dirs, then the release steps of
  // .github/workflows/release.yml: `napi artifacts` moves the downloaded binaries into
  // npm/<platform>/, `napi prepublish` writes the root optionalDependencies.
  const stage = join(dest, "stage");
  mkdirSync(stage, { recursive: true });
  execFileSync("tar", ["xzf", root.file, "-C", stage]);
  const stagedRoot = join(stage, "package");
  for (const dir of readdirSync(join(repoRoot, "npm"))) {
    const target = join(stagedRoot, "npm", dir);
    mkdirSync(target, { recursive: true });
    for (const name of ["package.json", "README.md", "LICENSE"])
      cpSync(join(repoRoot, "npm", dir, name), join(target, name));
  }
  // Both commands refuse to run while any target's binary is missing. Only this platform's is
  // real; the others are placeholders here (CI downloads them from the build jobs), never packed.
  for (const triple of rootManifest.napi.targets) {
    const { platformArchABI } = parseTriple(triple);
    const artifactDir = join(stagedRoot, "artifacts", `bindings-${triple}`);
    mkdirSync(artifactDir, { recursive: true });
    const artifact = join(artifactDir, `${binaryName}.${platformArchABI}.node`);
    if (platformArchABI === key) copyFileSync(binary, artifact);
    else writeFileSync(artifact, "placeholder\n");
  }
  const cli = join(repoRoot, "node_modules", "@napi-rs", "cli", "dist", "cli.js");
  for (const args of [["artifacts"], ["prepublish", "-t", "npm", "--no-gh-release", "--skip-optional-publish"]]) {
    execFileSync(process.execPath, [cli, ...args], {
      cwd: stagedRoot,
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
  }
  const publishedDir = join(dest, "published");
  mkdirSync(publishedDir, { recursive: true });
  const published = npmPack(stagedRoot, publishedDir);
  const platform = npmPack(join(stagedRoot, "npm", key), dest);
  return {
    key,
    root,
    published,
    platform,
    stagedManifest: JSON.parse(readFileSync(join(stagedRoot, "package.json"), "utf8")),
  };
}
