// A TypeScript project written for iron-session 6.x whose build leans, without knowing it, on the
// @types packages iron-session 6.3.1 declared as dependencies (@types/express, @types/koa): its own
// package.json lists express and koa but not their types. This package does not bring them (8.x/9.x
// users would carry them for nothing); docs/upgrading-from-6.md says to add them. Proven here:
// 1. with iron-session 6.3.1 installed, the project type-checks (with Bundler resolution: under
//    "node", 6.3.1's own published sources fail to compile);
// 2. with this package installed as iron-session (the packed tarball), it fails with TS7016 on
//    "express" and "koa", the error the upgrade notes name;
// 3. after `npm i -D @types/express @types/koa`, it type-checks with moduleResolution node
//    (the 6.x-era default), node16 and bundler, unchanged.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cleanEnv, packAll } from "../../scripts/pack.mjs";

const sources = fileURLToPath(new URL("../types/v6", import.meta.url));
// The 6.x code, minus root.ts, whose last lines check 9.x types that 6.3.1 does not have.
const FILES = ["session.ts", "express-app.ts", "koa-app.ts", "edge.ts"];
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: "ES2022",
    module: "commonjs",
    moduleResolution: "node",
    esModuleInterop: true,
    lib: ["ES2022", "DOM"],
    types: ["node"],
    // @types/koa@3 fails its own check against content-disposition's bundled types.
    skipLibCheck: true,
  },
  files: FILES,
};

let work;
let project;
let packed;

function npm(args) {
  const result = spawnSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: project,
    env: cleanEnv(),
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
}

function tsc(...flags) {
  const result = spawnSync(
    process.execPath,
    [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", ".", ...flags],
    {
      cwd: project,
      encoding: "utf8",
    },
  );
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "iron-session-native-v6-types-"));
  packed = packAll(join(work, "packs"));
  project = join(work, "app");
  mkdirSync(project);
  for (const file of FILES) {
    const source = readFileSync(join(sources, file), "utf8").replaceAll('"iron-session-native', '"iron-session');
    expect(source).not.toMatch(/iron-session-native/);
    writeFileSync(join(project, file), source);
  }
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "six-app",
      private: true,
      dependencies: { express: "5.3.0", koa: "3.3.0" },
      devDependencies: { typescript: "5.9.3", "@types/node": "20.19.43" },
    }),
  );
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("with iron-session 6.3.1, the 6.x project type-checks (on the @types it brings)", () => {
  npm(["install", "iron-session@6.3.1"]);
  const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
  expect(Object.keys(manifest.devDependencies)).not.toContain("@types/express");
  expect(readdirSync(join(project, "node_modules", "@types"))).toEqual(expect.arrayContaining(["express", "koa"]));
  // 6.3.1 publishes its subpaths' .ts sources, which moduleResolution "node" picks over the .d.ts
  // (and fails on); Bundler resolution reads its "exports".
  const result = tsc("--module", "esnext", "--moduleResolution", "bundler");
  expect(result.output).toBe("");
  expect(result.ok).toBe(true);
}, 300_000);

test("with this package as iron-session and nothing else, TS7016 names express and koa", () => {
  npm(["uninstall", "iron-session"]);
  npm(["install", `iron-session@file:${packed.published.file}`, packed.platform.file]);
  expect(JSON.parse(readFileSync(join(project, "node_modules", "iron-session", "package.json"), "utf8")).name).toBe(
    "iron-session-native",
  );
  const result = tsc();
  expect(result.ok).toBe(false);
  const errors = result.output.split("\n").filter((line) => line.includes("error TS"));
  expect(errors.length).toBeGreaterThan(0);
  const untyped = errors
    .map((line) => /error TS7016: Could not find a declaration file for module '([^']+)'/.exec(line)?.[1])
    .filter(Boolean);
  expect(untyped.sort()).toEqual(["express", "koa"]);
  // The rest follows from those: handler parameters of an untyped express are implicitly any.
  for (const line of errors) expect(line).toMatch(/error TS(7016|7006):/);
}, 300_000);

test.each([
  ["node", []],
  ["node16", ["--module", "node16", "--moduleResolution", "node16"]],
  ["bundler", ["--module", "esnext", "--moduleResolution", "bundler"]],
])(
  "after npm i -D @types/express @types/koa, it type-checks unchanged (moduleResolution %s)",
  (_, flags) => {
    if (!readdirSync(join(project, "node_modules", "@types")).includes("express")) {
      npm(["install", "-D", "@types/express@5.0.6", "@types/koa@3.0.3"]);
    }
    const result = tsc(...flags);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  },
  300_000,
);
