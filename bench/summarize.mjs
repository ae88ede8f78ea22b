// Median of several `node bench/bench.mjs --json FILE` runs, as one table.
//
//   node bench/summarize.mjs run1.json run2.json run3.json
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node bench/summarize.mjs run1.json [run2.json ...]");
  process.exit(1);
}
const runs = files.map((file) => JSON.parse(readFileSync(file, "utf8")));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const IMPLS = ["iron9", "iron8", "native", "nativeSync"];
const ops = (ns) => (ns ? Math.round(1e9 / ns).toLocaleString("en-US") : "");
const times = (a, b) => (a && b ? `${(b / a).toFixed(0)}×` : "");

console.log(
  `ops/s, median of ${runs.length} runs (each the median of ${runs[0].rounds} interleaved rounds), Node ${runs[0].node}\n`,
);
console.log(
  "| benchmark | iron-session 9.0.1 | iron-session 8.0.4 | native | native ÷ 9.0.1 | native ÷ 8.0.4 | native sync | sync ÷ 9.0.1 |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const first of runs[0].cases) {
  const ns = {};
  for (const impl of IMPLS) {
    const values = runs.map((run) => run.cases.find((c) => c.id === first.id)?.[impl]).filter(Boolean);
    if (values.length) ns[impl] = median(values);
  }
  console.log(
    `| ${first.label} | ${ops(ns.iron9)} | ${ops(ns.iron8)} | ${ops(ns.native)} | ${times(ns.native, ns.iron9)} | ${times(ns.native, ns.iron8)} | ${ops(ns.nativeSync)} | ${times(ns.nativeSync, ns.iron9)} |`,
  );
}
console.log("\nratio native ÷ 9.0.1 in each run:\n");
for (const first of runs[0].cases) {
  const ratios = runs.map((run) => {
    const c = run.cases.find((x) => x.id === first.id);
    return c?.iron9 && c?.native ? `${(c.iron9 / c.native).toFixed(0)}×` : "-";
  });
  console.log(`  ${first.label.padEnd(44)} ${ratios.join("  ")}`);
}
