// A shorter `npm run leak-check`: 300,000 seal/unseal calls through the addon
// (successes, failures thrown inside it, async forms, a churned key cache) in a
// child process with --expose-gc; RSS after GC stays flat within the script's
// bounds. The million-call run is `npm run leak-check`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

test("300,000 seal/unseal calls: memory stays flat", () => {
  const script = fileURLToPath(new URL("../../scripts/leak-check.mjs", import.meta.url));
  const child = spawnSync(process.execPath, ["--expose-gc", script, "--calls", "300000", "--json"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(child.stderr).toBe("");
  const report = JSON.parse(child.stdout.trim().split("\n").at(-1));
  console.log(
    `leak-check: ${report.calls} calls in ${report.seconds} s; RSS ${report.rssStartMB} MB at start, ${report.rssEndMB} MB at end, ${report.rssEndAfterGcMB} MB after GC`,
  );
  expect(report.failures).toBe(0);
  expect(report.calls).toBeGreaterThanOrEqual(300_000);
  expect(report.growthMB).toBeLessThanOrEqual(report.bounds.growthMB);
  expect(report.lateGrowthMB).toBeLessThanOrEqual(report.bounds.lateGrowthMB);
  expect(report.ok).toBe(true);
  expect(child.status).toBe(0);
}, 60_000);
