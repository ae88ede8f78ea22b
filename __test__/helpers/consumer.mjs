// A user's project with this package installed as npm installs it from the registry:
// the published tarball plus this platform's binary package (see scripts/pack.mjs),
// `npm install --offline`. Projects live in .consumers/ of this repository (git-ignored), so
// tools the project does not install itself (jest, vitest, jsdom, frameworks) resolve
// from this repository's node_modules, while "iron-session-native" resolves to the copy
// installed in the project, through its package.json "exports". (Not under node_modules/:
// test runners skip test files there.)
//
// The tarballs and projects are reused while the packed files are unchanged (a hash of
// them names the directories), so several test files can share one pack.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { binaryName, cleanEnv, hostPlatformKey, packAll, repoRoot, rootManifest } from "../../scripts/pack.mjs";

export const cacheRoot = join(repoRoot, ".consumers");

function packedFiles() {
  const files = ["package.json", `${binaryName}.${hostPlatformKey()}.node`];
  for (const entry of rootManifest.files) {
    const path = join(repoRoot, entry);
    if (!existsSync(path)) continue;
    if (!statSync(path).isDirectory()) files.push(entry);
    else {
      for (const name of readdirSync(path, { recursive: true }).sort()) {
        if (statSync(join(path, name)).isFile()) files.push(join(entry, name));
      }
    }
  }
  return files;
}

/** A hash of everything that goes into the tarballs. */
function packKey() {
  const hash = createHash("sha256");
  for (const file of packedFiles())
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(join(repoRoot, file)));
  return hash.digest("hex").slice(0, 16);
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds `<cacheRoot>/<name>-<key>` once: in a temporary sibling renamed into place, while a lock
 * directory makes concurrent callers (other test files) wait instead of building it again. Removes
 * the `<name>-*` directories of earlier keys. Returns the directory.
 */
function once(name, key, build) {
  const dir = join(cacheRoot, `${name}-${key}`);
  const lock = `${dir}.lock`;
  mkdirSync(cacheRoot, { recursive: true });
  for (;;) {
    if (existsSync(dir)) return dir;
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      // A lock older than ten minutes belongs to a process that died.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 600_000)
        rmSync(lock, { recursive: true, force: true });
      else sleep(500);
    }
  }
  const temp = `${dir}.tmp`;
  try {
    rmSync(temp, { recursive: true, force: true });
    build(temp);
    renameSync(temp, dir);
    for (const entry of readdirSync(cacheRoot)) {
      if (entry.startsWith(`${name}-`) && /^[0-9a-f]{16}$/.test(entry.slice(name.length + 1))) {
        if (entry !== `${name}-${key}`) rmSync(join(cacheRoot, entry), { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
  return dir;
}

/** The packed tarballs: { published, platform } file paths. */
export function packedTarballs() {
  const dir = once("pack", packKey(), (temp) => {
    const packed = packAll(join(temp, "work"));
    cpSync(packed.published.file, join(temp, "published.tgz"));
    cpSync(packed.platform.file, join(temp, "platform.tgz"));
    rmSync(join(temp, "work"), { recursive: true, force: true });
  });
  return { published: join(dir, "published.tgz"), platform: join(dir, "platform.tgz") };
}

/**
 * A project named `name` with the package installed, and `files` ({ path: text }) written
 * into it (package.json defaults to a private one). Returns its directory.
 */
export function consumerProject(name, files = {}) {
  const tarballs = packedTarballs();
  const content = {
    "package.json": JSON.stringify({ name: `consumer-${name}`, private: true }, null, 2) + "\n",
    ...files,
  };
  const key = createHash("sha256")
    .update(tarballs.published)
    .update(JSON.stringify(content))
    .digest("hex")
    .slice(0, 16);
  return once(name, key, (temp) => {
    for (const [path, text] of Object.entries(content)) {
      mkdirSync(join(temp, path, ".."), { recursive: true });
      writeFileSync(join(temp, path), text);
    }
    execFileSync(
      "npm",
      [
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--no-save",
        "--cache",
        join(temp, ".npm-cache"),
        tarballs.published,
        tarballs.platform,
      ],
      { cwd: temp, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" },
    );
    rmSync(join(temp, ".npm-cache"), { recursive: true, force: true });
  });
}
