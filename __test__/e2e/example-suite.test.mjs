// The example's own vitest suite (examples/next/__tests__: App Router route handlers,
// Server Actions and a Server Component, a Pages Router API route on a real server,
// getServerSideProps), run as a user runs it: `npm test` in the app, here on a copy of
// the example installed from the packed tarballs by the global setup.
import { expect, test } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
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

// Next's own read-only cookies() of a Server Component (its internal adapter, as Next builds it
// for a render), in the installed app: save() and destroy() fail naming where saving works.
const READ_ONLY_PROBE = `
import { createRequire } from "node:module";
const require = createRequire(process.cwd() + "/");
const { RequestCookiesAdapter } = require("next/dist/server/web/spec-extension/adapters/request-cookies");
const { RequestCookies } = require("next/dist/compiled/@edge-runtime/cookies");
const { getIronSession } = require("iron-session-native");
const { sealCookie } = require("iron-session-native/testing");
const options = { cookieName: "s", password: "a-password-that-is-at-least-32-characters" };
const store = RequestCookiesAdapter.seal(new RequestCookies(new Headers({ cookie: await sealCookie({ user: "ada" }, options) })));
const session = await getIronSession(store, options);
const out = { read: { ...session } };
session.user = "grace";
try { await session.save(); } catch (error) { out.save = error.message; out.cause = error.cause?.constructor?.name; }
try { session.destroy(); } catch (error) { out.destroy = error.message; }
console.log(JSON.stringify(out));
`;

test("Next's read-only cookies() in a Server Component: save() and destroy() name the fix", () => {
  const probe = join(workDir(), "read-only-probe.mjs");
  writeFileSync(probe, READ_ONLY_PROBE);
  const out = JSON.parse(
    execFileSync(process.execPath, [probe], { cwd: appBase(), env: serverEnv(), encoding: "utf8" }),
  );
  expect(out.read).toEqual({ user: "ada" });
  const fix =
    /^iron-session: Cannot set session cookie: the cookie store refused it\. In Next\.js, cookies\(\) can only be changed in a Server Action or a Route Handler.*The store said: Cookies can only be modified in a Server Action or Route Handler/;
  expect(out.save).toMatch(fix);
  expect(out.destroy).toMatch(fix);
  expect(out.cause).toBe("ReadonlyRequestCookiesError");
});
