// Compiles against index.d.ts the way iron-session's README and Next.js examples use it.
import http from "node:http";
import {
  getIronSession,
  sealData,
  unsealData,
  sealDataSync,
  unsealDataSync,
  nodeCookies,
  webCookies,
  nextProxyCookies,
  type IronSession,
  type SessionOptions,
  type CookieStore,
  type CookieJar,
  type UnsealErrorReason,
} from "iron-session-native";

interface SessionData {
  userId?: string;
  username: string;
  isLoggedIn: boolean;
}

export const sessionOptions: SessionOptions = {
  password: process.env.SECRET_COOKIE_PASSWORD ?? "complex_password_at_least_32_characters_long",
  cookieName: "iron-examples-app-router",
  cookieOptions: { secure: process.env.NODE_ENV === "production", sameSite: "lax", maxAge: undefined },
  ttl: 60 * 60,
  chunk: true,
  onUnsealError(reason: UnsealErrorReason, error: unknown) {
    console.warn(reason, error);
  },
};

// Node http / Express / Pages Router API routes.
http.createServer(async (req, res) => {
  const session = await getIronSession<SessionData>(req, res, sessionOptions);
  session.username = "Alison";
  session.isLoggedIn = true;
  await session.save();
  const name: string | undefined = session.username;
  session.destroy();
  res.end(name);
});

// Route handlers and the Web API.
export async function POST(request: Request): Promise<Response> {
  const response = new Response("ok");
  const session: IronSession<SessionData> = await getIronSession<SessionData>(request, response, sessionOptions);
  session.isLoggedIn = true;
  await session.save();
  return response;
}

// `await cookies()` in the App Router: any store with get/set fits.
declare const store: {
  get(name: string): { name: string; value: string } | undefined;
  getAll(): { name: string; value: string }[];
  has(name: string): boolean;
  set(name: string, value: string, cookie?: Partial<{ maxAge: number; path: string }>): unknown;
  delete(name: string): unknown;
};
export async function getSession() {
  const session = await getIronSession<SessionData>(store, sessionOptions);
  if (!session.isLoggedIn) session.isLoggedIn = false;
  session.updateConfig({ ...sessionOptions, ttl: 120 });
  return session;
}
const typedStore: CookieStore = store;

// Adapters and custom jars.
declare const req: http.IncomingMessage;
declare const res: http.ServerResponse;
const jars: CookieJar[] = [
  nodeCookies(req, res),
  webCookies(new Request("https://example.com"), new Headers()),
  nextProxyCookies({ cookies: { get: () => undefined, set: () => undefined } }, { cookies: { set: () => undefined } }),
  { read: () => undefined, write: () => {} },
];
for (const jar of jars) await getIronSession<SessionData>(jar, sessionOptions);

// Sealing helpers.
const seal: string = await sealData({ userId: "1" }, { password: { 1: "a".repeat(32), 2: "b".repeat(32) }, ttl: 0 });
const data = await unsealData<{ userId: string }>(seal, {
  password: "a".repeat(32),
  onUnsealError: (reason) => reason,
});
const id: string = data.userId;
const syncSeal: string = sealDataSync({ a: 1 }, { password: "a".repeat(32) });
const syncData = unsealDataSync<{ a: number }>(syncSeal, { password: "a".repeat(32) });
const a: number = syncData.a;

// What the types forbid.
const session = await getIronSession<SessionData>(req, res, sessionOptions);
// @ts-expect-error save is read-only
session.save = async () => {};
// @ts-expect-error cookieName is required
await getIronSession(req, res, { password: "x".repeat(32) });
// @ts-expect-error a seal is a string
await unsealData(42, { password: "x".repeat(32) });

export { typedStore, id, a };

// Lifecycle options; with a schema and no type argument, the session's type is the schema's output.
import { z } from "zod";
import * as v from "valibot";
import type { SessionLifecycleInfo, StandardSchemaV1 } from "iron-session-native";

const zodSession = z.object({ userId: z.string(), role: z.enum(["user", "admin"]).default("user") });
const inferred = await getIronSession(req, res, {
  ...sessionOptions,
  schema: zodSession,
  rolling: { updateAge: 60 },
  absoluteTtl: 8 * 3600,
  validate: async (data, info: SessionLifecycleInfo) => data.role === "admin" || info.createdAt > 0,
});
const role: "user" | "admin" | undefined = inferred.role;
inferred.userId = "u1";
// @ts-expect-error not in the schema
inferred.other = 1;
// @ts-expect-error role is an enum
inferred.role = "root";

const valibotSession = v.object({ count: v.number() });
const fromValibot = await getIronSession(store, { ...sessionOptions, schema: valibotSession, rolling: true });
const count: number | undefined = fromValibot.count;
// @ts-expect-error count is a number
fromValibot.count = "1";

// An explicit type argument still works as before (validate then receives the data untyped).
const explicit = await getIronSession<SessionData>(req, res, {
  ...sessionOptions,
  validate: (s) => s.isLoggedIn === true,
});
const reason: UnsealErrorReason = "revoked";
const anySchema: StandardSchemaV1 = zodSession;
// @ts-expect-error rolling takes { updateAge }
await getIronSession(req, res, { ...sessionOptions, rolling: { maxAge: 1 } });

export { role, count, explicit, reason, anySchema };
