// Bytes of JavaScript heap allocated per call, for this package and iron-session 9.0.1:
// what a request's session costs the garbage collector. Run by `npm run bench` (or alone,
// with the flags below). The young generation is made larger than a measurement window
// needs, so that no garbage collection runs inside one: the growth of the used heap over
// N calls, divided by N, is then what one call allocated. A window in which a collection
// did run anyway is measured again.
//
//   node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 bench/alloc.mjs
import { createRequire } from "node:module";
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";
import * as iron9 from "iron-session";
import { PASSWORD, SMALL, fakeRes } from "./inputs.mjs";

const require = createRequire(import.meta.url);
const native = require("../index.cjs");

if (typeof globalThis.gc !== "function") {
  console.error("run with --expose-gc --min-semi-space-size=64 --max-semi-space-size=64");
  process.exit(1);
}

const sealOptions = { password: PASSWORD };
const sessionOptions = { cookieName: "sess", password: PASSWORD };
const SMALL_SEAL = await iron9.sealData(SMALL, sealOptions);
const COOKIE = `other=1; sess=${SMALL_SEAL}; x=y`;
const webRequest = new Request("http://127.0.0.1/", { headers: { cookie: COOKIE } });

// The benchmark's own objects are built before each window and not counted.
const CASES = [
  { label: "sealData, small", inputs: () => null, call: (lib) => lib.sealData(SMALL, sealOptions) },
  { label: "unsealData, small", inputs: () => null, call: (lib) => lib.unsealData(SMALL_SEAL, sealOptions) },
  {
    label: "getIronSession(req, res) + save()",
    inputs: () => [{ headers: { host: "127.0.0.1", cookie: COOKIE } }, fakeRes()],
    call: async (lib, [req, res]) => {
      const session = await lib.getIronSession(req, res, sessionOptions);
      session.counter = 1;
      await session.save();
    },
  },
  {
    label: "getIronSession(Request, Response) + save()",
    inputs: () => new Response(null),
    call: async (lib, response) => {
      const session = await lib.getIronSession(webRequest, response, sessionOptions);
      session.counter = 1;
      await session.save();
    },
  },
];

// GC entries arrive a little later than the collection: a window is judged once they have.
const collections = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collections.push(entry.startTime);
}).observe({ entryTypes: ["gc"] });
const delivered = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Median bytes per call over 5 GC-free windows of `n` calls. */
async function bytesPerCall(lib, { inputs, call }, n = 100) {
  for (let i = 0; i < 200; i++) await call(lib, inputs());
  const samples = [];
  for (let attempt = 0; samples.length < 5; attempt++) {
    if (attempt === 50) throw new Error("no window without a garbage collection: is the young generation enlarged?");
    const prepared = Array.from({ length: n }, inputs);
    globalThis.gc();
    const start = performance.now();
    const before = v8.getHeapStatistics().used_heap_size;
    for (let i = 0; i < n; i++) await call(lib, prepared[i]);
    const after = v8.getHeapStatistics().used_heap_size;
    const end = performance.now();
    await delivered();
    if (!collections.some((t) => t >= start && t <= end)) samples.push((after - before) / n);
  }
  return samples.sort((a, b) => a - b)[2];
}

console.log("| bytes allocated per call | iron-session 9.0.1 | native |");
console.log("|---|---:|---:|");
for (const c of CASES) {
  const [theirs, ours] = [await bytesPerCall(iron9, c), await bytesPerCall(native, c)];
  console.log(
    `| ${c.label} | ${Math.round(theirs).toLocaleString("en-US")} | ${Math.round(ours).toLocaleString("en-US")} |`,
  );
}
