// A worker_threads worker for concurrency.test.mjs: loads the package (the
// native addon, once per thread) and seals or opens seals.
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const api = require("../../index.cjs");
const { task, worker, own, shared, barrier } = workerData;

// Start together: every worker waits here until all of them have loaded.
if (barrier) {
  const cell = new Int32Array(barrier);
  Atomics.add(cell, 0, 1);
  Atomics.notify(cell, 0);
  while (Atomics.load(cell, 0) < workerData.workers) Atomics.wait(cell, 0, Atomics.load(cell, 0), 50);
}

/** Data whose content says who made it, so a mix-up cannot go unnoticed. */
const dataFor = (w, i) => ({
  worker: w,
  i,
  text: `from ${w} #${i} ${"é😀".repeat(i % 7)}`,
  list: Array.from({ length: i % 5 }, (_, k) => k * w),
});

if (task === "seal") {
  const seals = [];
  let selfCheckFailures = 0;
  for (let i = 0; i < workerData.count; i++) {
    // Alternate between this worker's own password and the shared one, and
    // between the sync and async forms, so the per-thread KDF cache is churned.
    const password = i % 2 === 0 ? "own" : "shared";
    const options = { password: password === "own" ? { 1: own } : { 2: shared } };
    const seal =
      i % 3 === 0 ? await api.sealData(dataFor(worker, i), options) : api.sealDataSync(dataFor(worker, i), options);
    const back = api.unsealDataSync(seal, { password: { 1: own, 2: shared } });
    if (JSON.stringify(back) !== JSON.stringify(dataFor(worker, i))) selfCheckFailures++;
    seals.push({ seal, i, password });
  }
  const backend =
    typeof api.sealDataSync === "function" && api.sealDataSync({}, { password: own }).startsWith("Fe26.2*1*")
      ? "native"
      : "unknown";
  parentPort.postMessage({ worker, seals, selfCheckFailures, backend });
} else {
  const { seals, theirs } = workerData;
  const from = (worker + 1) % workerData.workers;
  const mismatches = [];
  let opened = 0;
  let openedWithWrongPassword = 0;
  let rejectedWithWrongPassword = 0;
  for (const { seal, i, password } of seals) {
    const right = await api.unsealData(seal, { password: { 1: theirs, 2: shared } });
    if (JSON.stringify(right) === JSON.stringify(dataFor(from, i))) opened++;
    else mismatches.push({ i, got: right });
    if (password === "own") {
      // This worker's own password under id 1: a different secret, so it must not open.
      const reasons = [];
      const wrong = api.unsealDataSync(seal, {
        password: { 1: own, 2: shared },
        onUnsealError: (reason) => reasons.push(reason),
      });
      if (Object.keys(wrong).length > 0) openedWithWrongPassword++;
      else if (reasons[0] === "invalid") rejectedWithWrongPassword++;
    }
  }
  parentPort.postMessage({ worker, opened, mismatches, openedWithWrongPassword, rejectedWithWrongPassword });
}
