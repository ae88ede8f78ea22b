// The subpaths from an ES module under Node16 resolution (named imports of the declarations).
import express from "express";
import { ironSession } from "iron-session-native/express";
import { ironSession as koaSession } from "iron-session-native/koa";
import { getIronSession, sealData, unsealData } from "iron-session-native/edge";
import type { IronSessionOptions } from "iron-session-native";

const options: IronSessionOptions = { cookieName: "esm", password: "complex_password_at_least_32_characters_long" };
const app = express();
app.use(ironSession(options));
app.get("/", async (req, res) => {
  req.session.visits = 1;
  await req.session.save();
  res.json(req.session);
});
export const koa = koaSession(options);
export const edge = [getIronSession, sealData, unsealData];
