// `npm run bench`: iron-session-native side by side with iron-session 9.0.1 and
// 8.0.4, in ONE node process, on the same inputs, in interleaved rounds.
//
// Method: every (benchmark, implementation) cell is warmed up and calibrated to
// batches of about 5 ms; then, in each round, every cell runs batches for
// --time ms (default 250) in turn, the order of the implementations rotating
// from round to round. A round's figure is the median ns/op of its batches; the
// table shows the median over --rounds rounds (default 5) as ops/s, and the
// ratio of medians. Async functions are awaited one call at a time, as a
// request handler does. Run it on a quiet machine, or several times.
//
//   node bench/bench.mjs [--rounds 5] [--time 250] [--filter regex]
//                        [--impls iron9,iron8,native,nativeSync] [--json out.json]
//                        [--baseline ../other-checkout]
//                        [--svg docs/benchmarks.svg | --svg none]
//
// Besides the side-by-side cases it times, on this package alone, the floors
// the targets are measured against: what the benchmark's own objects cost (so
// the session figures can be net of them), the two native calls a
// getIronSession + save() cannot do without, the undici header calls the Web
// shape cannot do without, what JSON and the lossless check cost for a small
// and a 3 KB session, and the choices that rest on a measurement: the session
// object's method definitions in the two orders (lib/session.cjs), and the
// Secure-cookie check's sliced URL against a parsed one (lib/warnings.cjs).
// Last, bench/alloc.mjs: the bytes each call allocates, here and in 9.0.1.
//
// When criterion has run (`cargo bench`, or `npm run bench:core`, which also
// alternates criterion and this script to compare them under the same load),
// it also prints the JS-visible seal/unseal cost as a multiple of the Rust
// core's own, read from target/criterion/{seal,unseal}/*/new/estimates.json.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import * as iron9 from "iron-session";
import * as iron8 from "iron-session-8";
import { barChart } from "./chart.mjs";
import { PASSWORD, SMALL, fakeRes } from "./inputs.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const native = require("../index.cjs");
const { loadBackend } = require("../lib/backend.cjs");
const { stringifyLossless } = require("../lib/json.cjs");
const { requestTransport } = require("../lib/warnings.cjs");

// ---------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const ROUNDS = Number(arg("rounds", 5));
const ROUND_MS = Number(arg("time", 250));
const FILTER = new RegExp(arg("filter", "."));
const JSON_OUT = arg("json", undefined);
const SVG_OUT = arg("svg", path.join(root, "docs/benchmarks.svg"));
const IMPLS = arg("impls", "iron9,iron8,native,nativeSync").split(",");
// Another checkout of this package (built), timed as a fifth implementation: what a change costs or saves.
const BASELINE = arg("baseline", undefined);
const BATCH_MS = 5;
const WARMUP_MS = 300;

if (loadBackend().name !== "native") {
  console.error("The native addon did not load: run `npm run build` first.");
  process.exit(1);
}

// ---------------------------------------------------------------------------
// Inputs (the same for every implementation)

const LARGE_JSON = readFileSync(path.join(root, "bench/fixtures/session-3kb.json"), "utf8");
const LARGE = JSON.parse(LARGE_JSON);
const sealOptions = { password: PASSWORD };
const sessionOptions = { cookieName: "sess", password: PASSWORD };

// Seals made by iron-session 9.0.1 (every implementation opens them).
const SMALL_SEAL = await iron9.sealData(SMALL, sealOptions);
const LARGE_SEAL = await iron9.sealData(LARGE, sealOptions);
const COOKIE = `other=1; sess=${SMALL_SEAL}; x=y`;
// What the session cases' save() writes: the counter added, a fresh seal, its Set-Cookie header.
const SAVED_JSON = JSON.stringify({ ...SMALL, counter: 1 });
const SET_COOKIE = `sess=${native.sealDataSync(JSON.parse(SAVED_JSON), sealOptions)}; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax`;

function cookieStore() {
  const map = new Map([["sess", { name: "sess", value: SMALL_SEAL }]]);
  return {
    get: (name) => map.get(name),
    getAll: () => [...map.values()],
    set: (name, value, options) => void map.set(name, { ...options, name, value }),
  };
}

