// `npm run fuzz`: the long fuzz runs, each bounded in time.
//
// 1. Rust: every cargo-fuzz target of fuzz/ (unseal, seal_roundtrip) for
//    FUZZ_SECONDS each (default 60), with libFuzzer and AddressSanitizer, on
//    the machine's stable toolchain with RUSTC_BOOTSTRAP=1 (what -Zsanitizer
//    needs; a nightly toolchain works the same). cargo-fuzz is installed from
//    crates.io when missing. If it cannot be installed or cannot build, the same
//    targets run under the stable random-mutation driver (tests/fuzz_stable.rs,
//    release build) for the same time, and the summary says so.
// 2. JavaScript: the fast-check property suites __test__/hardening/fuzz-*.test.mjs with
//    FUZZ_RUNS_SCALE (default 50) times their usual number of runs.
//
// Environment: FUZZ_SECONDS, FUZZ_TARGETS (comma-separated), FUZZ_ENGINE
// (libfuzzer | stable), FUZZ_RUNS_SCALE, FUZZ_SKIP_JS=1.
// Findings land in fuzz/artifacts/<target>/ (libFuzzer) or fuzz/artifacts/stable/.
// Exit status 1 when anything failed.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";

const root = new URL("../", import.meta.url).pathname;
const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
const targets = (process.env.FUZZ_TARGETS ?? "unseal,seal_roundtrip").split(",").filter(Boolean);
const scale = process.env.FUZZ_RUNS_SCALE ?? "50";
const CARGO_FUZZ_VERSION = "0.13.2";

function run(command, args, env = {}, capture = true) {
  console.log(
    `$ ${Object.entries(env)
      .map(([k, v]) => `${k}=${v} `)
      .join("")}${command} ${args.join(" ")}`,
  );
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: result.status, out: `${result.stdout ?? ""}${result.stderr ?? ""}`, ms: Date.now() - started };
}

function haveCargoFuzz() {
  return run("cargo", ["fuzz", "--version"]).status === 0;
}

const summary = [];
let failed = false;

function libfuzzer(target) {
  mkdirSync(`${root}fuzz/corpus/${target}`, { recursive: true });
  const result = run(
    "cargo",
    [
      "fuzz",
      "run",
      target,
      `fuzz/corpus/${target}`,
      `fuzz/seeds/${target}`,
      "--",
      `-max_total_time=${seconds}`,
      "-max_len=16384",
      "-timeout=10",
      "-rss_limit_mb=2048",
      "-print_final_stats=1",
    ],
    { RUSTC_BOOTSTRAP: "1" },
  );
  const built = !/failed to build fuzz script|could not compile/.test(result.out);
  if (!built) return { built, result };
  const runs = result.out.match(/Done (\d+) runs in (\d+) second/);
  const cov = [...result.out.matchAll(/cov: (\d+) ft: (\d+)/g)].at(-1);
  const crash = result.out.match(/Test unit written to (\S+)/);
  summary.push({
    target,
    engine: "libFuzzer + ASan (cargo fuzz)",
    runs: runs ? Number(runs[1]) : undefined,
    seconds: runs ? Number(runs[2]) : Math.round(result.ms / 1000),
    coverage: cov ? `cov ${cov[1]}, ft ${cov[2]}` : "",
    result: result.status === 0 ? "no finding" : `FAILED${crash ? `: ${crash[1]}` : ""}`,
  });
  if (result.status !== 0) {
    failed = true;
    console.log(result.out.split("\n").slice(-60).join("\n"));
  }
  return { built, result };
}

function stable(targetList) {
  const result = run(
    "cargo",
    [
      "test",
      "--release",
      "--test",
      "fuzz_stable",
      "--",
      "--test-threads",
      "1",
      "--nocapture",
      ...targetList,
      "--exact",
    ],
    { FUZZ_SECONDS: String(seconds) },
  );
  for (const target of targetList) {
    const line = result.out.match(
      new RegExp(`fuzz_stable ${target}: (\\d+) seeds and (\\d+) mutated inputs in ([\\d.]+) s \\(FUZZ_SEED=(\\d+)\\)`),
    );
    const saved = result.out.match(new RegExp(`fuzz target ${target} failed.*saved to (\\S+)`));
    summary.push({
      target,
      engine: "stable random-mutation driver",
      runs: line ? Number(line[1]) + Number(line[2]) : undefined,
      seconds: line ? Number(line[3]) : undefined,
      coverage: line ? `FUZZ_SEED=${line[4]}` : "",
      result: line && !saved ? "no finding" : `FAILED${saved ? `: ${saved[1]}` : ""}`,
    });
  }
  if (result.status !== 0) {
    failed = true;
    console.log(result.out.split("\n").slice(-60).join("\n"));
  }
}

let engine = process.env.FUZZ_ENGINE ?? "libfuzzer";
if (engine === "libfuzzer" && !haveCargoFuzz()) {
  const install = run("cargo", ["install", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION, "--locked"], {}, false);
  if (install.status !== 0 || !haveCargoFuzz()) {
    console.log("cargo-fuzz is not available: using the stable driver instead.");
    engine = "stable";
  }
}
if (engine === "libfuzzer") {
  for (const target of targets) {
    const { built, result } = libfuzzer(target);
    if (!built) {
      console.log(result.out.split("\n").slice(-30).join("\n"));
      console.log("cargo fuzz could not build the targets: using the stable driver instead.");
      engine = "stable";
      break;
    }
  }
}
if (engine === "stable") stable(targets.filter((t) => !summary.some((s) => s.target === t)));

if (!process.env.FUZZ_SKIP_JS) {
  const js = run("npx", ["vitest", "run", "__test__/hardening/fuzz-", "--reporter=dot", "--testTimeout=3600000"], {
    FUZZ_RUNS_SCALE: scale,
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  });
  const counts = js.out.match(/Tests\s+(.*)/);
  summary.push({
    target: "JS property suites (__test__/hardening/fuzz-*)",
    engine: `fast-check, FUZZ_RUNS_SCALE=${scale}`,
    seconds: Math.round(js.ms / 1000),
    coverage: counts ? counts[1].trim() : "",
    result: js.status === 0 ? "no finding" : "FAILED",
  });
  if (js.status !== 0) {
    failed = true;
    console.log(js.out.split("\n").slice(-80).join("\n"));
  }
}

console.log("\nFuzz summary");
console.table(summary);
process.exit(failed ? 1 : 0);
