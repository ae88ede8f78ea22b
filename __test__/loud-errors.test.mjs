// Cookies that would be lost without a sound fail or warn instead, through the public API.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as api from "iron-session-native";
import { cookieStore, sealCookie } from "iron-session-native/testing";
import { repoRoot } from "../scripts/pack.mjs";
import { insecureCookieWarning, requestTransport } from "../lib/warnings.cjs";

const options = { cookieName: "s", password: "a-password-that-is-at-least-32-characters" };

describe("a session too big for one cookie", () => {
  // iron-session 9.0.1's own message (the differential suite holds it to the byte) already
  // gives the size of the refused Set-Cookie header and names the fix.
  test("says how big it is and names chunk: true; with chunk: true the same session saves", async () => {
    const response = new Response(null);
    const session = await api.getIronSession(new Request("https://x.test/"), response, options);
    session.blob = "x".repeat(5000);
    const error = await session.save().catch((caught) => caught);
    const size = Number(/Cookie length is too big \((\d+) bytes\)/.exec(error.message)?.[1]);
    expect(size).toBeGreaterThan(4096);
    expect(error.message).toContain("set `chunk: true`");
    expect(response.headers.getSetCookie()).toEqual([]);
    const chunked = new Response(null);
    const fits = await api.getIronSession(new Request("https://x.test/"), chunked, { ...options, chunk: true });
    fits.blob = session.blob;
    await fits.save();
    // The chunks add up to the seal whose single cookie was refused.
    const sealBytes = chunked.headers
      .getSetCookie()
      .reduce((sum, header) => sum + header.split(";")[0].split("=")[1].length, 0);
    expect(size - sealBytes).toBeLessThan(200);
  });
});

