// Typed with the parts of Koa's context it uses, so these types need no @types/koa.
// `ctx.session` keeps the type Koa gives unknown context properties, as in 6.x.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { IronSessionOptions } from "../../index.js";
import "./session.js";

/** Middleware that puts the session on `ctx.session`. */
export declare function ironSession(
  sessionOptions: IronSessionOptions,
): (ctx: { req: IncomingMessage; res: ServerResponse }, next: () => Promise<unknown>) => Promise<void>;
