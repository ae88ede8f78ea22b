// "Log out everywhere" across a fleet: a real redis-server and two separate Node
// server processes sharing it; one revocation logs the user out on both, every
// device, while a new login afterwards works. Needs Debian's redis-server.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createClient } from "redis";
import { CookieClient } from "../helpers/http.mjs";

const SERVER = fileURLToPath(new URL("./fleet-server.mjs", import.meta.url));
const children = [];
let redisUrl;
let servers;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns a process and resolves once a line of its output matches `ready`. */
function start(command, args, env, ready) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} not ready:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}):\n${output}`));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  await start(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {},
    /Ready to accept connections/,
  );
  redisUrl = `redis://127.0.0.1:${port}`;
  const env = { REDIS_URL: redisUrl, SESSION_PASSWORD: "fleet-password-that-is-at-least-32-characters" };
  servers = {};
  for (const name of ["a", "b"]) {
    const [, serverPort] = await start(process.execPath, [SERVER], { ...env, SERVER_NAME: name }, /listening (\d+)/);
    servers[name] = `http://127.0.0.1:${serverPort}`;
  }
}, 60_000);

afterAll(async () => {
  for (const child of children.reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.removeAllListeners("exit");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
});

test("one revocation logs the user out on both servers and every device; a new login afterwards works", async () => {
  const laptop = new CookieClient();
  const phone = new CookieClient();
  const other = new CookieClient();
  expect((await laptop.get(`${servers.a}/login?name=ada`)).body).toEqual({ server: "a", user: "ada" });
  expect((await phone.get(`${servers.b}/login?name=ada`)).body).toEqual({ server: "b", user: "ada" });
  expect((await other.get(`${servers.b}/login?name=bob`)).body).toEqual({ server: "b", user: "bob" });
  for (const client of [laptop, phone]) {
    for (const server of Object.values(servers)) expect((await client.get(`${server}/me`)).body.user).toBe("ada");
  }

  // The phone, on server b, logs ada out everywhere.
  expect((await phone.get(`${servers.b}/logout-everywhere`)).body.user).toBe(null);
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  try {
    expect(await redis.get("revokedBefore:ada")).toMatch(/^\d+$/);
  } finally {
    await redis.quit();
  }
  // The laptop still holds its cookie, which no server accepts any more.
  expect(laptop.cookies.has("fleet")).toBe(true);
  for (const server of Object.values(servers)) {
    expect((await laptop.get(`${server}/me`)).body.user).toBe(null);
    expect((await phone.get(`${server}/me`)).body.user).toBe(null);
    // Other users are untouched.
    expect((await other.get(`${server}/me`)).body.user).toBe("bob");
  }

  // A new login afterwards works on both servers.
  expect((await laptop.get(`${servers.a}/login?name=ada`)).body.user).toBe("ada");
  for (const server of Object.values(servers)) expect((await laptop.get(`${server}/me`)).body.user).toBe("ada");
});
