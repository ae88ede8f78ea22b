// A route handler that takes the request and answers with a Response it built:
// getIronSession(request, response, options). Here the cookie travels in the headers.
import { describe, expect, test } from "vitest";
import { readSession, sealCookie } from "iron-session-native/testing";
import { sessionOptions } from "@/lib/session-options";
import { DELETE, GET, POST } from "@/app/api/edge-session/route";

const url = "http://localhost/api/edge-session";

describe("route handler app/api/edge-session", () => {
  test("POST logs in, GET reads, DELETE logs out", async () => {
    const loggedIn = await POST(new Request(url, { method: "POST", body: JSON.stringify({ username: "ada" }) }));
    expect(await readSession(loggedIn, sessionOptions)).toEqual({ username: "ada", isLoggedIn: true, via: "edge" });
    const cookie = loggedIn.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");

    const read = await GET(new Request(url, { headers: { cookie } }));
    expect(await read.json()).toMatchObject({ isLoggedIn: true, username: "ada", via: "edge" });
    expect(await readSession(read, sessionOptions)).toBeUndefined(); // GET does not touch the cookie

    const loggedOut = await DELETE(new Request(url, { method: "DELETE", headers: { cookie } }));
    expect(await readSession(loggedOut, sessionOptions)).toEqual({});
  });

  test("a session from sealCookie is read; a forged cookie is an empty session", async () => {
    const cookie = await sealCookie({ username: "grace", isLoggedIn: true }, sessionOptions);
    expect(await (await GET(new Request(url, { headers: { cookie } }))).json()).toMatchObject({ username: "grace" });
    const forged = `${sessionOptions.cookieName}=Fe26.2*1*forged`;
    expect(await (await GET(new Request(url, { headers: { cookie: forged } }))).json()).toMatchObject({
      isLoggedIn: false,
    });
  });
});
