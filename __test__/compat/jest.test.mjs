// jest 29 in a user's CommonJS project, every environment of __test__/fixtures/runners/jest.
import { expect, test } from "vitest";
import { expectSessionRoundTrip, runRunner } from "../helpers/runners.mjs";

test("jest 29: node (native addon), jsdom (WebCrypto, or native with Node's conditions), edge-runtime (WebCrypto)", async () => {
  const run = runRunner({ fixture: "jest", name: "jest-all", script: "jest/bin/jest.js", args: ["--ci"] });
  expect(run.output).toMatch(/Tests:\s+4 passed, 4 total/);
  expect(run.status, run.output).toBe(0);
  expect(Object.keys(run.out).sort()).toEqual([
    "edge-runtime-edge.cjs",
    "jsdom-edge.cjs",
    "jsdom-index.cjs",
    "node-index.cjs",
  ]);
  await expectSessionRoundTrip(run.out["node-index.cjs"], { backend: "native", entry: "index.cjs" });
  await expectSessionRoundTrip(run.out["jsdom-index.cjs"], { backend: "native", entry: "index.cjs" });
  await expectSessionRoundTrip(run.out["jsdom-edge.cjs"], { backend: "webcrypto", entry: "edge.cjs" });
  await expectSessionRoundTrip(run.out["edge-runtime-edge.cjs"], { backend: "webcrypto", entry: "edge.cjs" });
}, 300_000);
