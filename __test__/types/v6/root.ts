// The root export keeps 9.0.1's functions; 6.x code that uses them with the 6.x types compiles.
import http from "node:http";
import { getIronSession, type IronSession, type IronSessionData, type IronSessionOptions } from "iron-session-native";
import { sessionOptions } from "./session";

const options: IronSessionOptions = { ...sessionOptions, ttl: 0 };

http.createServer(async (req, res) => {
  const session = await getIronSession(req, res, options);
  session.user = { id: 1, name: "node" };
  const same: IronSession = session;
  const data: IronSessionData = { visits: 1 };
  await same.save();
  res.end(JSON.stringify(data));
});

// 9.x code keeps its types: an explicit type argument gives optional fields and updateConfig.
interface SessionData9 {
  username: string;
}
export async function nine(req: http.IncomingMessage, res: http.ServerResponse) {
  const session = await getIronSession<SessionData9>(req, res, sessionOptions);
  const name: string | undefined = session.username;
  // @ts-expect-error 9.x sessions are Partial: username may be undefined
  const required: string = session.username;
  session.updateConfig(sessionOptions);
  return [name, required];
}
