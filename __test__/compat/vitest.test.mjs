// vitest 4 in a user's project: every pool (threads, forks, vmThreads, vmForks) with each test
// environment (node, jsdom, happy-dom, edge-runtime), as projects of __test__/fixtures/runners/vitest.
// vitest leaves node_modules to Node's own loader in every environment, so each gets the Node entry
// and the native addon, also in the vm pools.
import { expect, test } from "vitest";
import { expectSessionRoundTrip, runRunner } from "../helpers/runners.mjs";

const POOLS = ["threads", "forks", "vmThreads", "vmForks"];
const ENVIRONMENTS = ["node", "jsdom", "happy-dom", "edge-runtime"];

test("vitest 4: every pool and environment loads the package on its addon, seals, and opens Node's cookies", async () => {
  const run = runRunner({ fixture: "vitest", name: "vitest-all", script: "vitest/vitest.mjs", args: ["run"] });
  expect(run.output).toMatch(/Tests\s+16 passed \(16\)/);
  expect(run.status, run.output).toBe(0);
  const projects = POOLS.flatMap((pool) => ENVIRONMENTS.map((environment) => `${pool}-${environment}`));
  expect(Object.keys(run.out).sort()).toEqual([...projects].sort());
  for (const project of projects)
    await expectSessionRoundTrip(run.out[project], { backend: "native", entry: "index.cjs" });
}, 600_000);
