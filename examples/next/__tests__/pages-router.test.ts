// Pages Router: an API route served by a real Node http server, and getServerSideProps
// with real IncomingMessage / ServerResponse objects.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createServer, IncomingMessage, ServerResponse, type Server } from "node:http";
import { Socket } from "node:net";
import type { GetServerSidePropsContext, NextApiRequest, NextApiResponse } from "next";
import { readSession, sealCookie } from "iron-session-native/testing";
import { sessionOptions } from "@/lib/session-options";
import handler from "@/pages/api/pages-session";
import { getServerSideProps } from "@/pages/ssr";

let server: Server;
let url: string;

beforeAll(async () => {
  // What Next does before an API route runs: parse the JSON body, add res.status() and res.json().
  server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const apiReq = Object.assign(req, { body: body ? JSON.parse(body) : undefined, query: {}, cookies: {} });
    const apiRes = Object.assign(res, {
      status: (code: number) => {
        res.statusCode = code;
        return apiRes;
      },
      json: (data: unknown) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(data));
      },
    });
    await handler(apiReq as unknown as NextApiRequest, apiRes as unknown as NextApiResponse);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/api/pages-session`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** POST to the API route: the login a browser's form would send. */
const logIn = (username: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username }) });

/** The Cookie header a browser sends after this response. */
const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");

/** getServerSideProps for a request carrying `cookie`; also returns the response it wrote to. */
async function renderSsr(cookie?: string) {
  const req = new IncomingMessage(new Socket());
  req.headers = cookie ? { cookie } : {};
  const res = new ServerResponse(req);
  const result = await getServerSideProps({ req, res, query: {}, resolvedUrl: "/ssr" } as GetServerSidePropsContext);
  return { props: "props" in result ? await result.props : undefined, res };
}

describe("API route pages/api/pages-session", () => {
  test("POST logs in, GET reads, DELETE logs out", async () => {
    const loggedIn = await logIn("ada");
    expect(loggedIn.status).toBe(200);
    expect(await readSession(loggedIn, sessionOptions)).toEqual({ username: "ada", isLoggedIn: true, via: "pages" });
    const cookie = cookieOf(loggedIn);

    const read = await fetch(url, { headers: { cookie } });
    expect(await read.json()).toMatchObject({ isLoggedIn: true, username: "ada", via: "pages" });

    const loggedOut = await fetch(url, { method: "DELETE", headers: { cookie } });
    expect(await readSession(loggedOut, sessionOptions)).toEqual({});
  });

  test("GET with a session made by sealCookie", async () => {
    const cookie = await sealCookie({ username: "grace", isLoggedIn: true }, sessionOptions);
    expect(await (await fetch(url, { headers: { cookie } })).json()).toMatchObject({ username: "grace" });
  });
});

describe("getServerSideProps pages/ssr.tsx", () => {
  test("sees the user logged in by the API route, and nobody after logout", async () => {
    const loggedIn = await logIn("ada");
    const cookie = cookieOf(loggedIn);
    const { props, res } = await renderSsr(cookie);
    expect(props).toMatchObject({ isLoggedIn: true, username: "ada" });
    expect(await readSession(res, sessionOptions)).toBeUndefined(); // reading sets no cookie

    const loggedOut = await fetch(url, { method: "DELETE", headers: { cookie } });
    expect(await readSession(loggedOut, sessionOptions)).toEqual({});
    // The browser dropped the cookie, so the next page request carries none.
    expect((await renderSsr()).props).toMatchObject({ isLoggedIn: false, username: null });
  });

  test("a session from sealCookie; the same one 15 days later has expired", async () => {
    const cookie = await sealCookie({ username: "grace", isLoggedIn: true }, sessionOptions);
    expect((await renderSsr(cookie)).props).toMatchObject({ username: "grace" });
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 15 * 24 * 3600 * 1000); // the default ttl is 14 days
      expect((await renderSsr(cookie)).props).toMatchObject({ isLoggedIn: false });
    } finally {
      vi.useRealTimers();
    }
  });
});
