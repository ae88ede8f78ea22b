// One server of the "log out everywhere" fleet (fleet.test.mjs starts two):
// a plain Node http server whose sessions are revoked through Redis.
//   GET /login?name=…        logs in
//   GET /me                  the session
//   GET /logout-everywhere   revokes every session of the current user, on every server
// Prints "listening <port>" once it accepts connections.
import http from "node:http";
import { createClient } from "redis";
import { getIronSession } from "../../index.mjs";

const redis = createClient({ url: process.env.REDIS_URL });
await redis.connect();

const sessionOptions = {
  cookieName: "fleet",
  password: process.env.SESSION_PASSWORD,
  cookieOptions: { secure: false },
  ttl: 3600,
  rolling: { updateAge: 600 },
  absoluteTtl: 7 * 24 * 3600,
  // The pattern of docs/lifecycle.md: a session is valid when created after the user's revocation time
  // (a session created in the very millisecond of the revocation is revoked too).
  async validate(session, { createdAt }) {
    if (!session.user) return true;
    const revokedBefore = await redis.get(`revokedBefore:${session.user}`);
    return revokedBefore === null || createdAt > Number(revokedBefore);
  },
};

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://localhost");
    const session = await getIronSession(req, res, sessionOptions);
    if (url.pathname === "/login") {
      session.user = url.searchParams.get("name");
      await session.save();
    } else if (url.pathname === "/logout-everywhere" && session.user) {
      await redis.set(`revokedBefore:${session.user}`, String(Date.now()));
      session.destroy();
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ server: process.env.SERVER_NAME, user: session.user ?? null }));
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error?.stack ?? error));
  }
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));

process.on("SIGTERM", async () => {
  server.close();
  await redis.quit().catch(() => {});
  process.exit(0);
});
