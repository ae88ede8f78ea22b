import { getIronSession, sealData, unsealData } from "iron-session-native/edge";
import type { IronSessionData, IronSessionOptions } from "iron-session-native/edge";

const options: IronSessionOptions = { cookieName: "edge", password: "complex_password_at_least_32_characters_long" };

export async function middleware(req: Request): Promise<Response> {
  const res = new Response();
  const session = await getIronSession(req, res, options);
  const data: IronSessionData = session;
  if (!data.user) return new Response("unauthorized", { status: 401 });
  session.user = { ...data.user, name: "renamed" };
  await session.save();
  return res;
}

// The 6.x "magic link" recipe.
export async function magicLink(userId: string): Promise<string> {
  const seal = await sealData({ userId }, { password: options.password, ttl: 15 * 60 });
  const data = await unsealData(seal, { password: options.password });
  const typed = await unsealData<{ userId: string }>(seal, { password: options.password });
  return `${String(data.userId)}:${typed.userId}`;
}
