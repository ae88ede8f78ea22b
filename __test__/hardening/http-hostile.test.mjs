// Hostile cookies through real HTTP: a Node http server running the package
// answers 10,000 requests on each backend carrying forged,
// tampered, truncated, oversized (up to Node's 16 KB header limit),
// duplicated, prototype-named, chunk-named, quoted and percent-encoded cookies,
// 16 in flight over keep-alive connections. Every answer is the logged-out
// view: never a 500, never a crash, never someone's session, and each within
// a generous time bound (this is not a benchmark).
import http from "node:http";
import { describe, expect, test } from "vitest";
import { implementations } from "../helpers/implementations.mjs";
import { SESSION_OPTIONS, startSessionServer } from "../helpers/http.mjs";
import { pool, request } from "./common.mjs";

const NAME = SESSION_OPTIONS.cookieName;
const HEADER_BUDGET = http.maxHeaderSize - 600; // Node's limit (16 KB) minus the request line and other headers
const SEED = Number(process.env.HOSTILE_SEED ?? 20261129);

/** mulberry32: a small seeded PRNG, so a failing request can be regenerated. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)] };
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The genuine seal with one change inside its authenticated body (never only in the `~2` suffix). */
function tamper(rng, seal) {
  const body = seal.slice(0, seal.indexOf("~"));
  for (;;) {
    const at = rng.int(body.length);
    const kind = rng.int(4);
    let changed;
    if (kind === 0) changed = body.slice(0, at) + rng.pick([...B64URL, "*", "=", " ", "."]) + body.slice(at + 1);
    else if (kind === 1) changed = body.slice(0, at) + body.slice(at + 1);
    else if (kind === 2) changed = body.slice(0, at) + rng.pick([...B64URL]) + body.slice(at);
    else changed = body.slice(0, at) + body.slice(at + 1 + rng.int(5)).replace(/^/, "");
    if (changed !== body) return changed + (rng.int(3) === 0 ? "" : "~2");
  }
}

/** Bytes an attacker may send, as Node sees them (a header value is read as latin1). */
// Control characters other than tab end a header (or make Node answer 400 before any
// session code runs), so they are left out here.
const wire = (text) =>
  Buffer.from(text, "utf8")
    .toString("latin1")
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, "");

function hostileHeader(rng, genuine, foreign) {
  const forgedSeal = () =>
    rng.pick([
      () => tamper(rng, genuine),
      () => foreign,
      () => genuine.slice(0, rng.int(genuine.length - 45)), // truncated before the digest
      () => genuine.replace(/\*[\w-]{43}~2$/, "*" + "A".repeat(43) + "~2"),
      () =>
        genuine.replace(
          /^Fe26\.2\*2\*/,
          `Fe26.2*${rng.pick(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "999", "", "1"])}*`,
        ),
      () =>
        genuine.replace(
          /\*(\d+)\*([0-9a-f]{64})\*([\w-]{43})~2$/,
          `*${rng.pick(["1", "01", "-1", "1e3", "9".repeat(400), "0"])}*$2*$3~2`,
        ),
      () => `Fe26.2${"*".repeat(rng.int(20))}~2`,
      () => "x".repeat(1 + rng.int(4000)),
      () => Array.from({ length: 1 + rng.int(200) }, () => String.fromCharCode(rng.int(0x3000))).join(""),
    ])();
  const cookie = (name, value) => `${name}=${value}`;
  const build = rng.pick([
    // The session cookie, forged.
    () => [cookie(NAME, forgedSeal())],
    // Quoted, percent-encoded, or with a raw `~`/`%` structure.
    () => [cookie(NAME, `"${forgedSeal()}"`)],
    () => [cookie(NAME, encodeURIComponent(forgedSeal()))],
    () => [cookie(NAME, forgedSeal().replace(/\*/g, "%2A"))],
    () => [cookie(NAME, `${genuine.slice(0, 50)}%E0%A4%A${genuine.slice(50)}`)],
    // Duplicates: the first occurrence counts, and it is forged.
    () => [cookie(NAME, forgedSeal()), cookie(NAME, genuine)],
    () => [cookie(NAME, ""), cookie(NAME, genuine)],
    // Chunks: forged, out of order, with gaps, or beside a forged whole cookie.
    () => {
      const seal = forgedSeal();
      const size = Math.ceil(seal.length / 4);
      return [0, 1, 2, 3].map((i) => cookie(`${NAME}.${i}`, seal.slice(i * size, (i + 1) * size)));
    },
    () => {
      const size = Math.ceil(genuine.length / 3);
      const parts = [0, 1, 2].map((i) => genuine.slice(i * size, (i + 1) * size));
      return [cookie(`${NAME}.1`, parts[0]), cookie(`${NAME}.0`, parts[1]), cookie(`${NAME}.2`, parts[2])];
    },
    () => {
      const size = Math.ceil(genuine.length / 3);
      return [cookie(`${NAME}.0`, genuine.slice(0, size)), cookie(`${NAME}.2`, genuine.slice(size))];
    },
    () => [cookie(NAME, forgedSeal()), cookie(`${NAME}.0`, genuine)],
    () => [cookie(`${NAME}.0`, genuine), cookie(`${NAME}.0`, "x")].reverse(),
    // Prototype-named and look-alike cookies, the genuine seal under other names.
    () =>
      [
        "__proto__",
        "constructor",
        "toString",
        "hasOwnProperty",
        "valueOf",
        `${NAME}.__proto__`,
        `${NAME}.constructor`,
        `${NAME}.4`,
        `${NAME}.-1`,
        ` ${NAME}x`,
        `${NAME.toUpperCase()}`,
      ].map((name) => cookie(name, rng.int(2) ? genuine : forgedSeal())),
    () => [cookie(`__proto__`, `{"${NAME}":"${genuine}"}`), cookie("constructor", "prototype")],
    // Oversized: one huge value, or a thousand tiny cookies.
    () => [cookie(NAME, "A".repeat(HEADER_BUDGET - NAME.length - 1))],
    () => [cookie(NAME, forgedSeal()), ...Array.from({ length: 1000 }, (_, i) => cookie(`c${i}`, "v"))],
    () => [cookie(NAME, "*".repeat(HEADER_BUDGET - NAME.length - 1))],
    // Structure only.
    () => [rng.pick([";;;;", "=;=;=", NAME, `${NAME}=`, `=${genuine}`, `;${NAME}`, "%", " ; ; "])],
  ]);
  const parts = build();
  const separator = rng.pick(["; ", ";", " ; ", ";\t"]);
  return wire(parts.join(separator)).slice(0, HEADER_BUDGET);
}

