import Koa from "koa";
import { ironSession } from "iron-session-native/koa";
import { sessionOptions } from "./session";

const app = new Koa();
app.use(ironSession(sessionOptions));
app.use(async (ctx) => {
  ctx.session.user = { id: 1, name: "Koa" };
  await ctx.session.save();
  const visits: number = ctx.req.session.visits;
  ctx.body = { session: ctx.session, visits };
});

export default app;
