// Test runners in a user's project: a fixture project from __test__/fixtures/runners/<fixture>/
// with the package installed from its tarballs (see consumer.mjs), run as a child process.
// The fixture's session.check.* seals and unseals, reads a session from a cookie sealed here in Node
// (node-seal.txt) and saves it again, and writes what it saw to out/<key>.json.
import { expect } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import * as ironSession from "iron-session";
import { cleanEnv, repoRoot } from "../../scripts/pack.mjs";
import { consumerProject } from "./consumer.mjs";
import { native } from "./implementations.mjs";

export const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
const FROM_NODE = { user: { id: 2 } };

function fixtureFiles(dir, prefix = "") {
  const files = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(files, fixtureFiles(path, `${prefix}${name}/`));
    else files[`${prefix}${name}`] = readFileSync(path, "utf8");
  }
  return files;
}

/**
 * Runs `node <runner script> ...args` in a fresh install of fixture `fixture` (a separate
 * install per `name`, so test files can run the same fixture at once), with `env` added to the
 * environment. Returns the exit
 * status, the output, and the out/*.json files by name.
 */
export function runRunner({ fixture, name, script, args, env = {} }) {
  const dir = consumerProject(name, fixtureFiles(join(repoRoot, "__test__", "fixtures", "runners", fixture)));
  rmSync(join(dir, "out"), { recursive: true, force: true });
  mkdirSync(join(dir, "out"));
  writeFileSync(join(dir, "node-seal.txt"), native.sealDataSync(FROM_NODE, { password: PASSWORD }));
  const result = spawnSync(process.execPath, [join(repoRoot, "node_modules", script), ...args], {
    cwd: dir,
    env: cleanEnv({
      IRON_SESSION_NATIVE_SILENT: "",
      CI: "1",
      NODE_OPTIONS: "",
      NO_COLOR: "1",
      FORCE_COLOR: "0",
      ...env,
    }),
    encoding: "utf8",
  });
  const out = {};
  for (const file of readdirSync(join(dir, "out")))
    out[basename(file, ".json")] = JSON.parse(readFileSync(join(dir, "out", file), "utf8"));
  return { dir, status: result.status, output: `${result.stdout}\n${result.stderr}`, out };
}

/** What every runner's test must have seen: its seals open here in Node (the addon and iron-session 9.0.1), ours open there. */
export async function expectSessionRoundTrip(result, { backend, entry }) {
  expect(result.backend).toBe(backend);
  expect(basename(result.entry)).toBe(entry);
  expect(result.entry).toMatch(/[\\/]node_modules[\\/]iron-session-native[\\/]/);
  expect(result.read).toEqual(FROM_NODE);
  for (const api of [native, ironSession]) {
    expect(await api.unsealData(result.seal, { password: PASSWORD })).toEqual({ user: { id: 1, name: "Zoë" } });
    expect(await api.unsealData(result.saved, { password: PASSWORD })).toEqual({ ...FROM_NODE, visits: 1 });
  }
}
