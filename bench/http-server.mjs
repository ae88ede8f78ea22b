// One Node http server for `npm run bench:http`, on 127.0.0.1 only.
//
//   MODE=plain|header|core|iron9|native PORT=3210 node bench/http-server.mjs
//
// Every mode answers GET / with a JSON body. `iron9` and `native` read the
// session from the Cookie header, increment a counter, save() (a Set-Cookie
// header) and send the counter; `plain` does the same work without a session.
// Two floors sit between them: `header` is `plain` plus reading the Cookie
// header and sending a Set-Cookie header of a seal's size (what any cookie
// session pays Node's http), and `core` is `header` plus the two native calls
// and JSON that a session cannot do without (the cookie unsealed, the counter
// incremented, sealed again). Prints "listening <port>" once it accepts
// connections. GET /__stats answers the process's CPU time (µs) and the number
// of requests served so far.
import http from "node:http";
import { createRequire } from "node:module";
import { PASSWORD, SMALL } from "./inputs.mjs";

const require = createRequire(import.meta.url);
const MODE = process.env.MODE ?? "plain";
const PORT = Number(process.env.PORT ?? 3210);

const COOKIE_NAME = "sess";
const sessionOptions = { cookieName: COOKIE_NAME, password: PASSWORD };

const getIronSession = {
  plain: null,
  header: null,
  core: null,
  iron9: (await import("iron-session")).getIronSession,
  native: require("../index.cjs").getIronSession,
}[MODE];
if (getIronSession === undefined) throw new Error(`unknown MODE ${MODE}`);
if (MODE === "native" && require("../lib/backend.cjs").loadBackend().name !== "native") {
  throw new Error("the native addon did not load: run `npm run build` first");
}

const core = MODE === "core" ? require("../lib/backend.cjs").loadBackend() : null;
const TTL_MS = 14 * 24 * 3600 * 1000;
const ATTRIBUTES = "; Max-Age=1209540; Path=/; HttpOnly; Secure; SameSite=Lax";
// The `header` floor sends one seal, made once, of the size the sessions send.
const FIXED_SET_COOKIE = `${COOKIE_NAME}=${require("../index.cjs").sealDataSync({ ...SMALL, counter: 1 }, { password: PASSWORD })}${ATTRIBUTES}`;

/** The session cookie's value, found the cheapest way (the floors' benchmark always sends one). */
function sessionCookie(header = "") {
  const start = header.indexOf(`${COOKIE_NAME}=`);
  if (start === -1) return "";
  const end = header.indexOf(";", start);
  return header.slice(start + COOKIE_NAME.length + 1, end === -1 ? header.length : end);
}

/** The `core` floor: open the seal, change it, seal it again, with nothing of the package's JS. */
function coreSession(cookie) {
  const body = cookie.slice(0, cookie.indexOf("~"));
  const data = JSON.parse(core.unseal(body, PASSWORD, Date.now()));
  data.counter = (data.counter ?? 0) + 1;
  const seal = core.seal(JSON.stringify(data), "1", PASSWORD, String(Date.now() + TTL_MS));
  return { counter: data.counter, setCookie: `${COOKIE_NAME}=${seal}~2${ATTRIBUTES}` };
}

let plainCounter = 0;
let served = 0;

async function handle(req, res) {
  let counter;
  if (MODE === "header" || MODE === "core") {
    const cookie = sessionCookie(req.headers.cookie);
    let setCookie = FIXED_SET_COOKIE;
    if (core) ({ counter, setCookie } = coreSession(cookie));
    else counter = cookie.length > 0 ? 1 : 0;
    res.setHeader("set-cookie", [setCookie]);
  } else if (getIronSession) {
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