const webRequest = new Request("http://127.0.0.1/", { headers: { cookie: COOKIE } });

/** getIronSession read + one change + save(), the way a request handler uses it. */
const readSave = (lib, shape) => {
  const open = {
    node: () => lib.getIronSession({ headers: { host: "127.0.0.1", cookie: COOKIE } }, fakeRes(), sessionOptions),
    web: () => lib.getIronSession(webRequest, new Response(null), sessionOptions),
    store: () => lib.getIronSession(cookieStore(), sessionOptions),
  }[shape];
  return async () => {
    const session = await open();
    session.counter = (session.counter ?? 0) + 1;
    await session.save();
    return session;
  };
};

const libs = { iron9, iron8, native };
if (BASELINE) {
  libs.baseline = require(path.resolve(BASELINE, "index.cjs"));
  IMPLS.push("baseline");
}

/** Each case: implementations keyed iron9 / iron8 / native / nativeSync. */
const CASES = [
  {
    id: "seal-small",
    label: "sealData, small",
    make: (lib) => () => lib.sealData(SMALL, sealOptions),
    sync: () => native.sealDataSync(SMALL, sealOptions),
    check: async (seal) => (await iron9.unsealData(await seal, sealOptions)).user?.name === "Alice",
  },
  {
    id: "unseal-small",
    label: "unsealData, small",
    make: (lib) => () => lib.unsealData(SMALL_SEAL, sealOptions),
    sync: () => native.unsealDataSync(SMALL_SEAL, sealOptions),
    check: async (data) => (await data).user?.name === "Alice",
  },
  {
    id: "seal-3kb",
    label: "sealData, 3 KB",
    make: (lib) => () => lib.sealData(LARGE, sealOptions),
    sync: () => native.sealDataSync(LARGE, sealOptions),
    check: async (seal) => JSON.stringify(await iron9.unsealData(await seal, sealOptions)) === LARGE_JSON,
  },
  {
    id: "unseal-3kb",
    label: "unsealData, 3 KB",
    make: (lib) => () => lib.unsealData(LARGE_SEAL, sealOptions),
    sync: () => native.unsealDataSync(LARGE_SEAL, sealOptions),
    check: async (data) => JSON.stringify(await data) === LARGE_JSON,
  },
  ...["node", "web", "store"].map((shape) => ({
    id: `session-${shape}`,
    label: {
      node: "getIronSession(req, res) + save()",
      web: "getIronSession(Request, Response) + save()",
      store: "getIronSession(cookies()) + save()",
    }[shape],
    make: (lib) => readSave(lib, shape),
    check: async (session) => {
      const s = await session;
      return s.user?.name === "Alice" && s.counter === 1;
    },
  })),
].filter((c) => FILTER.test(c.id));

/** Timed on this package alone: the floors and choices the side-by-side figures are read against. */
const noop = () => {};
const backend = loadBackend();
const SMALL_BODY = SMALL_SEAL.slice(0, SMALL_SEAL.indexOf("~"));
const FLOORS = [
  {
    id: "core-pair",
    label: "getIronSession + save()'s two core calls (unseal, seal)",
    fn: () => {
      backend.unseal(SMALL_BODY, PASSWORD, Date.now());
      return backend.seal(SAVED_JSON, "1", PASSWORD, String(Date.now() + 1_209_600_000));
    },
  },
  {
    id: "web-headers",
    label: "Web: new Response + Headers get(cookie), append(set-cookie)",
    fn: () => {
      webRequest.headers.get("cookie");
      const response = new Response(null);
      response.headers.append("set-cookie", SET_COOKIE);
      return response;
    },
  },
  {
    id: "json-small-out",
    label: "small: spread + lossless check + JSON.stringify",
    fn: () => stringifyLossless({ ...SMALL }),
  },
  { id: "json-small-in", label: "small: JSON.parse", fn: () => JSON.parse(SAVED_JSON) },
  {
    id: "warn-web",
    label: "Secure-cookie check's transport, Web (sliced URL, as built)",
    fn: () => requestTransport(webRequest),
  },
  { id: "warn-web-url", label: "the same URL parsed instead: new URL(request.url)", fn: () => new URL(webRequest.url) },
  { id: "harness-web", label: "the Web case's own objects (new Response)", fn: () => new Response(null) },
  {
    id: "harness-node",
    label: "the Node case's own objects (req, res)",
    fn: () => [{ headers: { host: "127.0.0.1", cookie: COOKIE } }, fakeRes()],
  },
  {
    id: "json-3kb-out",
    label: "3 KB: spread + lossless check + JSON.stringify",
    fn: () => stringifyLossless({ ...LARGE }),
  },
  { id: "json-3kb-in", label: "3 KB: JSON.parse", fn: () => JSON.parse(LARGE_JSON) },
  {
    id: "methods-3x",
    label: "session methods: 3 × defineProperty (as built)",
    fn: () => {
      const o = { user: 1 };
      Object.defineProperty(o, "updateConfig", { value: noop });
      Object.defineProperty(o, "save", { value: noop });
      Object.defineProperty(o, "destroy", { value: noop });
      return o;
    },
  },
  {
    id: "methods-1x",
    label: "session methods: 1 × defineProperties",
    fn: () =>
      Object.defineProperties(
        { user: 1 },
        { updateConfig: { value: noop }, save: { value: noop }, destroy: { value: noop } },
      ),
  },
].filter((c) => FILTER.test(c.id));

