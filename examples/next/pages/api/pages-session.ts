import type { NextApiRequest, NextApiResponse } from "next";
import { getIronSession } from "iron-session-native";
import { sessionBackend, sessionOptions, type SessionData } from "@/lib/session-options";

// Pages Router API route: getIronSession(req, res, options).
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getIronSession<SessionData>(req, res, sessionOptions);
  switch (req.method) {
    case "POST": {
      const username = typeof req.body?.username === "string" ? req.body.username : "";
      if (!username) return res.status(400).json({ error: "username required" });
      session.username = username;
      session.isLoggedIn = true;
      session.via = "pages";
      await session.save();
      return res.status(200).json({ isLoggedIn: true, username });
    }
    case "GET":
      return res.status(200).json({
        isLoggedIn: Boolean(session.isLoggedIn),
        username: session.username ?? null,
        via: session.via ?? null,
        backend: sessionBackend(),
      });
    case "DELETE":
      session.destroy();
      return res.status(200).json({ isLoggedIn: false });
    default:
      res.setHeader("Allow", "GET, POST, DELETE");
      return res.status(405).end();
  }
}
