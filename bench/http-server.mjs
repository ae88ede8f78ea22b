// One Node http server for `npm run bench:http`, on 127.0.0.1 only.
//
//   MODE=plain|iron9|native PORT=3210 node bench/http-server.mjs
//
// Every mode answers GET / with a JSON body. `iron9` and `native` read the
// session from the Cookie header, increment a counter, save() (a Set-Cookie
// header) and send the counter; `plain` does the same work without a session.
// Prints "listening <port>" once it accepts connections. GET /__stats answers
// the process's CPU time (µs) and the number of requests served so far.
import http from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const MODE = process.env.MODE ?? "plain";
const PORT = Number(process.env.PORT ?? 3210);

const PASSWORD = "complex_password_at_least_32_characters_long";
const COOKIE_NAME = "sess";
const sessionOptions = { cookieName: COOKIE_NAME, password: PASSWORD };

const getIronSession = {
  plain: null,
  iron9: (await import("iron-session")).getIronSession,
  native: require("../index.cjs").getIronSession,
}[MODE];
if (getIronSession === undefined) throw new Error(`unknown MODE ${MODE}`);
if (MODE === "native" && require("../lib/backend.cjs").loadBackend().name !== "native") {
  throw new Error("the native addon did not load: run `npm run build` first");
}

let plainCounter = 0;
let served = 0;

async function handle(req, res) {
  let counter;
  if (getIronSession) {
    const session = await getIronSession(req, res, sessionOptions);
    session.counter = (session.counter ?? 0) + 1;
    await session.save();
    counter = session.counter;
  } else {
    counter = (plainCounter % 1000) + 1;
    plainCounter++;
  }
  const body = JSON.stringify({ counter });
  res.setHeader("content-type", "application/json");
  res.setHeader("content-length", Buffer.byteLength(body));
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.url === "/__stats") {
    const { user, system } = process.cpuUsage();
    res.end(JSON.stringify({ cpuMicros: user + system, served }));
    return;
  }
  served++;
  handle(req, res).catch((error) => {
    res.statusCode = 500;
    res.end(String(error));
  });
});
server.listen(PORT, "127.0.0.1", () => console.log(`listening ${PORT}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
