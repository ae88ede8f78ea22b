import express from "express";
import type { IronSession } from "iron-session-native";
import { ironSession } from "iron-session-native/express";
import { sessionOptions, type User } from "./session";

const app = express();
app.use(ironSession(sessionOptions));

function currentUser(session: IronSession): User | undefined {
  return session.user;
}

app.get("/login", async (req, res) => {
  req.session.user = { id: 230, name: "Ada" };
  req.session.visits = req.session.visits + 1;
  await req.session.save();
  res.json(currentUser(req.session));
});

app.get("/admin", async (req, res) => {
  req.session = { ...req.session, user: { id: 1, name: "root" } };
  await req.session.save();
  res.send("ok");
});

app.get("/logout", (req, res) => {
  req.session.destroy();
  res.send("logged out");
});

const router = express.Router();
router.get("/profile", ironSession(sessionOptions), (req, res) => {
  const name: string | undefined = req.session.user?.name;
  res.json({ name });
});
app.use(router);

export default app;
