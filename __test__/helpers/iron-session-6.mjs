// The real iron-session 6.3.1 (devDependency `iron-session-6`) as the oracle for the 6.x subpaths.
//
// Its subpath builds require("iron-session"), which in this repository is 9.0.1. So the oracle is
// loaded from a copy installed under its own name, node_modules/.iron-session-6/node_modules/iron-session,
// where that require finds 6.3.1 itself (and its other dependencies in the repository's node_modules).
import { cpSync, existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const source = join(repoRoot, "node_modules", "iron-session-6");
const base = join(repoRoot, "node_modules", ".iron-session-6");
const copy = join(base, "node_modules", "iron-session");

const version = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
if (!existsSync(join(copy, "package.json")) || version(copy) !== version(source)) {
  cpSync(source, copy, { recursive: true });
}
if (version(copy) !== "6.3.1") throw new Error(`the oracle is iron-session ${version(copy)}, not 6.3.1`);

const require6 = createRequire(join(base, "oracle.cjs"));

export const v6 = {
  root: require6("iron-session"),
  next: require6("iron-session/next"),
  express: require6("iron-session/express"),
  koa: require6("iron-session/koa"),
  edge: require6("iron-session/edge"),
};

const requireOurs = createRequire(import.meta.url);

/** This package's 6.x subpaths, loaded through its "exports" (the require condition). */
export const ours = {
  root: requireOurs("iron-session-native"),
  next: requireOurs("iron-session-native/next"),
  express: requireOurs("iron-session-native/express"),
  koa: requireOurs("iron-session-native/koa"),
  edge: requireOurs("iron-session-native/edge"),
};

export const implementations = { "iron-session-native": ours, "iron-session 6.3.1": v6 };
