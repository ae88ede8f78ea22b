// Runs every test: the Rust tests, the TypeScript check of index.d.ts against
// real usage, and the vitest suites (extra arguments go to vitest).
// Every step runs even when an earlier one failed. Any non-zero exit of a step
// is a failure: a test binary that crashed, a suite that did not load and a
// step that did not run each count as one failed test, named in the summary.
// Ends with one line "N passed, N failed" and a non-zero exit on any failure.
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { relative } from "node:path";

const REPORT = "vitest-report.json";
let passed = 0;
let failed = 0;
const failures = [];

function fail(count, message) {
  failed += count;
  failures.push(message);
}

// Runs a step with its output shown live; `capture` also keeps stdout and stderr for parsing.
function run(command, args, { capture = false } = {}) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ["inherit", "pipe", "pipe"] : "inherit" });
    const output = { stdout: "", stderr: "" };
    for (const stream of capture ? ["stdout", "stderr"] : []) {
      child[stream].setEncoding("utf8").on("data", (chunk) => {
        output[stream] += chunk;
        process[stream].write(chunk);
      });
    }
    child.on("error", (error) => resolve({ ok: false, exit: error.message, ...output }));
    child.on("close", (code, signal) =>
      resolve({ ok: code === 0, exit: signal ? `signal ${signal}` : `exit code ${code}`, ...output }),
    );
  });
}

// A step whose non-zero exit no counted failure explains is one failure of its own.
function checkExit(name, result, failuresCounted) {
  if (!result.ok && failuresCounted === 0) fail(1, `${name}: ${result.exit}`);
}

// The addon the JS tests load (a no-op when nothing changed).
const build = await run("npm", ["run", "--silent", "build"]);
checkExit("npm run build", build, 0);

// Every test binary runs even when one fails. A binary whose tests failed prints a
// "test result: FAILED" line; one that crashed (abort, signal, stack overflow) prints
// none, and cargo names each failed binary on stderr either way.
const cargo = await run("cargo", ["test", "--no-fail-fast", "--quiet"], { capture: true });
const cargoBefore = failed;
let binariesWithFailedTests = 0;
for (const [, verdict, ok, bad] of cargo.stdout.matchAll(/test result: (\w+)\. (\d+) passed; (\d+) failed/g)) {
  passed += Number(ok);
  if (Number(bad) > 0) fail(Number(bad), `cargo test: ${bad} failed`);
  if (verdict === "FAILED") binariesWithFailedTests += 1;
}
const failedBinaries = [
  ...cargo.stderr.matchAll(
    /error: (?:test|doctest) failed, to rerun pass `([^`]+)`(?:\s*Caused by:\s*process didn't exit successfully: `[^`]*` \((.*)\))?/g,
  ),
].map(([, target, why]) => `${target}${why ? ` (${why})` : ""}`);
const crashed = failedBinaries.length - binariesWithFailedTests;
if (crashed > 0) {
  fail(
    crashed,
    `cargo test: ${crashed} binary(ies) crashed without a test result; failed binaries: ${failedBinaries.join(", ")}`,
  );
}
checkExit("cargo test (did not build or run)", cargo, failed - cargoBefore);

const types = await run("npx", ["tsc", "-p", "__test__/types/tsconfig.json"]);
if (types.ok) passed += 1;
else fail(1, `tsc -p __test__/types/tsconfig.json: ${types.exit}`);

rmSync(REPORT, { force: true });
const vitest = await run("npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile=${REPORT}`,
  ...process.argv.slice(2),
]);
const vitestBefore = failed;
let report;
try {
  report = JSON.parse(readFileSync(REPORT, "utf8"));
} catch {
  fail(1, `vitest: wrote no report (${vitest.exit})`);
}
if (report) {
  passed += report.numPassedTests;
  if (report.numFailedTests > 0) fail(report.numFailedTests, `vitest: ${report.numFailedTests} failed`);
  // A file that failed without a failed test did not load or errored outside its tests.
  for (const file of report.testResults) {
    const hasFailedTest = file.assertionResults.some((test) => test.status === "failed");
    if (file.status === "failed" && !hasFailedTest) {
      fail(1, `vitest: ${relative(".", file.name)} failed to run: ${String(file.message).split("\n")[0]}`);
    }
  }
}
checkExit("vitest (errors outside tests)", vitest, failed - vitestBefore);

if (failures.length > 0) console.log(`\nFailures:\n${failures.map((line) => `  ${line}`).join("\n")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
