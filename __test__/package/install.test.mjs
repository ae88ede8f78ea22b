// The package as a user gets it: packed with `npm pack`, installed with
// `npm install --offline` into fresh empty projects (no network, no registry, no Rust),
// then loaded with require() and import by a Node whose PATH has no cargo.
//
// - "native" project: the root package with the manifest `napi prepublish` writes at release
//   (optionalDependencies on every platform package) plus this platform's package, as npm
//   installs them from the registry: the other six optional packages are skipped.
// - "fallback" project: the root package alone, as on a platform with no prebuilt binary:
//   WebCrypto, one warning, the same cookies.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { binaryName, cleanEnv, packAll, rootManifest } from "../../scripts/pack.mjs";

const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
const WARNING = "[IRON_SESSION_NATIVE_FALLBACK]";

// PATH without any directory that holds cargo (or rustc), with this Node first.
const exe = (name) => (process.platform === "win32" ? `${name}.exe` : name);
const noRustPath = [
  dirname(process.execPath),
  ...(process.env.PATH || "")
    .split(delimiter)
    .filter((dir) => dir && !existsSync(join(dir, exe("cargo"))) && !existsSync(join(dir, exe("rustc")))),
].join(delimiter);
const noRustEnv = (extra = {}) => {
  const env = cleanEnv({ PATH: noRustPath, ...extra });
  delete env.CARGO_HOME;
  delete env.RUSTUP_HOME;
  return env;
};

// Loads the package both ways in one process, then seals, unseals, and runs getIronSession.
const PROBE = `
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
const require = createRequire(import.meta.url);
const cjs = require("iron-session-native");
const esm = await import("iron-session-native");
const password = ${JSON.stringify(PASSWORD)};
const out = { sameInstance: cjs.getIronSession === esm.getIronSession && cjs.sealData === esm.sealData };
try {
  out.syncSeal = esm.sealDataSync({ sync: true }, { password });
  out.backend = "native";
} catch (error) {
  out.backend = "webcrypto";
  out.syncError = error.message;
}
out.seal = await cjs.sealData({ user: { id: 1, name: "Zoë 🍪" } }, { password });
out.reopened = await esm.unsealData(out.seal, { password });
const response = new Response(null);
const session = await esm.getIronSession(new Request("https://example.test/"), response, { cookieName: "s", password });
session.user = { id: 7 };
await session.save();
out.cookieSeal = /^s=([^;]+)/.exec(response.headers.get("set-cookie"))[1];
if (process.env.OPEN) {
  out.opened = [];
  for (const seal of JSON.parse(process.env.OPEN)) out.opened.push(await esm.unsealData(seal, { password }));
  const request = new Request("https://example.test/", { headers: { cookie: "s=" + JSON.parse(process.env.OPEN).at(-1) } });
  out.openedSession = { ...(await esm.getIronSession(request, new Response(null), { cookieName: "s", password })) };
}
const rootRequire = createRequire(require.resolve("iron-session-native"));
out.root = require.resolve("iron-session-native");
try { out.platformPackage = rootRequire.resolve(${JSON.stringify(`${rootManifest.name}-`)} + process.env.PLATFORM_KEY); } catch { out.platformPackage = null; }
const cargo = spawnSync("cargo", ["--version"]);
out.cargo = cargo.error ? cargo.error.code : "found";
console.log(JSON.stringify(out));
`;

let work;
let packed;
let nativeProject;
let fallbackProject;
const timings = {};

function install(name, tarballs) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true }) + "\n");
  writeFileSync(join(dir, "probe.mjs"), PROBE);
  const started = Date.now();
  const result = spawnSync(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--cache", join(work, "npm-cache"), ...tarballs],
    { cwd: dir, env: noRustEnv(), encoding: "utf8", shell: process.platform === "win32" },
  );
  timings[`install ${name}`] = Date.now() - started;
  if (result.status !== 0) throw new Error(`npm install failed in ${name}:\n${result.stdout}\n${result.stderr}`);
  return dir;
}

/** Runs the probe in `dir`; returns { out, stderr, warnings } where warnings counts the fallback warning. */
function probe(dir, { nodeArgs = [], env = {} } = {}) {
  const result = spawnSync(process.execPath, [...nodeArgs, "probe.mjs"], {
    cwd: dir,
    env: noRustEnv({ PLATFORM_KEY: packed.key, IRON_SESSION_NATIVE_SILENT: "", ...env }),
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`probe failed in ${dir}:\n${result.stdout}\n${result.stderr}`);
  return { out: JSON.parse(result.stdout), stderr: result.stderr, warnings: result.stderr.split(WARNING).length - 1 };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "iron-session-native-package-"));
  const started = Date.now();
  packed = packAll(join(work, "packs"));
  timings.pack = Date.now() - started;
  nativeProject = install("native", [packed.published.file, packed.platform.file]);
  fallbackProject = install("fallback", [packed.root.file]);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  if (Object.keys(timings).length) console.log(`package test timings (ms): ${JSON.stringify(timings)}`);
});

