// `npm run leak-check`: a million seal/unseal calls through the native addon,
// with RSS reported at the start, along the way, at the end, and after a forced
// GC; fails when memory does not stay flat.
//
//   node --expose-gc scripts/leak-check.mjs [--calls N] [--json]
//
// The calls mix everything that allocates on either side of Node-API: sealDataSync
// and unsealDataSync, the async forms, failures that throw inside the addon (a
// tampered seal, a wrong password, garbage), 16 passwords that churn the
// 8-slot per-thread key cache, and payloads from 10 bytes to 3 KB.
// Bounds (generous; this detects leaks, not overhead): after GC, RSS may grow
// by at most LEAK_MAX_GROWTH_MB (default 64) over the warmed-up start, and by at
// most LEAK_MAX_LATE_GROWTH_MB (default 32) over the second half of the run.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const api = require("../index.cjs");

const arg = (name) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const CALLS = Number(arg("--calls") ?? process.env.LEAK_CALLS ?? 1_000_000);
const JSON_OUTPUT = process.argv.includes("--json");
const MAX_GROWTH_MB = Number(process.env.LEAK_MAX_GROWTH_MB ?? 64);
const MAX_LATE_GROWTH_MB = Number(process.env.LEAK_MAX_LATE_GROWTH_MB ?? 32);

if (typeof globalThis.gc !== "function") {
  console.error(
    "leak-check needs --expose-gc: run it as `npm run leak-check` or `node --expose-gc scripts/leak-check.mjs`",
  );
  process.exit(2);
}

const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
const rss = () => process.memoryUsage().rss;
function settle() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return rss();
}

const passwords = Array.from(
  { length: 16 },
  (_, i) => `leak-check-password-number-${String(i).padStart(2, "0")}-xxxxxxxx`,
);
const payloads = [{ a: 1 }, { user: { id: 42, name: "Zoë 😀", roles: ["admin", "user"] } }, { blob: "x".repeat(3000) }];

let calls = 0;
let failures = 0;

/** One round: about 8 calls into the addon. */
async function round(i) {
  const password = { 1: passwords[i % 16], 2: passwords[(i * 7 + 3) % 16] };
  const data = payloads[i % payloads.length];
  const seal = api.sealDataSync(data, { password });
  const back = api.unsealDataSync(seal, { password });
  if (back.a !== data.a || (data.user && back.user.id !== 42)) failures++;
  // Failures thrown inside the addon and caught in JS.
  const tampered = seal.slice(0, 40) + (seal[40] === "A" ? "B" : "A") + seal.slice(41);
  if (Object.keys(api.unsealDataSync(tampered, { password })).length !== 0) failures++;
  if (Object.keys(api.unsealDataSync(seal, { password: { 2: `${passwords[i % 16]}-but-wrong` } })).length !== 0)
    failures++;
  if (Object.keys(api.unsealDataSync(`Fe26.2*2*${"a".repeat(i % 50)}*b*c**d*e~2`, { password })).length !== 0)
    failures++;
  calls += 5;
  if (i % 4 === 0) {
    const asyncSeal = await api.sealData(data, { password, ttl: 60 + (i % 1000) });
    const opened = await api.unsealData(asyncSeal, { password });
    if (opened.a !== data.a) failures++;
    calls += 2;
  }
  // The raw binding, with an expiration and a null password.
  try {
    api.unsealDataSync(seal, { password: {} });
  } catch {
    failures++;
  }
  calls += 1;
}

const samples = [];
let i = 0;
async function runUntil(target) {
  while (calls < target) await round(i++);
}

const started = Date.now();
await runUntil(Math.min(50_000, CALLS / 10)); // warm-up: JIT, caches, allocator pools
const start = settle();
samples.push({ calls, rssMB: mb(rss()) });
let middle = start;
for (let step = 1; step <= 10; step++) {
  await runUntil((CALLS * step) / 10);
  samples.push({ calls, rssMB: mb(rss()) });
  if (step === 5) middle = settle();
}
const end = rss();
const afterGc = settle();
const seconds = (Date.now() - started) / 1000;

const growth = mb(afterGc - start);
const lateGrowth = mb(afterGc - middle);
const ok = failures === 0 && growth <= MAX_GROWTH_MB && lateGrowth <= MAX_LATE_GROWTH_MB;
const report = {
  calls,
  seconds: Math.round(seconds * 10) / 10,
  rssStartMB: mb(start),
  rssMiddleAfterGcMB: mb(middle),
  rssEndMB: mb(end),
  rssEndAfterGcMB: mb(afterGc),
  growthMB: growth,
  lateGrowthMB: lateGrowth,
  bounds: { growthMB: MAX_GROWTH_MB, lateGrowthMB: MAX_LATE_GROWTH_MB },
  failures,
  ok,
};
if (JSON_OUTPUT) {
  console.log(JSON.stringify({ ...report, samples }));
} else {
  console.log(`leak-check: ${calls} seal/unseal calls in ${report.seconds} s`);
  for (const s of samples) console.log(`  after ${String(s.calls).padStart(9)} calls: RSS ${s.rssMB} MB`);
  console.log(
    `  RSS at start ${report.rssStartMB} MB (after warm-up and GC), at end ${report.rssEndMB} MB, after GC ${report.rssEndAfterGcMB} MB: ` +
      `growth ${growth} MB (bound ${MAX_GROWTH_MB}), over the second half ${lateGrowth} MB (bound ${MAX_LATE_GROWTH_MB}); ${failures} wrong results`,
  );
  console.log(ok ? "leak-check: OK, memory stays flat" : "leak-check: FAILED");
}
process.exit(ok ? 0 : 1);
