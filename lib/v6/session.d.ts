// Types shared by the 6.x subpaths. Importing any of them types `req.session` on
// Node's IncomingMessage (and so on Express's Request and Next's API and
// getServerSideProps requests), as iron-session 6.x did.
import type { IronSession, IronSessionData } from "../../index.js";

/**
 * The session of the 6.x subpaths: the fields of `IronSessionData` as declared
 * (a required field stays required, as in 6.x), with `save()` and `destroy()`.
 */
export type IronSessionV6 = IronSessionData & IronSession;

/** A password, or passwords keyed by integer id: the highest id seals, any id unseals. */
export type Password = string | { [id: string]: string };

declare module "http" {
  interface IncomingMessage {
    session: IronSessionV6;
  }
}
