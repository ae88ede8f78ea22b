// The example's own vitest suite (examples/next/__tests__: App Router route handlers,
// Server Actions and a Server Component, a Pages Router API route on a real server,
// getServerSideProps), run as a user runs it: `npm test` in the app, here on a copy of
// the example installed from the packed tarballs by the global setup.
import { expect, test } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { appBase, serverEnv, workDir } from "./helpers/app.mjs";

test("examples/next: `npm test` passes against the installed package", () => {
  const dir = join(workDir(), "app-vitest");
  cpSync(appBase(), dir, { recursive: true, filter: (src) => !/[/\\](node_modules|\.next)$/.test(src) });
  execFileSync("cp", ["-al", join(appBase(), "node_modules"), join(dir, "node_modules")]);
  const report = join(dir, "vitest-report.json");
  const env = serverEnv();
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "TEST") delete env[key];
  delete env.SESSION_PASSWORD; // the suite uses the example's own options
  const result = spawnSync("npm", ["test", "--", "--reporter=default", "--reporter=json", `--outputFile=${report}`], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 300_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(result.status, output).toBe(0);
  const { numPassedTests, numFailedTests, testResults } = JSON.parse(readFileSync(report, "utf8"));
  expect(numFailedTests, output).toBe(0);
  expect(numPassedTests).toBeGreaterThanOrEqual(12);
  expect(testResults.map((file) => file.name.slice(dir.length + 1)).sort()).toEqual([
    "__tests__/app-router.test.ts",
    "__tests__/edge-route.test.ts",
    "__tests__/pages-router.test.ts",
  ]);
});
