// jest 29 in a user's CommonJS project (test files compiled to CommonJS, as next/jest does) with
// testEnvironment "jsdom": the browser condition must give require() a CommonJS file (edge.cjs),
// not the ES module edge.mjs ("Cannot use import statement outside a module").
// The node, edge-runtime and jsdom-with-Node's-conditions projects run in __test__/compat/jest.test.mjs.
import { expect, test } from "vitest";
import { expectSessionRoundTrip, runRunner } from "../helpers/runners.mjs";

test("jest 29, jsdom: require() loads the WebCrypto build, which seals and opens Node's cookies", async () => {
  const run = runRunner({
    fixture: "jest",
    name: "jest-jsdom",
    script: "jest/bin/jest.js",
    args: ["--ci", "--selectProjects", "jsdom"],
  });
  expect(run.output).toMatch(/Tests:\s+1 passed, 1 total/);
  expect(run.status, run.output).toBe(0);
  expect(Object.keys(run.out)).toEqual(["jsdom-edge.cjs"]);
  await expectSessionRoundTrip(run.out["jsdom-edge.cjs"], { backend: "webcrypto", entry: "edge.cjs" });
}, 180_000);
