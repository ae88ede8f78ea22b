// Concurrency: the addon in worker_threads, and many users on one http server.
//
// * Several workers seal and unseal at the same time with their own and shared
//   passwords, then open each other's seals: every seal opens to exactly its
//   data, with the right password only (the KDF's per-thread cache never mixes
//   passwords up between threads).
// * 50 users x 20 requests, interleaved, on one server (both backends): every
//   response carries that user's own session and visit count, never another's.
import http from "node:http";
import { Worker } from "node:worker_threads";
import { describe, expect, test } from "vitest";
import { implementations } from "../helpers/implementations.mjs";
import { startSessionServer } from "../helpers/http.mjs";
import { pool, request } from "./common.mjs";

const WORKER = new URL("./seal-worker.mjs", import.meta.url);
const SHARED = "shared-password-for-every-worker-0123456789";

function runWorker(data) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: data });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

describe("worker_threads", () => {
  test("4 workers seal and unseal concurrently and open each other's seals", async () => {
    const WORKERS = 4;
    const COUNT = 1000;
    const barrier = () => new SharedArrayBuffer(4);
    const sealBarrier = barrier();
    const openBarrier = barrier();
    const own = (w) => `worker-${w}-own-password-that-is-long-enough-${"x".repeat(w)}`;
    const sealed = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) =>
        runWorker({
          task: "seal",
          worker: w,
          workers: WORKERS,
          barrier: sealBarrier,
          count: COUNT,
          own: own(w),
          shared: SHARED,
        }),
      ),
    );
    for (const [w, result] of sealed.entries()) {
      expect(result.backend).toBe("native");
      expect(result.selfCheckFailures).toBe(0);
      expect(result.seals).toHaveLength(COUNT);
      expect(new Set(result.seals.map((s) => s.seal)).size).toBe(COUNT);
      expect(result.seals.every((s) => s.seal.startsWith(s.password === "own" ? "Fe26.2*1*" : "Fe26.2*2*"))).toBe(true);
      expect(w).toBe(result.worker);
    }
    // Worker w opens the seals of worker w+1, knowing its own password, the
    // shared one, and (for the right answer) the other worker's.
    const opened = await Promise.all(
      sealed.map((_, w) => {
        const from = (w + 1) % WORKERS;
        return runWorker({
          task: "open",
          worker: w,
          workers: WORKERS,
          barrier: openBarrier,
          seals: sealed[from].seals,
          own: own(w),
          shared: SHARED,
          theirs: own(from),
        });
      }),
    );
    for (const result of opened) {
      expect(result.mismatches).toEqual([]);
      expect(result.opened).toBe(COUNT);
      // Seals made with another worker's own password never open with this worker's.
      expect(result.openedWithWrongPassword).toBe(0);
      expect(result.rejectedWithWrongPassword).toBe(sealed[0].seals.filter((s) => s.password === "own").length);
    }
  }, 60_000);
});

/** A user: a cookie jar over a keep-alive agent. */
class User {
  cookies = new Map();
  constructor(name, agent, url) {
    Object.assign(this, { name, agent, url });
  }
  async get(path) {
    const header = [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
    const response = await request(this.agent, `${this.url}${path}`, header || undefined);
    for (const line of response.setCookie) {
      const [pair, ...attributes] = line.split("; ");
      const eq = pair.indexOf("=");
      const [n, v] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (v === "" || attributes.includes("Max-Age=0")) this.cookies.delete(n);
      else this.cookies.set(n, v);
    }
    return response;
  }
}

describe.each(Object.entries(implementations))("many users on one server (%s backend)", (_name, api) => {
  test("50 users x 20 requests interleaved: no session ever reaches another user's request", async () => {
    const USERS = 50;
    const REQUESTS = 20;
    const server = await startSessionServer(api);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    try {
      const users = Array.from(
        { length: USERS },
        (_, i) => new User(`user-${i}-${"ä".repeat(i % 5)}`, agent, server.url),
      );
      const wrong = [];
      // Each user's requests are sequential (each depends on the cookie the
      // previous one set); the users run all at once, so requests interleave.
      await Promise.all(
        users.map(async (user) => {
          const login = await user.get(`/login?name=${encodeURIComponent(user.name)}`);
          if (login.body.session?.user?.name !== user.name) wrong.push([user.name, "login", login.body]);
          for (let visit = 1; visit < REQUESTS; visit++) {
            // Every fourth request is a burst of parallel reads with the same cookie.
            if (visit % 4 === 0) {
              const reads = await Promise.all([user.get("/me"), user.get("/me"), user.get("/me")]);
              for (const read of reads)
                if (read.body.session?.user?.name !== user.name) wrong.push([user.name, "me", read.body]);
              continue;
            }
            const response = await user.get("/visit");
            const session = response.body.session;
            if (response.status !== 200 || session?.user?.name !== user.name)
              wrong.push([user.name, visit, response.body]);
          }
        }),
      );
      expect(wrong).toEqual([]);
      // Every user's visit count is exactly their own number of /visit requests.
      const finals = await pool(
        users.map((user) => () => user.get("/me")),
        16,
      );
      const visits = Array.from({ length: REQUESTS - 1 }, (_, i) => i + 1).filter((v) => v % 4 !== 0).length;
      for (const [i, response] of finals.entries()) {
        expect(response.body.session).toEqual({ user: { name: users[i].name }, visits });
      }
    } finally {
      agent.destroy();
      await server.close();
    }
  }, 60_000);
});
