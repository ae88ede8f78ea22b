// iron-session-native/edge against iron-session 6.3.1/edge: getIronSession on Web Request/Response,
// and 6.x's sealData/unsealData (15-day default, throwing on malformed seals where 6.3.1 throws).
// Then the same subpath resolved with the Edge export conditions, where it runs on WebCrypto.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { ours, v6 } from "../helpers/iron-session-6.mjs";
import { NOW, PASSWORD, PASSWORD_2, cookieShapes } from "./harness.mjs";

const OPTIONS = { cookieName: "edge", password: PASSWORD };
const impls = { ours: ours.edge, v6: v6.edge };

beforeEach(() => {
  vi.spyOn(Date, "now").mockReturnValue(NOW);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** What each implementation gives for fn(edge), as { value } or { error }. */
async function both(fn) {
  const out = {};
  for (const [name, edge] of Object.entries(impls)) {
    try {
      out[name] = { value: await fn(edge) };
    } catch (error) {
      out[name] = { error: error.message };
    }
  }
  expect(out.ours).toEqual(out.v6);
  return out.ours;
}

describe("iron-session-native/edge next to 6.3.1", () => {
  test("getIronSession on Request/Response: save, read, destroy", async () => {
    const saved = await both(async (edge) => {
      const response = new Response("ok");
      const session = await edge.getIronSession(new Request("https://example.test/"), response, OPTIONS);
      session.user = { id: 5 };
      await session.save();
      return cookieShapes(response.headers.getSetCookie());
    });
    expect(saved.value).toEqual([
      `edge=Fe26.2*1*<salt>*<iv>*<data>*${NOW + 15 * 24 * 3600 * 1000}*<salt>*<mac>~2; Max-Age=1295940; Path=/; HttpOnly; Secure; SameSite=Lax`,
    ]);

    for (const [writer, reader] of [
      [impls.ours, impls.v6],
      [impls.v6, impls.ours],
    ]) {
      const response = new Response("ok");
      const session = await writer.getIronSession(new Request("https://example.test/"), response, OPTIONS);
      session.user = { id: 6 };
      await session.save();
      const cookie = response.headers.getSetCookie()[0].split(";")[0];
      const out = new Response("ok");
      const read = await reader.getIronSession(
        new Request("https://example.test/", { headers: { cookie } }),
        out,
        OPTIONS,
      );
      expect({ ...read }).toEqual({ user: { id: 6 } });
      read.destroy();
      expect({ ...read }).toEqual({});
      expect(out.headers.getSetCookie()).toEqual(["edge=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax"]);
    }
  });

  test("sealData: ttl 15 days by default, ttl 0 never expires, rotation seals with the highest id", async () => {
    for (const [options, id, expiry] of [
      [{ password: PASSWORD }, "1", String(NOW + 15 * 24 * 3600 * 1000)],
      [{ password: PASSWORD, ttl: 0 }, "1", ""],
      [{ password: { 1: PASSWORD, 2: PASSWORD_2 }, ttl: 60 }, "2", String(NOW + 60_000)],
    ]) {
      const seals = await both(async (edge) => {
        const seal = await edge.sealData({ a: 1 }, options);
        return seal.split("*").filter((_, index) => index === 1 || index === 5);
      });
      expect(seals.value).toEqual([id, expiry]);
    }
  });

  const component = (seal, index, value) =>
    seal
      .split("*")
      .map((part, i) => (i === index ? value : part))
      .join("*");

  test.each([
    ["a malformed expiry", (seal) => component(seal, 5, "12a"), "Invalid expiration"],
    ["a wrong mac prefix", (seal) => component(seal, 0, "Fe26.1"), "Wrong mac prefix"],
    [
      "a password too short to unseal",
      (seal) => seal,
      "Password string too short (min 32 characters required)",
      "short",
    ],
  ])("unsealData throws for %s, as 6.3.1", async (_, change, message, password = PASSWORD) => {
    const seal = change(await v6.edge.sealData({ a: 1 }, { password: PASSWORD }));
    expect(await both((edge) => edge.unsealData(seal, { password }))).toEqual({ error: message });
  });

  test.each([
    [
      "an expired seal",
      async () => v6.edge.sealData({ a: 1 }, { password: PASSWORD, ttl: 1 }),
      () => Date.now.mockReturnValue(NOW + 120_000),
    ],
    ["another password", async () => v6.edge.sealData({ a: 1 }, { password: PASSWORD_2 })],
    ["an unknown password id", async () => v6.edge.sealData({ a: 1 }, { password: { 7: PASSWORD } })],
    ["too few components", async () => "Fe26.2*1*abc~2"],
    ["an empty string", async () => ""],
  ])("unsealData gives {} for %s, as 6.3.1", async (_, makeSeal, later) => {
    const seal = await makeSeal();
    later?.();
    expect(await both((edge) => edge.unsealData(seal, { password: PASSWORD }))).toEqual({ value: {} });
  });

  test("bad usage: 6.x's message", async () => {
    const result = await both((edge) =>
      edge.getIronSession(new Request("https://example.test/"), new Response(), { password: PASSWORD }),
    );
    expect(result.error).toMatch(/^iron-session: Bad usage. Minimum usage/);
  });
});

describe("iron-session-native/edge with Edge export conditions", () => {
  const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
  const probe = `
    import { getIronSession, sealData, unsealData } from "iron-session-native/edge";
    const seal = await sealData({ runtime: "edge" }, { password: ${JSON.stringify(PASSWORD)} });
    const response = new Response("ok");
    const session = await getIronSession(new Request("https://x.test/", { headers: { cookie: "edge=" + seal } }), response, { cookieName: "edge", password: ${JSON.stringify(PASSWORD)} });
    session.n = 1;
    await session.save();
    let thrown = null;
    try { await unsealData(seal.replace(/^Fe26\\.2/, "Fe26.1"), { password: ${JSON.stringify(PASSWORD)} }); } catch (e) { thrown = e.message; }
    console.log(JSON.stringify({ resolved: import.meta.resolve("iron-session-native/edge"), seal, session: { ...session }, setCookie: response.headers.getSetCookie(), thrown }));
  `;

  test.each(["edge-light", "workerd", "worker", "browser"])(
    "condition %s resolves the WebCrypto build, which seals as 6.3.1",
    async (condition) => {
      const out = JSON.parse(
        execFileSync(process.execPath, [`--conditions=${condition}`, "--input-type=module", "-e", probe], {
          cwd: repoRoot,
          encoding: "utf8",
        }),
      );
      expect(out.resolved).toMatch(/\/lib\/v6\/edge\.mjs$/);
      expect(out.session).toEqual({ runtime: "edge", n: 1 });
      expect(out.setCookie[0]).toMatch(/; Max-Age=1295940; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      expect(out.thrown).toBe("Wrong mac prefix");
      expect(await v6.edge.unsealData(out.seal, { password: PASSWORD })).toEqual({ runtime: "edge" });
    },
  );

  test("in Node, import and require of each subpath give one instance; /edge is the native build", async () => {
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { createRequire } from "node:module";
         const require = createRequire(import.meta.url);
         const out = {};
         for (const name of ["next", "express", "koa", "edge"]) {
           const esm = await import("iron-session-native/" + name);
           const cjs = require("iron-session-native/" + name);
           const names = Object.keys(esm).sort();
           out[name] = { names, same: names.every((key) => esm[key] === cjs[key]), resolved: import.meta.resolve("iron-session-native/" + name).replace(/^.*\\/lib\\//, "lib/") };
         }
         console.log(JSON.stringify(out));`,
      ],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual({
      next: { names: ["withIronSessionApiRoute", "withIronSessionSsr"], same: true, resolved: "lib/v6/next.mjs" },
      express: { names: ["ironSession"], same: true, resolved: "lib/v6/express.mjs" },
      koa: { names: ["ironSession"], same: true, resolved: "lib/v6/koa.mjs" },
      edge: { names: ["getIronSession", "sealData", "unsealData"], same: true, resolved: "lib/v6/edge-node.mjs" },
    });
  });
});
