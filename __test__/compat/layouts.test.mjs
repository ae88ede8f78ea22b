// Container and serverless layouts (the relocated `output: "standalone"` folder is
// in every build suite):
// - the app directory, node_modules included, installed and built on one machine
//   and copied to another path (a Docker stage that COPYs /app): native;
// - `npm ci --omit=optional`, which leaves the binary package out: the app builds
//   and serves every flow on the WebCrypto fallback, with exactly one warning.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ensureBuild } from "../e2e/helpers/app.mjs";
import { defineAppFlows, defineServedBuildFlows, expectConfigFreeStandalone } from "../e2e/helpers/flows.mjs";
import { buildOmitOptional, copiedAppServer, tarballs } from "../e2e/helpers/variants.mjs";

describe("app directory installed and built, then copied to another path (next start there, build hidden)", () => {
  let copied;
  beforeAll(async () => {
    copied = await copiedAppServer(ensureBuild("turbopack").dir, "copied-app");
  });
  afterAll(() => copied?.stop());
  defineAppFlows(() => copied.server);
});

describe("npm ci --omit=optional (no binary package), next build (Turbopack)", () => {
  let build;
  beforeAll(() => {
    build = buildOmitOptional();
  });

  test("the binary package is not installed, and the build needs no configuration", () => {
    expect(existsSync(join(build.dir, "node_modules", "iron-session-native", "binding.cjs"))).toBe(true);
    expect(existsSync(join(build.dir, "node_modules", tarballs().platformName))).toBe(false);
    expectConfigFreeStandalone(build, { binary: false });
  });

  defineServedBuildFlows(() => build, "standalone-omit-optional", { backend: "webcrypto" });
});
