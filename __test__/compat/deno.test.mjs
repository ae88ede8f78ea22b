// Deno (from the npm package `deno`) serves sessions with Deno.serve, with the package installed
// from its tarballs in a project with node_modules (Deno's "manual" node_modules mode).
// Deno loads Node-API addons from npm packages when allowed FFI: with --allow-ffi the package runs
// on its native addon; without it, on the WebCrypto build after one warning that says why.
// Deno gives a CommonJS main module two copies of a package it both require()s and import()s
// (an ES module's createRequire and import share one, as in Node and Bun); both work.
import { describe, expect, test } from "vitest";
import { runtimeServerSuite } from "../helpers/runtime-server.mjs";

const PERMISSIONS = [
  "run",
  "--node-modules-dir=manual",
  "--no-lock",
  "--allow-net=127.0.0.1",
  "--allow-env",
  "--allow-read",
];

describe("Deno.serve with --allow-ffi", () => {
  const server = runtimeServerSuite({
    runtime: "deno",
    args: [...PERMISSIONS, "--allow-ffi"],
    backend: "native",
    cjsImportSharesInstance: false,
  });
  test("no fallback warning", () => {
    expect(server().stderr).not.toContain("IRON_SESSION_NATIVE_FALLBACK");
  });
});

describe("Deno.serve without --allow-ffi", () => {
  const server = runtimeServerSuite({
    runtime: "deno",
    args: PERMISSIONS,
    backend: "webcrypto",
    cjsImportSharesInstance: false,
  });
  test("one fallback warning, naming --allow-ffi", () => {
    const { stderr } = server();
    expect(stderr.split("[IRON_SESSION_NATIVE_FALLBACK]").length - 1).toBe(1);
    expect(stderr).toContain("--allow-ffi");
  });
});
