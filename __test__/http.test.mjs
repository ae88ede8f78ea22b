// Interop through real Node http servers: a user logged in by a server running
// iron-session stays logged in on one running iron-session-native, and back.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as iron9 from "iron-session";
import * as iron8 from "iron-session-8";
import { implementations } from "./helpers/implementations.mjs";
import { CookieClient, SESSION_OPTIONS, startSessionServer } from "./helpers/http.mjs";

const servers = {};

beforeAll(async () => {
  servers.iron9 = await startSessionServer(iron9);
  servers.iron8 = await startSessionServer(iron8);
  servers.native = await startSessionServer(implementations.native);
  servers.webcrypto = await startSessionServer(implementations.webcrypto);
});
afterAll(() => Promise.all(Object.values(servers).map((s) => s.close())));

const pairs = [
  ["iron9", "native"],
  ["native", "iron9"],
  ["iron8", "native"],
  ["native", "iron8"],
  ["iron9", "webcrypto"],
  ["webcrypto", "native"],
  ["native", "webcrypto"],
];

describe.each(pairs)("logged in by %s, served by %s", (first, second) => {
  test("the session carries over, refreshes, and logs out on either side", async () => {
    const client = new CookieClient();
    const login = await client.get(`${servers[first].url}/login?name=Zoë`);
    expect(login.body).toEqual({ loggedIn: true, session: { user: { name: "Zoë" } } });
    expect(client.cookies.get("app_session")).toMatch(/^Fe26\.2\*2\*/);

    expect((await client.get(`${servers[second].url}/me`)).body.session).toEqual({ user: { name: "Zoë" } });
    expect((await client.get(`${servers[second].url}/visit`)).body.session).toEqual({
      user: { name: "Zoë" },
      visits: 1,
    });
    expect((await client.get(`${servers[first].url}/visit`)).body.session).toEqual({
      user: { name: "Zoë" },
      visits: 2,
    });

    expect((await client.get(`${servers[second].url}/logout`)).body).toEqual({ loggedIn: false, session: {} });
    expect(client.cookies.has("app_session")).toBe(false);
    expect((await client.get(`${servers[first].url}/me`)).body.loggedIn).toBe(false);
  });
});

test("a cookie sealed with the older password still opens after rotation", async () => {
  const oldSeal = await iron9.sealData({ user: { name: "Old" } }, { password: SESSION_OPTIONS.password[1] });
  const client = new CookieClient();
  client.cookies.set("app_session", oldSeal);
  expect((await client.get(`${servers.native.url}/visit`)).body.session).toEqual({ user: { name: "Old" }, visits: 1 });
  expect(client.cookies.get("app_session")).toMatch(/^Fe26\.2\*2\*/); // re-sealed with the newest password
});

test("forged, tampered and foreign cookies get the logged-out view, never a 500", async () => {
  const good = await iron9.sealData({ user: { name: "Eve" } }, { password: SESSION_OPTIONS.password });
  const forged = [
    "garbage",
    good.replace(/\*[\w-]{43}~2$/, "*" + "A".repeat(43) + "~2"),
    good.slice(0, -10),
    good.replace("Fe26.2*2*", "Fe26.2*__proto__*"),
    good.replace("Fe26.2*2*", "Fe26.2*constructor*"),
    await iron9.sealData({ user: { name: "Eve" } }, { password: "someone-elses-password-of-32-chars!!" }),
    `"${good}"`,
    "%E0%A4%A",
    "x".repeat(8000),
  ];
  for (const value of forged) {
    const client = new CookieClient();
    client.cookies.set("app_session", value);
    const response = await client.get(`${servers.native.url}/me`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ loggedIn: false, session: {} });
  }
});
