// Global setup of the e2e project: the package exactly as a user installs it.
//
// 1. Pack it like a release (scripts/pack.mjs: the root tarball with the
//    optionalDependencies `napi prepublish` writes, plus this platform's binary package).
// 2. Copy examples/next to a temp dir, `npm ci` there, then
//    `npm install --no-save <root.tgz> <platform.tgz>` (real files, not a link).
//
// Builds (`next build`, Turbopack and --webpack) are made on demand by the suites
// (helpers/app.mjs), so a single suite runs alone without building what it does not use.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { packAll } from "../../scripts/pack.mjs";
import { copyExample, npm } from "./helpers/example.mjs";

export default async function setup(project) {
  const workDir = mkdtempSync(join(tmpdir(), "iron-session-native-e2e-"));
  const log = (message) => console.log(`[e2e setup] ${message}`);

  const started = Date.now();
  const packed = packAll(join(workDir, "packs"));
  log(
    `packed ${relative(workDir, packed.published.file)} + ${relative(workDir, packed.platform.file)} in ${Date.now() - started} ms`,
  );

  const appBase = join(workDir, "app-base");
  mkdirSync(appBase);
  copyExample(appBase);
  log(`npm ci: ${npm(["ci", "--prefer-offline", "--no-audit", "--no-fund"], appBase)} ms`);
  const installMs = npm(
    ["install", "--no-save", "--offline", "--no-audit", "--no-fund", packed.published.file, packed.platform.file],
    appBase,
  );
  log(`npm install --no-save <tarballs>: ${installMs} ms`);

  // Installed from the tarballs as real directories, never a link to the checkout.
  for (const name of ["iron-session-native", `iron-session-native-${packed.key}`]) {
    const dir = join(appBase, "node_modules", name);
    if (!existsSync(dir) || lstatSync(dir).isSymbolicLink())
      throw new Error(`${dir} is not an installed package directory`);
  }

  project.provide("e2eWorkDir", workDir);
  project.provide("e2eAppBase", appBase);
  project.provide("e2ePlatformKey", packed.key);
  project.provide("e2eTarballs", {
    published: packed.published.file,
    platform: packed.platform.file,
    platformName: `iron-session-native-${packed.key}`,
  });

  return () => {
    if (process.env.E2E_KEEP) {
      log(`kept ${workDir}`);
      return;
    }
    const started = Date.now();
    // coreutils rm: much faster than fs.rmSync on a few hundred thousand files.
    execFileSync("rm", ["-rf", workDir]);
    log(`removed ${workDir} in ${Date.now() - started} ms`);
  };
}