// ---------------------------------------------------------------------------
// Measurement

const now = () => process.hrtime.bigint();

async function batch(fn, isAsync, n) {
  const start = now();
  if (isAsync) for (let i = 0; i < n; i++) await fn();
  else for (let i = 0; i < n; i++) fn();
  return Number(now() - start) / n;
}

async function calibrate(cell) {
  let n = 1;
  let perOp = 0;
  const until = performance.now() + WARMUP_MS;
  while (performance.now() < until) {
    perOp = await batch(cell.fn, cell.isAsync, n);
    if (perOp * n < (BATCH_MS * 1e6) / 4) n *= 2;
  }
  cell.n = Math.max(1, Math.round((BATCH_MS * 1e6) / perOp));
}

async function runRound(cell) {
  const samples = [];
  const until = performance.now() + ROUND_MS;
  do samples.push(await batch(cell.fn, cell.isAsync, cell.n));
  while (performance.now() < until);
  cell.rounds.push(median(samples));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const cells = [];
for (const c of CASES) {
  for (const [impl, lib] of Object.entries(libs)) {
    if (IMPLS.includes(impl)) cells.push({ case: c, impl, fn: c.make(lib), isAsync: true, rounds: [] });
  }
  if (c.sync && IMPLS.includes("nativeSync")) {
    cells.push({ case: c, impl: "nativeSync", fn: c.sync, isAsync: false, rounds: [] });
  }
}

for (const floor of FLOORS) cells.push({ case: floor, impl: "floor", fn: floor.fn, isAsync: false, rounds: [] });

// Every implementation must give the right answer before it is timed.
for (const cell of cells) {
  const result = cell.fn();
  if (cell.case.check && !(await cell.case.check(result)))
    throw new Error(`${cell.impl} ${cell.case.id}: wrong result`);
}

const started = performance.now();
process.stderr.write(`Warming up ${cells.length} cells...\n`);
for (const cell of cells) await calibrate(cell);
for (let round = 0; round < ROUNDS; round++) {
  process.stderr.write(`Round ${round + 1}/${ROUNDS}\n`);
  for (const c of [...CASES, ...FLOORS]) {
    const group = cells.filter((cell) => cell.case === c);
    for (let i = 0; i < group.length; i++) await runRound(group[(i + round) % group.length]);
  }
}

// ---------------------------------------------------------------------------
// Report

const result = (c, impl) => {
  const cell = cells.find((x) => x.case === c && x.impl === impl);
  if (!cell) return undefined;
  const ns = median(cell.rounds);
  return { ns, ops: 1e9 / ns, min: 1e9 / Math.max(...cell.rounds), max: 1e9 / Math.min(...cell.rounds) };
};
const fmtOps = (r) => (r ? Math.round(r.ops).toLocaleString("en-US") : "");
const fmtX = (a, b) => (a && b ? `${(a.ops / b.ops).toFixed(0)}×` : "");
const fmtNs = (r) => (r ? (r.ns >= 1e4 ? `${(r.ns / 1e3).toFixed(0)} µs` : `${(r.ns / 1e3).toFixed(2)} µs`) : "");

const header = [
  "benchmark",
  "iron-session 9.0.1",
  "iron-session 8.0.4",
  "native",
  "native ÷ 9.0.1",
  "native ÷ 8.0.4",
  "native sync",
  "sync ÷ 9.0.1",
];
const rows = CASES.map((c) => {
  const [i9, i8, n, s] = ["iron9", "iron8", "native", "nativeSync"].map((impl) => result(c, impl));
  return [c.label, fmtOps(i9), fmtOps(i8), fmtOps(n), fmtX(n, i9), fmtX(n, i8), fmtOps(s), fmtX(s, i9)];
});

const markdown = [
  `| ${header.join(" | ")} |`,
  `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
].join("\n");

console.log(
  `\nops/s, median of ${ROUNDS} interleaved rounds (${ROUND_MS} ms per cell per round), Node ${process.version}\n`,
);
console.log(markdown);

console.log("\nper call (median), and the spread of the round medians (ops/s, lowest–highest):\n");
for (const c of CASES) {
  for (const impl of ["iron9", "iron8", "native", "nativeSync", "baseline"]) {
    const r = result(c, impl);
    if (!r) continue;
    console.log(
      `  ${c.label.padEnd(44)} ${impl.padEnd(10)} ${fmtNs(r).padStart(9)}   ${fmtOps({ ops: r.min })}–${fmtOps({ ops: r.max })}`,
    );
  }
}

if (BASELINE) {
  console.log(`\nthis checkout against the baseline (${BASELINE}), median per call:\n`);
  for (const c of CASES) {
    const [before, after] = [result(c, "baseline"), result(c, "native")];
    if (before && after) {
      console.log(
        `  ${c.label.padEnd(44)} ${fmtNs(before).padStart(9)} → ${fmtNs(after).padStart(9)} (${((after.ns / before.ns - 1) * 100).toFixed(0)}%)`,
      );
    }
  }
}

const floor = (id) => result(FLOORS.find((c) => c.id === id) ?? {}, "floor");
if (FLOORS.length) {
  console.log("\nFloors, on this package alone (median per call, spread of the round medians in ops/s):\n");
  for (const c of FLOORS) {
    const r = floor(c.id);
    console.log(
      `  ${c.label.padEnd(52)} ${fmtNs(r).padStart(9)}   ${fmtOps({ ops: r.min })}–${fmtOps({ ops: r.max })}`,
    );
  }
  const net = (caseId, harnessId) => {
    const c = CASES.find((x) => x.id === caseId);
    const total = c && result(c, "native");
    const harness = floor(harnessId);
    return total && harness ? total.ns - harness.ns : undefined;
  };
  const nodeNet = net("session-node", "harness-node");
  const webNet = net("session-web", "harness-web");
  if (nodeNet && webNet) {
    console.log(
      `\n  getIronSession + save(), net of the benchmark's own objects: Node ${fmtNs({ ns: nodeNet })}, Web ${fmtNs({ ns: webNet })} (Web ÷ Node ${(webNet / nodeNet).toFixed(2)})`,
    );
    const pair = floor("core-pair");
    if (pair) {
      console.log(
        `  Node: the two core calls ${fmtNs(pair)} (the floor), the rest of the package ${fmtNs({ ns: nodeNet - pair.ns })}`,
      );
    }
    const webHeaders = floor("web-headers");
    const harnessWeb = floor("harness-web");
    if (webHeaders && harnessWeb) {
      const undici = webHeaders.ns - harnessWeb.ns;
      console.log(
        `  Web − Node ${fmtNs({ ns: webNet - nodeNet })}, of which undici's Headers get + append ${fmtNs({ ns: undici })}; Web ÷ Node without those ${((webNet - undici) / nodeNet).toFixed(2)}`,
      );
    }
  }
}

