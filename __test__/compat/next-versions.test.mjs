// examples/next on Next.js 14 and 15 (Next 16 is __test__/e2e/next-build.test.mjs),
// installed from the packed tarballs with no configuration for the package, built
// with each bundler that version's `next build` offers, and driven over HTTP:
// `next start`, then the `output: "standalone"` server copied elsewhere with the
// build directory hidden. middleware.ts runs on the Edge runtime (WebCrypto build).
import { beforeAll, describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defineServedBuildFlows, expectConfigFreeStandalone } from "../e2e/helpers/flows.mjs";
import { NEXT_VERSIONS, buildNextVersion } from "../e2e/helpers/variants.mjs";

const cases = Object.entries(NEXT_VERSIONS).flatMap(([major, { bundlers }]) =>
  bundlers.map((bundler) => [Number(major), bundler]),
);

describe.each(cases)("Next %i, %s", (major, bundler) => {
  let build;

  beforeAll(() => {
    build = buildNextVersion(major, bundler);
  });

  test(`next ${NEXT_VERSIONS[major].dependencies.next} is installed, with middleware.ts, and builds with no configuration for the package`, () => {
    const installed = JSON.parse(readFileSync(join(build.dir, "node_modules", "next", "package.json"), "utf8"));
    expect(installed.version).toBe(NEXT_VERSIONS[major].dependencies.next);
    expect(build.output).toMatch(/Middleware|ƒ Proxy|middleware/i);
    expectConfigFreeStandalone(build);
  });

  defineServedBuildFlows(() => build, `standalone-next${major}-${bundler}`, { middleware: "edge" });
});
