// The 6.x subpaths are thin wrappers over this package's public entries: they import each other
// and index.cjs / index.d.ts (Node) or edge.mjs (Edge), never lib/ internals.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const dir = fileURLToPath(new URL("../../lib/v6/", import.meta.url));
const PUBLIC = new Set(["../../index.cjs", "../../edge.mjs", "../../index.js", "node:http", "next"]);

const importsOf = (file) =>
  [...readFileSync(dir + file, "utf8").matchAll(/(?:require\(|from |import )"([^"]+)"/g)].map((match) => match[1]);

test("the Node build is on index.cjs, the Edge build on edge.mjs", () => {
  expect(importsOf("node.cjs")).toEqual(["./core.cjs", "../../index.cjs"]);
  expect(importsOf("edge.mjs")).toEqual(["../../edge.mjs", "./core.cjs"]);
});

test.each(readdirSync(dir))("lib/v6/%s imports only public entries", (file) => {
  const specifiers = importsOf(file);
  for (const specifier of specifiers) {
    expect(specifier.startsWith("./") || PUBLIC.has(specifier), `${file} imports ${specifier}`).toBe(true);
  }
});
