// `npm run test:compat`: the compatibility matrix (docs/compatibility.md). Next.js
// 14, 15 and 16 with each bundler their `next build` offers; pnpm, yarn and bun;
// `npm ci --omit=optional` and an app directory copied elsewhere. Each builds and
// serves examples/next installed from the packed tarballs (long: tens of minutes).
// `npm test` runs one representative of each group (the e2e project).
import { defineConfig } from "vitest/config";
import e2e from "./vitest.config.mjs";

const e2eProject = e2e.test.projects.find((project) => project.test.name === "e2e").test;

export default defineConfig({
  test: {
    ...e2eProject,
    name: "compat",
    // Installing Next 14 or 15, then building it, on 2 busy cores.
    hookTimeout: 1_800_000,
    include: [
      "__test__/compat/**/*.test.mjs",
      // The Next 16 rows, shared with `npm test`.
      "__test__/e2e/next-build.test.mjs",
    ],
  },
});
