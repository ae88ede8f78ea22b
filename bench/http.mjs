// `npm run bench:http`: the same Node http server (bench/http-server.mjs) with
// no session, with iron-session 9.0.1 and with iron-session-native, and two
// floors between none and a session (a Set-Cookie header alone; that header
// plus the core's unseal and seal), loaded on loopback (127.0.0.1) for a
// bounded time, under two loads:
//
// 1. paced: a client sends a fixed --rate requests/s (default 2,000) over
//    keep-alive connections, the server far from saturated, as most production
//    servers run. The figure is the server's own CPU time per request, and what
//    the session adds to it.
// 2. saturated: wrk -t1 -c32, requests/s and CPU per request.
//
//   node bench/http.mjs [--runs 3] [--duration 5] [--connections 32] [--rate 2000]
//                       [--load paced,saturated] [--pin]
//
// All five servers start at once on their own ports; each gets a warm-up,
// then the runs are interleaved (in turn, the order rotating), so a
// burst of load from elsewhere hits every server alike. Every request sends
// the same session cookie (sealed by iron-session 9.0.1), which the session
// servers open, change and seal again. Reports the median requests/s of the
// runs and the ratio to the server without sessions. --pin puts the servers
// on CPU 0 and wrk on CPU 1 (taskset). Needs wrk: `apt-get install -y wrk`.
import { spawn, spawnSync } from "node:child_process";
import http from "node:http";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { sealData } from "iron-session";
import { PASSWORD, SMALL } from "./inputs.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const RUNS = Number(arg("runs", 3));
const DURATION = Number(arg("duration", 5));
const CONNECTIONS = Number(arg("connections", 32));
const WARMUP = 2;
const PIN = args.includes("--pin");
const RATE = Number(arg("rate", 2000));
const LOADS = arg("load", "paced,saturated").split(",");
const MODES = [
  { mode: "plain", label: "no session", port: 3301 },
  { mode: "header", label: "floor: + Set-Cookie", port: 3304 },
  { mode: "core", label: "floor: + core calls", port: 3305 },
  { mode: "iron9", label: "iron-session 9.0.1", port: 3302 },
  { mode: "native", label: "iron-session-native", port: 3303 },
];

if (spawnSync("wrk", ["--version"]).error) {
  console.error("wrk is not installed. On Debian/Ubuntu: apt-get install -y wrk (https://github.com/wg/wrk)");
  process.exit(1);
}
const taskset = (cpu, command) => (PIN ? ["taskset", ["-c", String(cpu), ...command]] : [command[0], command.slice(1)]);

const seal = await sealData({ ...SMALL, counter: 0 }, { password: PASSWORD });
const cookie = `sess=${seal}`;

const servers = [];
function stopAll() {
  for (const child of servers) if (child.exitCode === null) child.kill("SIGTERM");
}
process.on("exit", stopAll);
process.on("SIGINT", () => process.exit(130));

