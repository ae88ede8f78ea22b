// 6.x code (__test__/types/v6) type-checks against this package's declarations, with Node16 and
// Bundler resolution, and with the package's own .d.ts files checked too. The packed alias install
// (`iron-session`) and moduleResolution "node" are covered by __test__/package/v6-install.test.mjs.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

test.each(["node16", "bundler", "strict"])(
  "tsc -p __test__/types/v6/tsconfig.%s.json",
  (config) => {
    const result = spawnSync(process.execPath, [tsc, "-p", `__test__/types/v6/tsconfig.${config}.json`], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  },
  120_000,
);
