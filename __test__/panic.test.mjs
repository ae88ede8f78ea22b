// A panic in the Rust core reaches JavaScript as an Error, and the process lives on.
//
// The shipped addon has no way to panic on purpose, so this builds the same crate with
// the test-only cargo feature `panic-probe` (never enabled in a release): with it, the
// real `seal` and `unseal` exports panic on one sentinel input. The build is a debug
// one (its panics unwind like the release profile's, which sets `panic = "unwind"`), and
// it is loaded in a child process, so that an abort would show as a failed exit instead
// of taking the test runner down.
import { expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SENTINEL = "iron-session-native:panic-probe";
const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
const LIBRARY =
  { darwin: "libiron_session_native.dylib", win32: "iron_session_native.dll" }[process.platform] ??
  "libiron_session_native.so";

// Runs in the child: each export panics on the sentinel, then works normally.
const CHILD = `
const probe = require(process.argv[1]);
const outcome = (fn) => { try { return { value: fn() }; } catch (e) { return { error: e instanceof Error, message: e.message }; } };
const sealed = probe.seal('{"a":1}', "1", ${JSON.stringify(PASSWORD)}, "");
console.log(JSON.stringify({
  seal: outcome(() => probe.seal(${JSON.stringify(SENTINEL)}, "1", ${JSON.stringify(PASSWORD)}, "")),
  unseal: outcome(() => probe.unseal(${JSON.stringify(SENTINEL)}, ${JSON.stringify(PASSWORD)}, Date.now())),
  after: probe.unseal(sealed, ${JSON.stringify(PASSWORD)}, Date.now()),
}));
`;

test("the release profile unwinds on panic", () => {
  const cargo = readFileSync(path.join(root, "Cargo.toml"), "utf8");
  const release = cargo.split("[profile.release]")[1].split(/^\[/m)[0];
  expect(release).toMatch(/^panic = "unwind"$/m);
});

test("a panic in seal or unseal is thrown as a JS Error", { timeout: 600_000 }, () => {
  const build = spawnSync("cargo", ["build", "--lib", "--features", "panic-probe", "--message-format", "short"], {
    cwd: root,
    encoding: "utf8",
  });
  expect(build.status, build.stderr).toBe(0);
  const dir = mkdtempSync(path.join(tmpdir(), "panic-probe-"));
  try {
    const addon = path.join(dir, "probe.node");
    copyFileSync(path.join(root, "target", "debug", LIBRARY), addon);
    const child = spawnSync(process.execPath, ["-e", CHILD, addon], { encoding: "utf8" });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout);
    expect(result.seal).toEqual({ error: true, message: expect.stringContaining("panic probe") });
    expect(result.unseal).toEqual({ error: true, message: expect.stringContaining("panic probe") });
    expect(result.after).toBe('{"a":1}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