// JS-visible cost versus the Rust core's own (criterion's medians).
const criterion = (group, id) => {
  const file = path.join(root, "target/criterion", group, id, "new/estimates.json");
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")).median.point_estimate;
};
const coreRows = [
  ["seal", "small", "seal-small"],
  ["seal", "3kb", "seal-3kb"],
  ["unseal", "small", "unseal-small"],
  ["unseal", "3kb", "unseal-3kb"],
];
const coreReport = [];
if (coreRows.some(([g, id]) => criterion(g, id) !== undefined)) {
  console.log("\nJS-visible cost ÷ the Rust core's own (criterion median, target/criterion):\n");
  console.log("| operation | core (Rust) | native sync (JS) | sync ÷ core | native async (JS) | async ÷ core |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [group, id, caseId] of coreRows) {
    const core = criterion(group, id);
    const c = CASES.find((x) => x.id === caseId);
    if (core === undefined || !c) continue;
    const s = result(c, "nativeSync");
    const a = result(c, "native");
    if (!s || !a) continue;
    const age =
      (Date.now() - statSync(path.join(root, "target/criterion", group, id, "new/estimates.json")).mtimeMs) / 60000;
    if (age > 60) console.log(`(criterion's ${group}/${id} is ${Math.round(age)} minutes old)`);
    coreReport.push({ op: `${group} ${id}`, coreNs: core, syncNs: s.ns, asyncNs: a.ns });
    console.log(
      `| ${group} ${id} | ${fmtNs({ ns: core })} | ${fmtNs(s)} | ${(s.ns / core).toFixed(2)} | ${fmtNs(a)} | ${(a.ns / core).toFixed(2)} |`,
    );
  }
  // A session's floor: the Rust core plus what JSON costs in V8 anyway.
  for (const [group, size, json, caseId] of [
    ["seal", "small", floor("json-small-out"), "seal-small"],
    ["unseal", "small", floor("json-small-in"), "unseal-small"],
    ["seal", "3kb", floor("json-3kb-out"), "seal-3kb"],
    ["unseal", "3kb", floor("json-3kb-in"), "unseal-3kb"],
  ]) {
    const core = criterion(group, size);
    const s = result(CASES.find((x) => x.id === caseId) ?? {}, "nativeSync");
    if (core === undefined || !json || !s) continue;
    const floorNs = core + json.ns;
    console.log(
      `  ${size} ${group}: floor (core + JSON) ${fmtNs({ ns: floorNs })} = ${(floorNs / core).toFixed(2)}× core, native sync ${fmtNs(s)}, ${((s.ns / floorNs - 1) * 100).toFixed(0)}% above the floor`,
    );
    coreReport.push({ op: `${group} ${size} floor`, coreNs: core, jsonNs: json.ns, syncNs: s.ns });
  }
} else {
  console.log("\n(No criterion results in target/criterion: run `npm run bench:core` for the JS ÷ core ratios.)");
}