describe("save() when the cookie can no longer reach the browser", () => {
  test("nextProxyCookies: a response whose body was read refuses to save, naming the fix", async () => {
    const request = { cookies: cookieStore() };
    const response = new Response("body");
    response.cookies = cookieStore();
    await response.text();
    const session = await api.getIronSession(api.nextProxyCookies(request, response), options);
    session.a = 1;
    await expect(session.save()).rejects.toThrow(/Call session.save\(\) before returning or streaming the response/);
    expect(response.cookies.changes).toEqual([]);
  });

  test("a cookie store that refuses writes (Next's cookies() in a Server Component) gets a message naming where to save", async () => {
    // Next's own read-only store throws this message from set().
    const store = cookieStore(await sealCookie({ a: 1 }, options), { readOnly: true });
    const session = await api.getIronSession(store, options);
    session.a = 2;
    await expect(session.save()).rejects.toThrow(
      /cookies\(\) can only be changed in a Server Action or a Route Handler, not while a Server Component renders: call session.save\(\) or session.destroy\(\) there. The store said: Cookies can only be modified/,
    );
    expect(() => session.destroy()).toThrow(/The store said: Cookies can only be modified/);
  });

  test("any other error of a cookie store passes through unchanged", async () => {
    const refusal = new TypeError("option domain is invalid");
    const store = {
      get: () => undefined,
      set: () => {
        throw refusal;
      },
    };
    const session = await api.getIronSession(store, options);
    session.a = 1;
    await expect(session.save()).rejects.toBe(refusal);
  });

  test("an immutable Response (Response.redirect) names the fix, keeping undici's error as the cause", async () => {
    const session = await api.getIronSession(
      new Request("https://x.test/"),
      Response.redirect("https://x.test/"),
      options,
    );
    session.a = 1;
    const error = await session.save().catch((caught) => caught);
    expect(error.message).toMatch(
      /headers are immutable .* new Response\(null, \{ status: 302, headers: \{ location \} \}\)/,
    );
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe("a Secure cookie over plain http in development", () => {
  const secure = { secure: true };
  test.each([
    ["http to a LAN address", { https: false, host: "192.168.1.20" }, secure, "development", true],
    ["http to a named host", { https: false, host: "myapp.test" }, secure, undefined, true],
    ["https", { https: true, host: "myapp.test" }, secure, "development", false],
    ["localhost", { https: false, host: "localhost" }, secure, "development", false],
    ["127.0.0.1", { https: false, host: "127.0.0.1" }, secure, "development", false],
    ["::1", { https: false, host: "::1" }, secure, "development", false],
    ["production", { https: false, host: "192.168.1.20" }, secure, "production", false],
    ["secure: false", { https: false, host: "192.168.1.20" }, { secure: false }, "development", false],
    ["unknown transport", null, secure, "development", false],
  ])("%s", (_, transport, cookieOptions, nodeEnv, warns) => {
    const message = insecureCookieWarning(transport, cookieOptions, nodeEnv);
    if (warns)
      expect(message).toMatch(
        /browser will drop the cookie.*cookieOptions: \{ secure: process.env.NODE_ENV === "production" \}/,
      );
    else expect(message).toBeNull();
  });

  test("the transport of Node and Web requests", () => {
    const node = (headers, encrypted = false) => ({ headers, socket: { encrypted } });
    expect(requestTransport(node({ host: "192.168.1.20:3000" }))).toEqual({ https: false, host: "192.168.1.20" });
    expect(requestTransport(node({ host: "[::1]:3000" }))).toEqual({ https: false, host: "::1" });
    expect(requestTransport(node({ host: "app.test" }, true))).toEqual({ https: true, host: "app.test" });
    expect(requestTransport(node({ host: "app.test", "x-forwarded-proto": "https" }))).toEqual({
      https: true,
      host: "app.test",
    });
    expect(requestTransport(new Request("http://[::1]:3000/x"))).toEqual({ https: false, host: "::1" });
    expect(requestTransport(new Request("http://LAN.test:3000/"))).toEqual({ https: false, host: "lan.test" });
    expect(requestTransport(new Request("https://app.test/"))).toEqual({ https: true, host: "app.test" });
    expect(requestTransport(new Request("http://app.test/", { headers: { "x-forwarded-proto": "https" } }))).toEqual({
      https: true,
      host: "app.test",
    });
    // A Request-like object whose url is not absolute http(s): the transport cannot be told.
    expect(requestTransport({ headers: new Headers(), url: "/api?next=http://app.test/" })).toBeNull();
    expect(requestTransport({ headers: new Headers(), url: "ws://app.test/" })).toBeNull();
  });

  // A real server in a child process (one warning per process), hit with several Host headers.
  const SCRIPT = `
const http = require("node:http");
const { getIronSession } = require(${JSON.stringify(join(repoRoot, "index.cjs"))});
const options = { cookieName: "s", password: "a-password-that-is-at-least-32-characters", cookieOptions: JSON.parse(process.env.COOKIE_OPTIONS) };
const server = http.createServer(async (req, res) => {
  const session = await getIronSession(req, res, options);
  session.n = 1;
  await session.save();
  res.end();
});
server.listen(0, "127.0.0.1", async () => {
  const { port } = server.address();
  for (const headers of JSON.parse(process.env.REQUESTS)) {
    await new Promise((resolve) => http.get({ host: "127.0.0.1", port, headers }, (res) => res.resume().on("end", resolve)));
  }
  const web = await getIronSession(new Request(process.env.WEB_URL || "http://localhost/"), new Response(null), options);
  web.n = 1;
  await web.save();
  server.close();
});
`;
  const WARNING = "IRON_SESSION_INSECURE_COOKIE";
  function serve({ requests, cookieOptions = {}, nodeEnv = "development", webUrl = "" }) {
    const result = spawnSync(process.execPath, ["-e", SCRIPT], {
      env: {
        ...process.env,
        NODE_ENV: nodeEnv,
        REQUESTS: JSON.stringify(requests),
        COOKIE_OPTIONS: JSON.stringify(cookieOptions),
        WEB_URL: webUrl,
      },
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    return { warnings: result.stderr.split(WARNING).length - 1, stderr: result.stderr };
  }

  test("a save answering http from a LAN host warns once per process, naming cookieOptions.secure", () => {
    const { warnings, stderr } = serve({
      requests: [{ host: "localhost:3000" }, { host: "192.168.1.20:3000" }, { host: "192.168.1.20:3000" }],
    });
    expect(warnings).toBe(1);
    expect(stderr).toContain("over plain http to 192.168.1.20");
    expect(stderr).toContain('cookieOptions: { secure: process.env.NODE_ENV === "production" }');
  }, 30_000);

  test("a Web Request over http warns too", () => {
    expect(serve({ requests: [], webUrl: "http://10.0.0.5:3000/api" }).warnings).toBe(1);
  }, 30_000);

  test.each([
    ["behind an https proxy", { requests: [{ host: "app.test", "x-forwarded-proto": "https" }] }],
    ["in production", { requests: [{ host: "192.168.1.20:3000" }], nodeEnv: "production" }],
    ["on loopback", { requests: [{ host: "127.0.0.1:3000" }, { host: "[::1]:3000" }, { host: "localhost" }] }],
    ["without Secure", { requests: [{ host: "192.168.1.20:3000" }], cookieOptions: { secure: false } }],
  ])(
    "no warning %s",
    (_, setup) => {
      expect(serve(setup).warnings).toBe(0);
    },
    30_000,
  );
});
