// `iron-session-native` CLI, run as a child process as a user runs it. The real
// iron-session 9 is the oracle for every seal it makes or opens.
import { describe, expect, test, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ironSession from "iron-session";
import { repoRoot } from "../scripts/pack.mjs";

// Each test starts Node once or more: a limit for a busy machine, not a speed check.
vi.setConfig({ testTimeout: 30_000 });

const BIN = join(repoRoot, "bin", "iron-session-native.cjs");
const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
const MAP = { 1: "the-older-password-of-at-least-32-chars", 2: "the-newer-password-of-at-least-32-chars!" };
const expired = JSON.parse(readFileSync(join(repoRoot, "__test__", "fixtures", "expired.json"), "utf8"));

/** Runs the CLI; env adds to a clean environment without any IRON_SESSION_PASSWORD. */
function cli(args, { input, env = {} } = {}) {
  const base = { ...process.env };
  delete base.IRON_SESSION_PASSWORD;
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: input ?? "",
    env: { ...base, ...env },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const withPassword = (password = PASSWORD) => ({
  IRON_SESSION_PASSWORD: typeof password === "string" ? password : JSON.stringify(password),
});

describe("password", () => {
  test("prints a fresh 256-bit base64url password, at least 32 characters, ready for .env", () => {
    const first = cli(["password"]);
    const second = cli(["password"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(second.stdout).not.toBe(first.stdout);
    expect(first.stderr).toBe("");
  });
});

describe("seal", () => {
  test("seals JSON from stdin with the env password; iron-session 9 opens it", async () => {
    const { code, stdout } = cli(["seal", "--ttl", "3600"], {
      input: '{"user":{"id":1,"name":"Zoë"}}',
      env: withPassword(),
    });
    expect(code).toBe(0);
    const seal = stdout.trim();
    expect(seal).toMatch(/^Fe26\.2\*1\*.+~2$/);
    expect(Number(seal.split("*")[5]) - Date.now()).toBeGreaterThan(3_000_000);
    expect(Number(seal.split("*")[5]) - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(await ironSession.unsealData(seal, { password: PASSWORD })).toEqual({ user: { id: 1, name: "Zoë" } });
  });

  test("--data, a JSON password map from --password-env (newest id seals), ttl 0 never expires", async () => {
    const { code, stdout } = cli(["seal", "--data", '{"a":1}', "--ttl=0", "--password-env", "MY_SECRETS"], {
      env: { MY_SECRETS: JSON.stringify(MAP) },
    });
    expect(code).toBe(0);
    const seal = stdout.trim();
    expect(seal.split("*")[1]).toBe("2");
    expect(seal.split("*")[5]).toBe("");
    expect(await ironSession.unsealData(seal, { password: MAP })).toEqual({ a: 1 });
  });

  test("--password-file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "iron-cli-"));
    try {
      writeFileSync(join(dir, "secret"), PASSWORD + "\n");
      const { code, stdout } = cli(["seal", "--password-file", join(dir, "secret"), "--data", "{}"]);
      expect(code).toBe(0);
      expect(await ironSession.unsealData(stdout.trim(), { password: PASSWORD })).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ["not JSON", ["seal"], { input: "{nope", env: withPassword() }, /the data is not JSON/],
    ["no data", ["seal"], { env: withPassword() }, /no data/],
    ["no password", ["seal", "--data", "{}"], {}, /set the environment variable IRON_SESSION_PASSWORD/],
    ["a short password", ["seal", "--data", "{}"], { env: withPassword("short") }, /at least 32 characters/],
    ["a password argument", ["seal", "--password", PASSWORD], { env: withPassword() }, /--password is not accepted/],
    ["a bad ttl", ["seal", "--ttl", "-5", "--data", "{}"], { env: withPassword() }, /--ttl must be a whole number/],
    ["a bad JSON map", ["seal", "--data", "{}"], { env: { IRON_SESSION_PASSWORD: "{1:" } }, /not a JSON password map/],
  ])("usage error (exit 2): %s", (_, args, options, message) => {
    const { code, stdout, stderr } = cli(args, options);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain(PASSWORD);
  });
});

describe("unseal", () => {
  test("a seal made by iron-session 9: data, password id, sealed and expiry times", async () => {
    const seal = await ironSession.sealData({ user: "ada" }, { password: MAP, ttl: 7200 });
    const expiresAt = Number(seal.split("*")[5]);
    const { code, stdout } = cli(["unseal", seal, "--ttl", "7200"], { env: withPassword(MAP) });
    expect(code).toBe(0);
    expect(stdout).toContain("password id: 2");
    expect(stdout).toContain(`sealed:      ${new Date(expiresAt - 7_200_000).toISOString()}`);
    expect(stdout).toContain(`expires:     ${new Date(expiresAt).toISOString()} (in 2 hours)`);
    expect(stdout).toMatch(/data: +\{\n +"user": "ada"\n +\}/);
  });

  test("a whole Cookie header from stdin, with a chunked session, as JSON lines", async () => {
    const big = "z".repeat(4000); // a seal of about 5500 bytes: two chunks
    const response = new Response(null);
    const options = { cookieName: "app", password: PASSWORD, chunk: true };
    const session = await ironSession.getIronSession(new Request("https://x.test/"), response, {
      ...options,
      cookieName: "small",
    });
    session.n = 1;
    await session.save();
    const chunked = await import("iron-session-native").then(async (api) => {
      const res = new Response(null);
      const s = await api.getIronSession(new Request("https://x.test/"), res, options);
      s.big = big;
      await s.save();
      return res.headers.getSetCookie().map((line) => line.split(";")[0]);
    });
    const header = `Cookie: theme=dark; ${response.headers.getSetCookie()[0].split(";")[0]}; ${chunked.join("; ")}`;
    const { code, stdout } = cli(["unseal", "--json"], { input: header, env: withPassword() });
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map(({ cookie, chunks, ok, data }) => ({ cookie, chunks, ok, data }))).toEqual([
      { cookie: "small", chunks: undefined, ok: true, data: { n: 1 } },
      { cookie: "app", chunks: 2, ok: true, data: { big } },
    ]);
    const only = cli(["unseal", header, "--cookie-name", "app", "--json"], { env: withPassword() });
    expect(only.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(only.stdout).data).toEqual({ big });
  });

  test("an expired seal exits 1 and says when it expired", () => {
    const { seal, password } = expired[0];
    const { code, stdout, stderr } = cli(["unseal", seal], { env: withPassword(password) });
    expect(code).toBe(1);
    expect(stdout).toContain("expires:     2023-11-14T22:14:20.000Z (");
    expect(stdout).toMatch(/does not open: the seal has expired \(Expired seal\)/);
    expect(stderr).toMatch(/does not open: the seal has expired/);
  });

  test.each([
    ["another password", () => withPassword("another-password-that-is-32-chars-long"), /not valid for this password/],
    ["a map without its id", () => withPassword({ 3: PASSWORD }), /password id is not in the password map/],
  ])("%s exits 1 with the reason", async (_, env, reason) => {
    const seal = await ironSession.sealData({ a: 1 }, { password: PASSWORD });
    const { code, stdout } = cli(["unseal", seal], { env: env() });
    expect(code).toBe(1);
    expect(stdout).toMatch(reason);
    expect(stdout).not.toContain('"a"');
  });

  test("a tampered seal exits 1; a header without seals is a usage error", async () => {
    const seal = await ironSession.sealData({ a: 1 }, { password: PASSWORD });
    expect(cli(["unseal", seal.replace("*1*", "*1*x")], { env: withPassword() }).code).toBe(1);
    const none = cli(["unseal", "Cookie: theme=dark"], { env: withPassword() });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no sealed cookie in this Cookie header \(cookies: theme\)/);
  });
});

describe("usage", () => {
  test("--help prints the commands and exit codes and exits 0", () => {
    for (const args of [["--help"], ["-h"], ["unseal", "--help"]]) {
      const { code, stdout } = cli(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: iron-session-native <command>/);
      expect(stdout).toContain("Exit codes: 0 ok, 1 a seal did not open, 2 usage error.");
    }
  });

  test("no command, an unknown command or option: exit 2 pointing at --help", () => {
    for (const args of [[], ["frobnicate"], ["password", "--bogus"]]) {
      const { code, stderr } = cli(args);
      expect(code).toBe(2);
      expect(stderr).toContain("Run `iron-session-native --help` for usage.");
    }
  });
});
