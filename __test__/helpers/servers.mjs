// The same session app (login, read, logout) on Express 5, Fastify 5 and Hono, each a real
// server on loopback, and the tests every one of them must pass over HTTP.
import { afterAll, beforeAll, expect, test } from "vitest";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import * as ironSession from "iron-session";
import { CookieClient, SESSION_OPTIONS } from "./http.mjs";

const { cookieName, password } = SESSION_OPTIONS;

/** The JSON every route answers: whether someone is logged in, and the session's data. */
const view = (session) => ({ loggedIn: Boolean(session.user), session: { ...session } });

async function act(session, route, query) {
  if (route === "login") {
    session.user = { name: query.name };
    await session.save();
  } else if (route === "logout") {
    session.destroy();
  }
  return view(session);
}

const ROUTES = ["login", "me", "logout"];

/** Express 5: getIronSession(req, res). */
export async function startExpress(api) {
  const app = express();
  for (const route of ROUTES) {
    app.get(`/${route}`, async (req, res) =>
      res.json(await act(await api.getIronSession(req, res, SESSION_OPTIONS), route, req.query)),
    );
  }
  return listenNode(app.listen.bind(app));
}

/** Fastify 5: getIronSession on the raw Node request and response under Fastify's. */
export async function startFastify(api) {
  const app = Fastify();
  for (const route of ROUTES) {
    app.get(`/${route}`, async (request, reply) =>
      act(await api.getIronSession(request.raw, reply.raw, SESSION_OPTIONS), route, request.query),
    );
  }
  await app.listen({ host: "127.0.0.1", port: 0 });
  return { url: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close() };
}

/**
 * A Hono app, Web-standard: getIronSession(c.req.raw, c.res), whose Set-Cookie Hono carries over
 * into the response the handler returns. Served on Node by @hono/node-server with the global
 * Response left alone: its default replacement (a lazy Response) hands out a new Headers object
 * once the body is looked at, which drops the cookie with iron-session 9.0.1 too (see
 * HONO_OVERRIDE below).
 */
export async function startHono(api, { overrideGlobalObjects = false } = {}) {
  const app = new Hono();
  for (const route of ROUTES) {
    app.get(`/${route}`, async (c) =>
      c.json(await act(await api.getIronSession(c.req.raw, c.res, SESSION_OPTIONS), route, c.req.query())),
    );
  }
  let server;
  const port = await new Promise((resolve) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0, overrideGlobalObjects }, (info) =>
      resolve(info.port),
    );
  });
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)), app };
}

function listenNode(listen) {
  return new Promise((resolve, reject) => {
    const server = listen(0, "127.0.0.1", (error) => {
      if (error) return reject(error);
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** The tests for one server: `start(api)` with the package's `api` (its Node or its WebCrypto entry). */
export function serverSuite(start, api) {
  let server;
  beforeAll(async () => {
    server = await start(api);
  });
  afterAll(() => server?.close());

  test("login, read and logout over HTTP", async () => {
    const client = new CookieClient();
    expect((await client.get(`${server.url}/me`)).body).toEqual({ loggedIn: false, session: {} });
    expect((await client.get(`${server.url}/login?name=Zoë`)).body).toEqual({
      loggedIn: true,
      session: { user: { name: "Zoë" } },
    });
    expect(client.cookies.get(cookieName)).toMatch(/^Fe26\.2\*2\*/);
    expect((await client.get(`${server.url}/me`)).body).toEqual({ loggedIn: true, session: { user: { name: "Zoë" } } });
    expect((await client.get(`${server.url}/logout`)).body).toEqual({ loggedIn: false, session: {} });
    expect(client.cookies.has(cookieName)).toBe(false);
    expect((await client.get(`${server.url}/me`)).body).toEqual({ loggedIn: false, session: {} });
  });

  test("its cookie opens in iron-session 9.0.1, and iron-session's cookie logs in there", async () => {
    const client = new CookieClient();
    await client.get(`${server.url}/login?name=ada`);
    expect(await ironSession.unsealData(client.cookies.get(cookieName), { password })).toEqual({
      user: { name: "ada" },
    });
    const seal = await ironSession.sealData({ user: { name: "grace" } }, { password });
    expect((await new CookieClient().get(`${server.url}/me`, `${cookieName}=${seal}`)).body).toEqual({
      loggedIn: true,
      session: { user: { name: "grace" } },
    });
  });

  test("the Set-Cookie header is iron-session's: HttpOnly, SameSite=Lax, Path=/", async () => {
    const response = await fetch(`${server.url}/login?name=ada`);
    const [header] = response.headers.getSetCookie();
    expect(header).toMatch(
      new RegExp(`^${cookieName}=Fe26\\.2\\*2\\*[^;]+; Max-Age=1209540; Path=/; HttpOnly; SameSite=Lax$`),
    );
  });

  test("a garbage cookie reads as an empty session, not an error", async () => {
    const read = await new CookieClient().get(`${server.url}/me`, `${cookieName}=Fe26.2*2*garbage`);
    expect(read).toEqual({ status: 200, body: { loggedIn: false, session: {} } });
  });
}
