// `next build` of examples/next with each bundler and no configuration for the
// package, then every flow against `next start`, and again against the
// `output: "standalone"` server copied elsewhere while the build directory is
// hidden (so nothing can be loaded from the build machine's paths).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../scripts/pack.mjs";
import { beforeAll, describe, expect, test } from "vitest";
import { ensureBuild } from "./helpers/app.mjs";
import { defineServedBuildFlows, expectConfigFreeStandalone } from "./helpers/flows.mjs";

test("lib/backend.cjs gives Turbopack's file tracing the folder of every prebuilt-binary package (npm/*)", () => {
  const backend = readFileSync(join(repoRoot, "lib", "backend.cjs"), "utf8");
  const platformPackages = readdirSync(join(repoRoot, "npm")).map(
    (dir) => JSON.parse(readFileSync(join(repoRoot, "npm", dir, "package.json"), "utf8")).name,
  );
  expect(platformPackages.length).toBeGreaterThan(0);
  for (const name of platformPackages) {
    expect(backend).toContain(`fs.readdirSync(path.join(__dirname, "..", "..", "${name}"));`);
  }
});

describe.each(["turbopack", "webpack"])("%s", (bundler) => {
  let build;

  beforeAll(() => {
    build = ensureBuild(bundler);
  });

  test("builds with no iron-session-native configuration, and traces the addon into the standalone output", () => {
    expectConfigFreeStandalone(build);
  });

  defineServedBuildFlows(() => build, `standalone-${bundler}`);
});
