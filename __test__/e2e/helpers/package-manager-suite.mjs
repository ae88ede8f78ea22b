// One package manager's suite: examples/next (Next 16) installed with it from the
// packed tarballs, offline from its primed store, built with Turbopack, and
// driven over HTTP with `next start` and the relocated standalone output.
import { lstatSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { defineServedBuildFlows, expectConfigFreeStandalone } from "./flows.mjs";
import { PACKAGE_MANAGERS } from "./package-managers.mjs";
import { buildWithPackageManager, tarballs } from "./variants.mjs";

/**
 * `standalone: false` leaves out the relocated standalone output (npm test's pnpm
 * run keeps to `next start`; test:compat runs both).
 */
export function definePackageManagerSuite(name, { standalone = true } = {}) {
  const { pkg, version } = PACKAGE_MANAGERS[name];

  describe(`${name} (${pkg}@${version}), installed offline, next build (Turbopack)`, () => {
    let build;

    beforeAll(() => {
      build = buildWithPackageManager(name);
    });

    test("node_modules has the package and this platform's binary package, and no other platform's binary", () => {
      const { platformName } = tarballs();
      const main = join(build.dir, "node_modules", "iron-session-native");
      // pnpm: a link into its virtual store (the strict layout); yarn (node-modules linker), bun: a folder.
      expect(lstatSync(main).isSymbolicLink()).toBe(name === "pnpm");
      expect(JSON.parse(readFileSync(join(main, "package.json"), "utf8")).optionalDependencies).toHaveProperty(
        platformName,
      );
      // The binary package where Node's resolution from the package finds it: beside it.
      const platform = join(realpathSync(main), "..", platformName);
      expect(JSON.parse(readFileSync(join(platform, "package.json"), "utf8")).name).toBe(platformName);
      if (name === "pnpm") expect(build.modules).not.toContain(platformName); // not hoisted to the app
      expectConfigFreeStandalone(build);
    });

    defineServedBuildFlows(() => build, standalone ? `standalone-${name}` : null);
  });
}
