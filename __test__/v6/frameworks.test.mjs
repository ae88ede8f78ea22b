// Express 5 and Koa servers written the 6.x way (`ironSession(options)` from iron-session/express
// and iron-session/koa), each listening on 127.0.0.1 and driven over HTTP: login, read, logout,
// a cookie sealed by the real iron-session 6.3.1, and the same answers as 6.3.1's middleware.
import Router from "@koa/router";
import express from "express";
import Koa from "koa";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { implementations, ours, v6 } from "../helpers/iron-session-6.mjs";
import { NOW, PASSWORD, get } from "./harness.mjs";

beforeEach(() => {
  vi.spyOn(Date, "now").mockReturnValue(NOW);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const OPTIONS = { cookieName: "app", password: PASSWORD, cookieOptions: { secure: false } };

function listen(server) {
  return new Promise((resolve) => {
    const http = server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${http.address().port}`, close: () => new Promise((r) => http.close(r)) }),
    );
  });
}

function expressApp(impl) {
  const app = express();
  app.use(impl.express.ironSession(OPTIONS));
  app.get("/login", async (req, res) => {
    req.session.user = { name: req.query.name };
    await req.session.save();
    res.json({ session: req.session, enumerable: Object.keys(req).includes("session") });
  });
  app.get("/me", (req, res) => res.json({ session: req.session }));
  app.get("/admin", async (req, res) => {
    req.session = { ...req.session, admin: true };
    await req.session.save();
    res.json({ session: req.session });
  });
  app.get("/logout", (req, res) => {
    req.session.destroy();
    res.json({ session: req.session });
  });
  return app;
}

function koaApp(impl) {
  const app = new Koa();
  const router = new Router();
  app.use(impl.koa.ironSession(OPTIONS));
  router.get("/login", async (ctx) => {
    ctx.session.user = { name: ctx.query.name };
    await ctx.session.save();
    ctx.body = { session: ctx.session, enumerable: Object.keys(ctx).includes("session") };
  });
  router.get("/me", (ctx) => {
    ctx.body = { session: ctx.session };
  });
  router.get("/admin", async (ctx) => {
    ctx.session = { ...ctx.session, admin: true };
    await ctx.session.save();
    ctx.body = { session: ctx.session };
  });
  router.get("/logout", (ctx) => {
    ctx.session.destroy();
    ctx.body = { session: ctx.session };
  });
  app.use(router.routes());
  return app;
}

/** login, read, rewrite, logout: each step's status, body and Set-Cookie shapes. */
async function flow(base) {
  const steps = {};
  steps.anonymous = await get(base, "/me");
  steps.login = await get(base, "/login?name=ada");
  const cookie = `app=${steps.login.seals.app}`;
  steps.me = await get(base, "/me", { cookie });
  steps.admin = await get(base, "/admin", { cookie });
  steps.meAfterAdmin = await get(base, "/me", { cookie: `app=${steps.admin.seals.app}` });
  steps.logout = await get(base, "/logout", { cookie });
  return steps;
}

const withoutSeals = (steps) =>
  JSON.parse(JSON.stringify(steps, (key, value) => (key === "seals" ? undefined : value)));

describe.each([
  ["Express 5", expressApp],
  ["Koa", koaApp],
])("%s with the 6.x middleware", (_, makeApp) => {
  async function run(impl, scenario) {
    const server = await listen(makeApp(impl));
    try {
      return await scenario(server.url);
    } finally {
      await server.close();
    }
  }

  test("login, read, rewrite and logout, as with iron-session 6.3.1", async () => {
    const results = {};
    for (const [name, impl] of Object.entries(implementations)) results[name] = await run(impl, flow);
    const steps = results["iron-session-native"];
    expect(withoutSeals(steps)).toEqual(withoutSeals(results["iron-session 6.3.1"]));

    expect(steps.anonymous.body).toEqual({ session: {} });
    expect(steps.login.body).toEqual({ session: { user: { name: "ada" } }, enumerable: true });
    expect(steps.login.cookies).toHaveLength(1);
    expect(steps.login.cookies[0]).toMatch(/^app=Fe26\.2\*1\*.*~2; Max-Age=1295940; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(steps.me.body).toEqual({ session: { user: { name: "ada" } } });
    expect(steps.meAfterAdmin.body).toEqual({ session: { user: { name: "ada" }, admin: true } });
    expect(steps.logout.body).toEqual({ session: {} });
    expect(steps.logout.cookies).toEqual(["app=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"]);
  });

  test("a cookie sealed by iron-session 6.3.1 is read; a cookie sealed here is read by 6.3.1", async () => {
    const theirSeal = await v6.root.sealData({ user: { name: "from-6" } }, { password: PASSWORD });
    const read = await run(ours, (base) => get(base, "/me", { cookie: `app=${theirSeal}` }));
    expect(read.body).toEqual({ session: { user: { name: "from-6" } } });

    const ourLogin = await run(ours, (base) => get(base, "/login?name=native"));
    const readBy6 = await run(v6, (base) => get(base, "/me", { cookie: `app=${ourLogin.seals.app}` }));
    expect(readBy6.body).toEqual({ session: { user: { name: "native" } } });
  });

  test("a tampered cookie is an empty session, not an error", async () => {
    const seal = await v6.root.sealData({ user: { name: "x" } }, { password: PASSWORD });
    const tampered = seal.replace(/\*([^*]+)~2$/, (_, mac) => `*${mac.slice(0, -2)}AA~2`);
    const read = await run(ours, (base) => get(base, "/me", { cookie: `app=${tampered}` }));
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ session: {} });
  });
});