// Bytes allocated per call, in a child process whose young generation is enlarged (bench/alloc.mjs).
const alloc = spawnSync(
  process.execPath,
  ["--expose-gc", "--min-semi-space-size=64", "--max-semi-space-size=64", path.join(root, "bench/alloc.mjs")],
  { encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } },
);
if (alloc.status !== 0) throw new Error(`bench/alloc.mjs failed: ${alloc.stderr}`);
console.log(`\n${alloc.stdout.trim()}`);

console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s`);

if (SVG_OUT !== "none") {
  const rows = CASES.map((c) => ({
    label: c.label,
    results: Object.fromEntries(
      ["iron9", "iron8", "native", "nativeSync"].map((impl) => [impl, result(c, impl)]).filter(([, r]) => r),
    ),
  }));
  const title = `ops/s, median of ${ROUNDS} interleaved rounds, Node ${process.version} (lines: lowest to highest round)`;
  writeFileSync(SVG_OUT, barChart(rows, { title }));
  console.log(`chart: ${path.relative(root, SVG_OUT)}`);
}

if (JSON_OUT) {
  const out = {
    node: process.version,
    rounds: ROUNDS,
    roundMs: ROUND_MS,
    cases: CASES.map((c) => ({
      id: c.id,
      label: c.label,
      ...Object.fromEntries(
        ["iron9", "iron8", "native", "nativeSync"].map((impl) => [impl, result(c, impl)?.ns]).filter(([, v]) => v),
      ),
    })),
    core: coreReport,
  };
  writeFileSync(JSON_OUT, JSON.stringify(out, null, 2));
}
