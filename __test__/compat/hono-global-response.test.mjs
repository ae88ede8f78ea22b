// A known trap, kept as a parity check: @hono/node-server by default replaces the global Response
// with a lazy one whose `headers` becomes a fresh copy once the body is looked at, so a Set-Cookie
// appended to c.res is dropped. iron-session 9.0.1 loses the cookie there exactly as this package
// does; `serve({ ..., overrideGlobalObjects: false })` avoids it (the servers tests run that way).
// Its own file: the replacement is process-wide.
import { afterAll, describe, expect, test } from "vitest";
import * as ironSession from "iron-session";
import * as native from "../../index.mjs";
import { startHono } from "../helpers/servers.mjs";

const servers = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

describe("@hono/node-server with its default global Response", () => {
  test.each([
    ["iron-session 9.0.1", ironSession],
    ["iron-session-native", native],
  ])("%s: getIronSession(c.req.raw, c.res) saves, and the response carries no Set-Cookie", async (_, api) => {
    const server = await startHono(api, { overrideGlobalObjects: true });
    servers.push(server);
    const response = await fetch(`${server.url}/login?name=ada`);
    expect(await response.json()).toEqual({ loggedIn: true, session: { user: { name: "ada" } } });
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
