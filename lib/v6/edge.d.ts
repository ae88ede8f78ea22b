import type { IncomingMessage, ServerResponse } from "node:http";
import type { IronSessionOptions } from "../../index.js";
import type { IronSessionV6, Password } from "./session.js";

export type { IronSessionData, IronSessionOptions } from "../../index.js";

/** The 6.x getIronSession, for Web `Request`/`Response` (Edge middleware and routes) or Node's. */
export declare function getIronSession(
  req: IncomingMessage | Request,
  res: ServerResponse | Response,
  userSessionOptions: IronSessionOptions,
): Promise<IronSessionV6>;

/** Seals `data`; ttl defaults to 15 days, as in 6.x. */
export declare function sealData(
  data: unknown,
  options: { password: Password; ttl?: number | undefined },
): Promise<string>;

/** Opens a seal: `{}` when it expired or does not match the passwords; throws when it is malformed, as 6.x. */
export declare function unsealData<T = Record<string, unknown>>(
  seal: string,
  options: { password: Password; ttl?: number | undefined },
): Promise<T>;
