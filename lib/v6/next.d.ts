import type { IncomingMessage, ServerResponse } from "node:http";
import type {
  GetServerSidePropsContext,
  GetServerSidePropsResult,
  NextApiHandler,
  NextApiRequest,
  NextApiResponse,
} from "next";
import type { IronSessionOptions } from "../../index.js";
import "./session.js";

type ApiRouteOptions = (
  request: NextApiRequest,
  response: NextApiResponse,
) => Promise<IronSessionOptions> | IronSessionOptions;
type SsrOptions = (
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<IronSessionOptions> | IronSessionOptions;

/** Wraps a Pages Router API route: `req.session` holds the session. Options may be computed per request. */
export declare function withIronSessionApiRoute(
  handler: NextApiHandler,
  options: IronSessionOptions | ApiRouteOptions,
): NextApiHandler;

/** Wraps getServerSideProps: `context.req.session` holds the session. Options may be computed per request. */
export declare function withIronSessionSsr<P extends { [key: string]: unknown } = { [key: string]: unknown }>(
  handler: (context: GetServerSidePropsContext) => GetServerSidePropsResult<P> | Promise<GetServerSidePropsResult<P>>,
  options: IronSessionOptions | SsrOptions,
): (context: GetServerSidePropsContext) => Promise<GetServerSidePropsResult<P>>;
