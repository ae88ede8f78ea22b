// vitest 4 in a user's project, jsdom environment, threads pool (the defaults a front-end project
// picks); every pool and environment runs in __test__/compat/vitest.test.mjs.
import { expect, test } from "vitest";
import { expectSessionRoundTrip, runRunner } from "../helpers/runners.mjs";

test("vitest 4, jsdom: the package loads on its addon, seals, and opens Node's cookies", async () => {
  const run = runRunner({
    fixture: "vitest",
    name: "vitest-jsdom",
    script: "vitest/vitest.mjs",
    args: ["run"],
    env: { VITEST_FILTER: "threads-jsdom" },
  });
  expect(run.output).toMatch(/Tests\s+1 passed \(1\)/);
  expect(run.status, run.output).toBe(0);
  expect(Object.keys(run.out)).toEqual(["threads-jsdom"]);
  await expectSessionRoundTrip(run.out["threads-jsdom"], { backend: "native", entry: "index.cjs" });
}, 300_000);
