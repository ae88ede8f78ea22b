// Typed with Node's own request and response (Express's extend them), so these
// types need no @types/express.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { IronSessionOptions } from "../../index.js";
import "./session.js";

/** Middleware that puts the session on `req.session`. */
export declare function ironSession(
  sessionOptions: IronSessionOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => Promise<void>;