describe("npm pack", () => {
  test("the root tarball holds exactly the runtime files: no .node, sources, tests or build output", () => {
    const { files, manifest } = packed.root;
    for (const needed of [
      "package.json",
      "README.md",
      "LICENSE",
      "THIRD_PARTY_NOTICES",
      "CHANGELOG.md",
      "index.cjs",
      "index.mjs",
      "edge.mjs",
      "edge.cjs",
      "index.d.ts",
      "binding.cjs",
      "lib/api.cjs",
      "lib/messages.cjs",
      "lib/backend.cjs",
      "lib/webcrypto.cjs",
      "lib/v6/next.cjs",
      "lib/v6/edge.mjs",
      "lib/v6/next.d.ts",
      "testing.cjs",
      "testing.mjs",
      "testing.d.ts",
      "lib/testing.cjs",
      "bin/iron-session-native.cjs",
    ]) {
      expect(files).toContain(needed);
    }
    for (const file of files) {
      // Top-level entries and docs, lib/*.cjs, the 6.x subpaths in lib/v6 and the CLI; anything else (src/, target/, __test__/, npm/, scripts/, *.node) is a leak.
      expect(file).toMatch(
        /^(?:[\w.-]+\.(?:cjs|mjs|d\.ts|d\.cts|md)|LICENSE|THIRD_PARTY_NOTICES|package\.json|lib\/(?:v6\/)?[\w.-]+\.(?:cjs|mjs|js|d\.ts)|bin\/iron-session-native\.cjs)$/,
      );
    }
    expect(files.some((file) => file.endsWith(".node"))).toBe(false);
    expect(manifest.size).toBeLessThan(100_000); // the binary lives in the platform packages
  });

  test("the root manifest installs without scripts or dependencies, and lists no unpublished optionalDependencies", () => {
    const manifest = JSON.parse(
      execFileSync("tar", ["xzOf", packed.root.file, "package/package.json"], { encoding: "utf8" }),
    );
    for (const hook of ["preinstall", "install", "postinstall", "prepare"])
      expect(manifest.scripts?.[hook]).toBeUndefined();
    expect(manifest.dependencies ?? {}).toEqual({});
    // `npm ci` of this repository fails while package.json names packages its lockfile cannot hold;
    // `napi prepublish` adds them at release time instead (see the published manifest below).
    expect(manifest.optionalDependencies).toBeUndefined();
  });

  test("napi prepublish writes an exact optionalDependency on every platform package", () => {
    const expected = Object.fromEntries(
      [
        "linux-x64-gnu",
        "linux-arm64-gnu",
        "linux-x64-musl",
        "linux-arm64-musl",
        "darwin-x64",
        "darwin-arm64",
        "win32-x64-msvc",
      ].map((key) => [`${rootManifest.name}-${key}`, rootManifest.version]),
    );
    expect(packed.stagedManifest.optionalDependencies).toEqual(expected);
    const manifest = JSON.parse(
      execFileSync("tar", ["xzOf", packed.published.file, "package/package.json"], { encoding: "utf8" }),
    );
    expect(manifest.optionalDependencies).toEqual(expected);
    expect(packed.published.files).toEqual(packed.root.files);
  });

  test("the platform tarball holds its binary, its manifest and README", () => {
    expect(packed.platform.files).toEqual(
      [`${binaryName}.${packed.key}.node`, "LICENSE", "README.md", "package.json"].sort(),
    );
  });
});

