// CommonJS consumers (and code written for iron-session 8.x) get the same types.
import ironSession = require("iron-session-native");

interface Data {
  user?: { id: number };
}

export async function handler(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
  const session = await ironSession.getIronSession<Data>(req, res, { cookieName: "s", password: "p".repeat(32) });
  session.user = { id: 1 };
  await session.save();
  await session.destroy(); // 8.x code awaited destroy; it still type-checks
}

import zod = require("zod");

export async function withSchema(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
  const schema = zod.z.object({ user: zod.z.object({ id: zod.z.number() }), theme: zod.z.string().default("light") });
  const session = await ironSession.getIronSession(req, res, {
    cookieName: "s",
    password: "p".repeat(32),
    schema,
    absoluteTtl: 3600,
  });
  const id: number | undefined = session.user?.id;
  const theme: string | undefined = session.theme;
  // @ts-expect-error not in the schema
  session.nope = true;
  return [id, theme];
}
