// Runs every test: the Rust unit tests, the TypeScript check of index.d.ts
// against real usage, and the vitest suites (extra arguments go to vitest).
// Ends with one line "N passed, N failed" and a non-zero exit on any failure.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const REPORT = "vitest-report.json";
let passed = 0;
let failed = 0;

function run(command, args, { capture = false } = {}) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: capture ? ["inherit", "pipe", "inherit"] : "inherit", encoding: "utf8" });
  if (capture) process.stdout.write(result.stdout ?? "");
  return { ok: result.status === 0, stdout: result.stdout ?? "" };
}

// The addon the JS tests load (a no-op when nothing changed).
if (!run("npm", ["run", "--silent", "build"]).ok) failed += 1;

const cargo = run("cargo", ["test", "--quiet"], { capture: true });
for (const [, ok, bad] of cargo.stdout.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
  passed += Number(ok);
  failed += Number(bad);
}
if (!cargo.ok && !/test result/.test(cargo.stdout)) failed += 1; // did not build

const types = run("npx", ["tsc", "-p", "__test__/types/tsconfig.json"]);
types.ok ? (passed += 1) : (failed += 1);

rmSync(REPORT, { force: true });
const vitest = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${REPORT}`, ...process.argv.slice(2)]);
try {
  const report = JSON.parse(readFileSync(REPORT, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (!vitest.ok && report.numFailedTests === 0) failed += 1; // a suite failed to load
} catch {
  failed += 1; // vitest wrote no report
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
