import type { IncomingMessage, ServerResponse } from "node:http";

/** One password, or passwords keyed by integer id: the highest id seals, any id unseals. */
type PasswordsMap = Record<string, string>;
type Password = PasswordsMap | string;

/** The attributes of a Set-Cookie header. */
interface CookieAttributes {
  domain?: string | undefined;
  path?: string | undefined;
  expires?: Date | undefined;
  httpOnly?: boolean | undefined;
  secure?: boolean | undefined;
  partitioned?: boolean | undefined;
  priority?: "low" | "medium" | "high" | undefined;
  sameSite?: boolean | "lax" | "strict" | "none" | undefined;
}

interface CookieListItem extends Pick<CookieAttributes, "domain" | "path" | "sameSite" | "secure"> {
  name: string;
  value: string;
  expires?: Date | number | undefined;
}

type ResponseCookie = CookieListItem &
  Pick<CookieAttributes, "httpOnly" | "priority"> & {
    maxAge?: number | undefined;
  };

/** A `cookies()` store, as Next.js App Router gives: `getIronSession(await cookies(), options)`. */
export interface CookieStore {
  get: (name: string) => { name: string; value: string } | undefined;
  getAll?: () => { name: string; value: string }[];
  set: (name: string, value: string, cookie: Partial<ResponseCookie>) => unknown;
}

/** Cookie options. `maxAge: undefined` makes a browser-session cookie whose seal never expires. */
export type CookieOptions = CookieAttributes & {
  maxAge?: number | undefined;
};

/** Why a cookie did not open: it expired, was sealed with an unknown password id, or is not a valid seal. */
export type UnsealErrorReason = "expired" | "invalid" | "unknown-password";

export interface SessionOptions {
  /** The cookie's name. */
  cookieName: string;
  /** At least 32 characters; a map `{ 2: newer, 1: older }` rotates passwords. */
  password: Password;
  /** Seconds until the seal expires; 0 for never. Default 14 days. */
  ttl?: number;
  /** Default `{ httpOnly: true, secure: true, sameSite: "lax", path: "/" }`, Max-Age from ttl. */
  cookieOptions?: CookieOptions;
  /** Called when a cookie is present but does not open; the session is then empty. */
  onUnsealError?: (reason: UnsealErrorReason, error: unknown) => void;
  /** Split a session over 4096 bytes across up to four cookies `name.0`..`name.3`. */
  chunk?: boolean;
}

/**
 * The session data of code written for iron-session 6.x, which declares its fields by augmenting this
 * interface: `declare module "iron-session" { interface IronSessionData { user?: User } }` (or
 * `declare module "iron-session-native"` when installed under this name). Empty unless augmented; it is
 * the default type argument of `IronSession` and `getIronSession`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface IronSessionData {}

/** The 6.x name of `SessionOptions`. */
export type IronSessionOptions = SessionOptions;

export type IronSession<T = IronSessionData> = Partial<T> & {
  /** Seals the session into its cookie, with a fresh expiry. */
  readonly save: () => Promise<void>;
  /** Empties the session and expires its cookie; a destroyed session cannot be saved with data. */
  readonly destroy: () => void;
  /** Replaces the options for later `save()` and `destroy()` calls. */
  readonly updateConfig: (newSessionOptions: SessionOptions) => void;
};

/** Where a session reads and writes its cookies. */
export interface CookieJar {
  read: (name: string) => string | undefined;
  write: (name: string, value: string, options: CookieOptions) => void;
  names?: () => string[];
  assertWritable?: () => void;
}

interface NextRequestCookies {
  get: (name: string) => { name: string; value: string } | undefined;
  getAll?: () => { name: string; value: string }[];
  set: (name: string, value: string) => unknown;
}

interface NextResponseCookies {
  set: (name: string, value: string, options: Partial<ResponseCookie>) => unknown;
}

interface SealOptions {
  password: Password;
  /** Seconds until the seal expires; 0 for never. Default 14 days. */
  ttl?: number;
}

interface UnsealOptions {
  password: Password;
  /** Accepted for compatibility; a seal carries its own expiry. */
  ttl?: number;
  onUnsealError?: (reason: UnsealErrorReason, error: unknown) => void;
}

export declare function sealData(data: unknown, options: SealOptions): Promise<string>;
export declare function unsealData<T>(seal: string, options: UnsealOptions): Promise<T>;
/** `sealData` without a Promise. Needs the native addon (throws on the WebCrypto fallback). */
export declare function sealDataSync(data: unknown, options: SealOptions): string;
/** `unsealData` without a Promise. Needs the native addon (throws on the WebCrypto fallback). */
export declare function unsealDataSync<T>(seal: string, options: UnsealOptions): T;

export declare function nodeCookies(req: IncomingMessage, res: ServerResponse): CookieJar;
export declare function webCookies(request: Request, response: Response | Headers): CookieJar;
export declare function nextProxyCookies(
  request: { cookies: NextRequestCookies },
  response: { cookies: NextResponseCookies },
): CookieJar;

export declare function getIronSession<T extends object = IronSessionData>(
  cookies: CookieStore | CookieJar | Promise<CookieStore>,
  sessionOptions: SessionOptions,
): Promise<IronSession<T>>;
export declare function getIronSession<T extends object = IronSessionData>(
  req: IncomingMessage | Request,
  res: Response | ServerResponse,
  sessionOptions: SessionOptions,
): Promise<IronSession<T>>;
