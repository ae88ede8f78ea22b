// Two projects:
// - unit: the fast tests (everything under __test__ except e2e). Alone:
//     npx vitest run --project unit
// - e2e:  packs the package, installs it into a copy of examples/next, builds it
//         with Turbopack and webpack, and drives next start / next dev /
//         the standalone server / Chromium (a few minutes; /usr/bin/chromium or the npm one):
//     npx vitest run --project e2e        (or: npx vitest run __test__/e2e)
// `npx vitest run` runs both. The compatibility matrix (__test__/compat, with
// vitest.compat.config.mjs) runs alone: npm run test:compat
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["__test__/**/*.{test,spec}.?(c|m)[jt]s?(x)"],
          exclude: [...configDefaults.exclude, "__test__/e2e/**", "__test__/compat/**"],
        },
      },
      {
        test: {
          name: "e2e",
          include: ["__test__/e2e/**/*.test.mjs"],
          globalSetup: ["__test__/e2e/global-setup.mjs"],
          // One Next server or build at a time on a 2-core machine; the files share builds.
          fileParallelism: false,
          // A worker thread is terminated at once when a file ends; a forked worker
          // sometimes lingered ("Timeout terminating forks worker") on a busy machine.
          pool: "threads",
          testTimeout: 120_000,
          // A hook may install an app and build it (`next build` alone took up to 7 minutes on 2 busy cores).
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
