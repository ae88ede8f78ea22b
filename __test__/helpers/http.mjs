// Real Node http servers on loopback that keep a session with a given implementation.
import http from "node:http";

export const SESSION_OPTIONS = {
  cookieName: "app_session",
  password: { 1: "first-password-at-least-32-characters", 2: "second-password-at-least-32-characters!" },
  cookieOptions: { secure: false },
};

/**
 * GET /login?name=…  saves { user }; GET /me reads it; GET /logout destroys it;
 * GET /visit counts visits. Every response is JSON of the session.
 */
export async function startSessionServer(api, options = SESSION_OPTIONS) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://localhost");
      const session = await api.getIronSession(req, res, options);
      if (url.pathname === "/login") {
        session.user = { name: url.searchParams.get("name") };
        await session.save();
      } else if (url.pathname === "/visit") {
        session.visits = (session.visits ?? 0) + 1;
        await session.save();
      } else if (url.pathname === "/logout") {
        session.destroy();
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ loggedIn: Boolean(session.user), session }));
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error?.stack ?? error));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A cookie jar for fetch: keeps what Set-Cookie says, sends it back. */
export class CookieClient {
  cookies = new Map();

  async get(url, extraCookie) {
    const cookie = [...this.cookies]
      .map(([name, value]) => `${name}=${value}`)
      .concat(extraCookie ?? [])
      .join("; ");
    const response = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split("; ");
      const eq = pair.indexOf("=");
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (value === "" || attributes.includes("Max-Age=0")) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return {
      status: response.status,
      body: /^application\/json\b/.test(response.headers.get("content-type") ?? "") ? JSON.parse(text) : text,
    };
  }
}