describe("installed from the tarballs, offline, without Rust", () => {
  test("native: require() and import give one instance on the native backend from the platform package", () => {
    const { out, warnings, stderr } = probe(nativeProject);
    expect(out.cargo).toBe("ENOENT");
    expect(out.sameInstance).toBe(true);
    expect(out.backend).toBe("native");
    expect(out.syncSeal).toMatch(/^Fe26\.2\*1\*/);
    expect(out.reopened).toEqual({ user: { id: 1, name: "Zoë 🍪" } });
    expect(out.root.startsWith(nativeProject)).toBe(true);
    expect(out.platformPackage).toBe(
      join(nativeProject, "node_modules", `${rootManifest.name}-${packed.key}`, `${binaryName}.${packed.key}.node`),
    );
    expect(readFileSync(join(nativeProject, "node_modules", rootManifest.name, "package.json"), "utf8")).toContain(
      '"optionalDependencies"',
    );
    expect(warnings).toBe(0);
    expect(stderr).toBe("");
  });

  test("fallback: no binary for the platform gives WebCrypto, with exactly one warning for require() and import together", () => {
    expect(existsSync(join(fallbackProject, "node_modules", `${rootManifest.name}-${packed.key}`))).toBe(false);
    const { out, warnings, stderr } = probe(fallbackProject);
    expect(out.cargo).toBe("ENOENT");
    expect(out.sameInstance).toBe(true);
    expect(out.backend).toBe("webcrypto");
    expect(out.syncError).toMatch(/sealDataSync/);
    expect(out.reopened).toEqual({ user: { id: 1, name: "Zoë 🍪" } });
    expect(out.platformPackage).toBeNull();
    expect(warnings).toBe(1);
    expect(stderr).toContain(`Cannot find module '${rootManifest.name}-${packed.key}'`);
    expect(stderr).toContain("IRON_SESSION_NATIVE_SILENT=1");
  });

  test("fallback: IRON_SESSION_NATIVE_SILENT=1 and --disable-warning=IRON_SESSION_NATIVE_FALLBACK (flag or NODE_OPTIONS) silence the warning; =0 does not", () => {
    const silent = probe(fallbackProject, { env: { IRON_SESSION_NATIVE_SILENT: "1" } });
    expect(silent.out.backend).toBe("webcrypto");
    expect(silent.stderr).toBe("");
    const disabled = probe(fallbackProject, { nodeArgs: ["--disable-warning=IRON_SESSION_NATIVE_FALLBACK"] });
    expect(disabled.out.backend).toBe("webcrypto");
    expect(disabled.stderr).toBe("");
    const viaNodeOptions = probe(fallbackProject, {
      env: { NODE_OPTIONS: "--disable-warning=IRON_SESSION_NATIVE_FALLBACK" },
    });
    expect(viaNodeOptions.stderr).toBe("");
    expect(probe(fallbackProject, { env: { IRON_SESSION_NATIVE_SILENT: "0" } }).warnings).toBe(1);
  });

  test("fallback: a binary that fails to load (NAPI_RS_NATIVE_LIBRARY_PATH at a corrupt file) falls back too", () => {
    const bogus = join(work, `corrupt.${packed.key}.node`);
    writeFileSync(bogus, "not a shared object\n");
    const { out, warnings } = probe(nativeProject, { env: { NAPI_RS_NATIVE_LIBRARY_PATH: bogus } });
    expect(out.backend).toBe("webcrypto");
    expect(warnings).toBe(1);
  });

  test("the CLI from node_modules/.bin and iron-session-native/testing work as installed", () => {
    const bin = join(
      nativeProject,
      "node_modules",
      ".bin",
      process.platform === "win32" ? "iron-session-native.cmd" : "iron-session-native",
    );
    const run = (args, input) =>
      spawnSync(bin, args, {
        cwd: nativeProject,
        input,
        env: noRustEnv({ IRON_SESSION_PASSWORD: PASSWORD }),
        encoding: "utf8",
        shell: process.platform === "win32",
      });
    const password = run(["password"]);
    expect(password.status).toBe(0);
    expect(password.stdout).toMatch(/^[\w-]{43}\n$/);
    const sealed = run(["seal", "--data", '{"n":1}']);
    expect(sealed.status).toBe(0);
    const opened = run(["unseal", "--json"], sealed.stdout);
    expect(JSON.parse(opened.stdout)).toMatchObject({ ok: true, passwordId: "1", data: { n: 1 } });
    expect(run(["unseal"], "Fe26.2*1*forged").status).toBe(1);
    expect(run(["seal", "--password", PASSWORD]).status).toBe(2);

    writeFileSync(
      join(nativeProject, "testing-probe.mjs"),
      `import { sealCookie, readSession } from "iron-session-native/testing";
      const { sealCookie: cjsSeal } = (await import("node:module")).createRequire(import.meta.url)("iron-session-native/testing");
      const options = { cookieName: "s", password: ${JSON.stringify(PASSWORD)} };
      const cookie = await sealCookie({ n: 2 }, options);
      console.log(JSON.stringify({ same: cjsSeal === sealCookie, read: await readSession([cookie], options) }));`,
    );
    const testing = spawnSync(process.execPath, ["testing-probe.mjs"], {
      cwd: nativeProject,
      env: noRustEnv(),
      encoding: "utf8",
    });
    expect(JSON.parse(testing.stdout)).toEqual({ same: true, read: { n: 2 } });
  }, 60_000);

  test("seals and cookies made on the fallback open natively, and the other way round", () => {
    const native = probe(nativeProject).out;
    const fallback = probe(fallbackProject, {
      env: { IRON_SESSION_NATIVE_SILENT: "1", OPEN: JSON.stringify([native.syncSeal, native.seal, native.cookieSeal]) },
    }).out;
    expect(fallback.backend).toBe("webcrypto");
    expect(fallback.opened).toEqual([{ sync: true }, { user: { id: 1, name: "Zoë 🍪" } }, { user: { id: 7 } }]);
    expect(fallback.openedSession).toEqual({ user: { id: 7 } });

    const back = probe(nativeProject, { env: { OPEN: JSON.stringify([fallback.seal, fallback.cookieSeal]) } }).out;
    expect(back.backend).toBe("native");
    expect(back.opened).toEqual([{ user: { id: 1, name: "Zoë 🍪" } }, { user: { id: 7 } }]);
    expect(back.openedSession).toEqual({ user: { id: 7 } });
  });
});