async function hammer(api, count) {
  const server = await startSessionServer(api);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const genuine = await api.sealData({ user: { name: "Mallory" } }, { password: SESSION_OPTIONS.password });
    const foreign = await api.sealData(
      { user: { name: "Mallory" } },
      { password: "someone-elses-password-of-32-chars!!" },
    );
    const rng = prng(SEED);
    const cases = Array.from({ length: count }, (_, i) => ({
      i,
      path: rng.int(4) === 0 ? "/visit" : "/me",
      cookie: hostileHeader(rng, genuine, foreign),
    }));

    // Control: the genuine cookie logs in on this server.
    const control = await request(agent, `${server.url}/me`, `${NAME}=${genuine}`);
    expect(control.body).toEqual({ loggedIn: true, session: { user: { name: "Mallory" } } });

    const started = Date.now();
    const results = await pool(
      cases.map((c) => () => request(agent, `${server.url}${c.path}`, c.cookie).then((r) => ({ ...r, ...c }))),
      16,
    );
    const elapsed = Date.now() - started;

    const bad = results.filter(
      (r) =>
        r.status !== 200 ||
        r.body.loggedIn !== false ||
        JSON.stringify(r.body.session) !== (r.path === "/visit" ? '{"visits":1}' : "{}"),
    );
    expect(
      bad.slice(0, 3).map((r) => ({ i: r.i, status: r.status, body: r.body, cookie: r.cookie.slice(0, 300) })),
    ).toEqual([]);
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
    const max = latencies.at(-1);
    const p99 = latencies[Math.floor(latencies.length * 0.99)];
    const bytes = results.reduce((n, r) => Math.max(n, r.cookie.length), 0);
    console.log(
      `${api === implementations.native ? "native" : "webcrypto"}: ${count} hostile requests in ${elapsed} ms, ` +
        `latency p50 ${latencies[latencies.length >> 1].toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(2)} ms; largest Cookie header ${bytes} bytes (HOSTILE_SEED=${SEED})`,
    );
    // A save after a hostile cookie writes a fresh session, and only expires the
    // request's own stale chunk cookies besides.
    for (const r of results.filter((r) => r.path === "/visit")) {
      expect(r.setCookie[0]).toMatch(
        new RegExp(`^${NAME}=Fe26\\.2\\*2\\*[^;]+; Max-Age=1209540; Path=/; HttpOnly; SameSite=Lax$`),
      );
      for (const other of r.setCookie.slice(1)) {
        expect(other).toMatch(new RegExp(`^${NAME}\\.[0-3]=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax$`));
      }
    }

    // Still alive and still correct.
    const after = await request(agent, `${server.url}/me`, `${NAME}=${genuine}`);
    expect(after.body.loggedIn).toBe(true);
  } finally {
    agent.destroy();
    await server.close();
  }
}

// Latencies are printed, not asserted (the machine's load is not the code's); a request
// that hangs fails the test by its timeout.
describe("hostile cookies through a real http server", () => {
  test("native backend: 10,000 hostile requests, 16 in flight, all logged out, none hangs", async () => {
    await hammer(implementations.native, 10_000);
  }, 120_000);

  test("WebCrypto backend: 10,000 hostile requests, 16 in flight, all logged out, none hangs", async () => {
    await hammer(implementations.webcrypto, 10_000);
  }, 120_000);

  test("a Cookie header over Node's 16 KB limit is refused by Node (431) before any session code runs", async () => {
    const server = await startSessionServer(implementations.native);
    try {
      const agent = new http.Agent({ keepAlive: false });
      const response = await request(agent, `${server.url}/me`, `${NAME}=${"A".repeat(http.maxHeaderSize + 10)}`);
      expect(response.status).toBe(431);
      const ok = await request(agent, `${server.url}/me`, `${NAME}=x`);
      expect(ok.body).toEqual({ loggedIn: false, session: {} });
    } finally {
      await server.close();
    }
  });
});