async function startServer({ mode, port }) {
  const [command, commandArgs] = taskset(0, [process.execPath, path.join(here, "http-server.mjs")]);
  const child = spawn(command, commandArgs, {
    env: { ...process.env, MODE: mode, PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  servers.push(child);
  let output = "";
  child.stdout.setEncoding("utf8");
  while (!output.includes("listening")) {
    const [chunk] = await Promise.race([once(child.stdout, "data"), once(child, "exit").then(() => [null])]);
    if (chunk === null) throw new Error(`${mode} server exited`);
    output += chunk;
  }
}

/** GET on its own connection: { status, headers, body }. */
function get(port, urlPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
  });
}

/** One request: the server must answer 200, counter 1, and (with sessions) a new cookie. */
async function check({ mode, port }) {
  const response = await get(port, "/", { cookie });
  const counter = JSON.parse(response.body).counter;
  const setCookie = response.headers["set-cookie"]?.[0] ?? "";
  const ok = response.status === 200 && counter === 1 && (mode === "plain" || setCookie.startsWith("sess=Fe26.2*1*"));
  if (!ok) throw new Error(`${mode}: unexpected response ${response.status} ${response.body} ${setCookie}`);
}

async function stats(port) {
  return JSON.parse((await get(port, "/__stats")).body);
}

function wrk(port, seconds) {
  const [command, commandArgs] = taskset(1, [
    "wrk",
    "-t1",
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    "--latency",
    "-H",
    `Cookie: ${cookie}`,
    `http://127.0.0.1:${port}/`,
  ]);
  const result = spawnSync(command, commandArgs, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`wrk failed: ${result.stderr}`);
  const out = result.stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = /50%\s+(\S+)/.exec(out)?.[1];
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: (.*)/.exec(out)?.[1];
  if (non2xx || errors) throw new Error(`wrk: ${non2xx} non-2xx responses, socket errors: ${errors}\n${out}`);
  return { rps, p50 };
}

/**
 * Sends `rate` requests/s for `seconds` over keep-alive connections, never more
 * than the schedule allows (a late tick catches up, no burst beyond it).
 * Resolves to the number of answered requests.
 */
function paced(port, seconds, rate) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    const start = performance.now();
    const total = Math.round(rate * seconds);
    const send = () => {
      sent++;
      const req = http.get({ host: "127.0.0.1", port, path: "/", headers: { cookie }, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          answered++;
          if (res.statusCode !== 200) reject(new Error(`paced: status ${res.statusCode}`));
          if (answered === total) {
            agent.destroy();
            resolve(answered);
          }
        });
      });
      req.on("error", reject);
    };
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) send();
      if (sent === total) clearInterval(timer);
    }, 2);
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function pacedRuns() {
  const cpu = new Map(MODES.map((m) => [m.mode, []]));
  process.stderr.write(
    `paced: ${RATE} requests/s, ${RUNS} runs of ${DURATION} s per server after a ${WARMUP} s warm-up\n`,
  );
  for (const m of MODES) await paced(m.port, WARMUP, RATE);
  for (let run = 0; run < RUNS; run++) {
    for (let i = 0; i < MODES.length; i++) {
      const m = MODES[(i + run) % MODES.length];
      const before = await stats(m.port);
      await paced(m.port, DURATION, RATE);
      const after = await stats(m.port);
      const perRequest = (after.cpuMicros - before.cpuMicros) / (after.served - before.served);
      cpu.get(m.mode).push(perRequest);
      process.stderr.write(`  run ${run + 1} ${m.label.padEnd(20)} server CPU ${perRequest.toFixed(1)} µs/request\n`);
    }
  }
  const plainCpu = median(cpu.get("plain"));
  console.log(
    `\nserver CPU per request at a paced ${RATE} requests/s, median of ${RUNS} runs of ${DURATION} s, Node ${process.version}\n`,
  );
  console.log("| server | CPU per request | added by the session | runs (µs) |");
  console.log("|---|---:|---:|---|");
  for (const m of MODES) {
    const values = cpu.get(m.mode);
    const med = median(values);
    const added = m.mode === "plain" ? "" : `${(med - plainCpu).toFixed(1)} µs`;
    console.log(`| ${m.label} | ${med.toFixed(1)} µs | ${added} | ${values.map((v) => v.toFixed(1)).join(" / ")} |`);
  }
  const added = (mode) => median(cpu.get(mode)) - plainCpu;
  console.log(
    `\nPaced, the session costs the server ${(added("iron9") / added("native")).toFixed(1)}× less CPU with iron-session-native than with iron-session 9.0.1.`,
  );
  console.log(
    `Of the ${added("native").toFixed(1)} µs it adds: the Set-Cookie header ${added("header").toFixed(1)} µs, the core's unseal + seal and JSON ${(added("core") - added("header")).toFixed(1)} µs, the package's JS ${(added("native") - added("core")).toFixed(1)} µs.`,
  );
}

try {
  await Promise.all(MODES.map(startServer));
  for (const m of MODES) await check(m);
  if (LOADS.includes("paced")) await pacedRuns();
  if (!LOADS.includes("saturated")) process.exit(0);
  const results = new Map(MODES.map((m) => [m.mode, []]));
  process.stderr.write(
    `wrk -t1 -c${CONNECTIONS}, ${RUNS} runs of ${DURATION} s per server after a ${WARMUP} s warm-up${PIN ? ", pinned" : ""}\n`,
  );
  for (const m of MODES) wrk(m.port, WARMUP);
  for (let run = 0; run < RUNS; run++) {
    for (let i = 0; i < MODES.length; i++) {
      const m = MODES[(i + run) % MODES.length];
      const before = await stats(m.port);
      const r = wrk(m.port, DURATION);
      const after = await stats(m.port);
      // The server's own CPU time per request: what it costs, whatever else runs on the machine.
      r.cpu = (after.cpuMicros - before.cpuMicros) / (after.served - before.served);
      results.get(m.mode).push(r);
      process.stderr.write(
        `  run ${run + 1} ${m.label.padEnd(20)} ${Math.round(r.rps).toLocaleString("en-US")} req/s, p50 ${r.p50}, server CPU ${r.cpu.toFixed(1)} µs/request\n`,
      );
    }
  }
  const plain = median(results.get("plain").map((r) => r.rps));
  const plainCpu = median(results.get("plain").map((r) => r.cpu));
  console.log(
    `\nrequests/s, median of ${RUNS} runs (wrk -t1 -c${CONNECTIONS} -d${DURATION}s, loopback), Node ${process.version}\n`,
  );
  console.log("| server | req/s | ÷ no session | server CPU per request | runs (req/s) |");
  console.log("|---|---:|---:|---:|---|");
  for (const m of MODES) {
    const rs = results.get(m.mode).map((r) => r.rps);
    const med = median(rs);
    const cpu = median(results.get(m.mode).map((r) => r.cpu));
    const extra = m.mode === "plain" ? "" : ` (+${(cpu - plainCpu).toFixed(1)})`;
    console.log(
      `| ${m.label} | ${Math.round(med).toLocaleString("en-US")} | ${((100 * med) / plain).toFixed(0)}% | ${cpu.toFixed(1)} µs${extra} | ${rs.map((x) => Math.round(x).toLocaleString("en-US")).join(" / ")} |`,
    );
  }
  const native = median(results.get("native").map((r) => r.rps));
  const iron9 = median(results.get("iron9").map((r) => r.rps));
  console.log(`\niron-session-native serves ${(native / iron9).toFixed(1)}× the requests/s of iron-session 9.0.1.`);
} finally {
  stopAll();
}
