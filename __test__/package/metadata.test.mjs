// The manifests a user's package manager reads: the root package.json, the per-platform
// packages under npm/ (one per napi.targets entry), and the release workflow that builds them.
import { describe, expect, test } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTriple } from "@napi-rs/cli";
import { binaryName, repoRoot, rootManifest } from "../../scripts/pack.mjs";

const read = (path) => readFileSync(join(repoRoot, path), "utf8");
const targets = rootManifest.napi.targets.map(parseTriple);

// What npm compares with the machine (`os`, `cpu`, `libc`) for each prebuilt target.
const EXPECTED = {
  "linux-x64-gnu": { os: ["linux"], cpu: ["x64"], libc: ["glibc"] },
  "linux-arm64-gnu": { os: ["linux"], cpu: ["arm64"], libc: ["glibc"] },
  "linux-x64-musl": { os: ["linux"], cpu: ["x64"], libc: ["musl"] },
  "linux-arm64-musl": { os: ["linux"], cpu: ["arm64"], libc: ["musl"] },
  "darwin-x64": { os: ["darwin"], cpu: ["x64"] },
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"] },
  "win32-x64-msvc": { os: ["win32"], cpu: ["x64"] },
};

describe("platform packages", () => {
  test("napi.targets are the seven prebuilt platforms, and npm/ has exactly one package for each", () => {
    expect(targets.map((t) => t.platformArchABI).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(readdirSync(join(repoRoot, "npm")).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.entries(EXPECTED))("npm/%s/package.json", (key, platform) => {
    const manifest = JSON.parse(read(`npm/${key}/package.json`));
    const file = `${binaryName}.${key}.node`;
    expect(manifest.name).toBe(`${rootManifest.name}-${key}`);
    expect(manifest.version).toBe(rootManifest.version);
    expect(manifest.main).toBe(file);
    expect(manifest.files).toEqual([file]);
    expect({ os: manifest.os, cpu: manifest.cpu, libc: manifest.libc }).toEqual({ libc: undefined, ...platform });
    expect(manifest.license).toBe(rootManifest.license);
    expect(manifest.engines).toEqual(rootManifest.engines);
    expect(manifest.publishConfig).toEqual(rootManifest.publishConfig);
    for (const field of ["scripts", "dependencies", "optionalDependencies"]) expect(manifest[field]).toBeUndefined();
    expect(existsSync(join(repoRoot, "npm", key, "README.md"))).toBe(true);
    expect(read(`npm/${key}/LICENSE`)).toBe(read("LICENSE"));
  });

  test("a locally built binary in npm/ is never committed", () => {
    expect(read(".gitignore").split("\n")).toContain("/npm/*/*.node");
  });
});

describe("root package.json", () => {
  test("metadata users and tools expect", () => {
    expect(rootManifest.license).toBe("MIT");
    expect(read("LICENSE")).toMatch(/^MIT License/);
    expect(rootManifest.engines.node).toBe(">=20");
    expect(rootManifest.sideEffects).toBe(false);
    expect(rootManifest.publishConfig).toEqual({ access: "public" });
    expect(Object.keys(rootManifest.exports["."])[0]).toBe("types");
    expect(rootManifest.types).toBe("./index.d.ts");
    expect(rootManifest.files).toContain("CHANGELOG.md");
    expect(rootManifest.files.some((f) => f.includes(".node"))).toBe(false);
  });

  test("no optionalDependencies are committed: napi prepublish writes them at release time", () => {
    // With them, `npm ci` of this repository fails before the first release
    // ("Missing: iron-session-native-darwin-arm64@ from lock file"): a lockfile cannot hold unpublished packages.
    expect(rootManifest.optionalDependencies).toBeUndefined();
    const lock = JSON.parse(read("package-lock.json"));
    expect(lock.packages[""].optionalDependencies).toBeUndefined();
  });

  test("the release scripts keep npm/ in step: `npm version` runs `napi version`", () => {
    expect(rootManifest.scripts.version).toMatch(/^napi version\b/);
    expect(rootManifest.scripts.artifacts).toBe("napi artifacts");
  });

  test("lib/backend.cjs names every platform package for Next.js output tracing", () => {
    const backend = read("lib/backend.cjs");
    for (const { platformArchABI } of targets) expect(backend).toContain(`"${rootManifest.name}-${platformArchABI}"`);
  });
});

describe("release workflow", () => {
  const workflow = read(".github/workflows/release.yml");

  test("builds, tests and publishes every target", () => {
    for (const { triple } of targets) {
      expect(workflow).toContain(`target: ${triple}`);
    }
    for (const step of [
      "npm run artifacts",
      "napi prepublish -t npm --no-gh-release",
      "npm publish --provenance",
      "id-token: write",
    ]) {
      expect(workflow).toContain(step);
    }
    expect(workflow).toMatch(/node:\s*\[\s*'20',\s*'22',\s*'24'\s*\]/);
  });
});
