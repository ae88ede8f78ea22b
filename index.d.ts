import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Passwords keyed by numeric id, for rotation: `{ 2: "newer…", 1: "older…" }`.
 * The highest numeric id seals; when opening, the id written in the seal picks the password,
 * so seals made with an older password keep opening while it stays in the map.
 * Keys must read as plain numbers (`"01"` finds no entry); every password needs 32+ characters.
 */
type PasswordsMap = Record<string, string>;
/**
 * One password of at least 32 characters (it stands for the map `{ 1: password }`), or a
 * {@link PasswordsMap}. To rotate from a single string, use `{ 2: newPassword, 1: oldPassword }`;
 * drop id 1 once the old seals have expired (removing a password is the only way to invalidate
 * the seals made with it). Keep passwords out of your source: read them from the environment.
 */
type Password = PasswordsMap | string;

/**
 * The attributes written into the session's Set-Cookie header. Names and values are validated
 * as the `cookie` package does; anything that could inject into the header throws a clear error.
 */
interface CookieAttributes {
  /**
   * `Domain`: also send the cookie to subdomains of this domain. Default: none, so the cookie
   * goes back to the exact host that set it.
   */
  domain?: string | undefined;
  /** `Path`: the URL prefix the cookie is sent for. Default `"/"` (the whole site). */
  path?: string | undefined;
  /**
   * `Expires`: a fixed end date. Pitfall: a `Date` built once at module scope is soon in the past,
   * and then `save()` throws a bad-usage error. Prefer `ttl`, which moves with each `save()`.
   * Browsers give `Max-Age` precedence over `Expires` when both are present.
   */
  expires?: Date | undefined;
  /**
   * `HttpOnly`: page scripts cannot read the cookie. Default `true`; keep it, so that a script
   * injected into a page cannot steal the session. `undefined` removes it.
   */
  httpOnly?: boolean | undefined;
  /**
   * `Secure`: the browser sends the cookie over HTTPS only. Default `true`. Browsers drop Secure
   * cookies set over plain http (some make an exception for localhost), so a local http setup may
   * need `secure: process.env.NODE_ENV === "production"`.
   */
  secure?: boolean | undefined;
  /** `Partitioned` (CHIPS): a third-party cookie kept per top-level site. Needs `secure`. Default off. */
  partitioned?: boolean | undefined;
  /** `Priority` (a Chromium extension): which cookies the browser evicts last. Default none. */
  priority?: "low" | "medium" | "high" | undefined;
  /**
   * `SameSite`: whether cross-site requests carry the cookie. Default `"lax"` (top-level
   * navigations only), a sound CSRF baseline. `true` means `"strict"`; `false` omits the
   * attribute; `"none"` sends it everywhere and needs `secure`.
   */
  sameSite?: boolean | "lax" | "strict" | "none" | undefined;
}

/** A cookie as a Next.js request cookie store returns it. */
interface CookieListItem extends Pick<CookieAttributes, "domain" | "path" | "sameSite" | "secure"> {
  name: string;
  value: string;
  expires?: Date | number | undefined;
}

/** A cookie as a Next.js response cookie store accepts it (`maxAge` in seconds). */
type ResponseCookie = CookieListItem &
  Pick<CookieAttributes, "httpOnly" | "priority"> & {
    maxAge?: number | undefined;
  };

/**
 * A cookie store with `get` and `set`, such as `await cookies()` from `next/headers` in the App
 * Router: `getIronSession(await cookies(), options)`. Server Actions and Route Handlers may write
 * it; in a Server Component `save()` cannot set a cookie (Next.js throws), so only read there.
 */
export interface CookieStore {
  get: (name: string) => { name: string; value: string } | undefined;
  getAll?: () => { name: string; value: string }[];
  set: (name: string, value: string, cookie: Partial<ResponseCookie>) => unknown;
}

/**
 * `SessionOptions.cookieOptions`: the Set-Cookie attributes, merged over the defaults
 * `{ httpOnly: true, secure: true, sameSite: "lax", path: "/" }` (your keys win).
 */
export type CookieOptions = CookieAttributes & {
  /**
   * `Max-Age` in seconds. Default: computed from `ttl` (`ttl - 60` when ttl is over 60, `ttl`
   * for 1 to 60, `2147483647` for ttl 0), so the cookie goes away just before the seal expires.
   *
   * Pitfalls: a number set here changes only the cookie, not the seal's expiry (`ttl`): a cookie
   * that outlives its seal arrives as an empty session. `maxAge: undefined` (the key present)
   * makes a browser-session cookie with no Max-Age AND sets ttl to 0, so its seal never expires:
   * anyone holding a copy can replay it for ever. Not for authentication.
   */
  maxAge?: number | undefined;
};

/**
 * Why a cookie or seal did not open, as given to `onUnsealError`:
 * - `"expired"`: past its expiry (plus 60 s of clock skew);
 * - `"unknown-password"`: sealed with a password id that is not in the current map;
 * - `"invalid"`: anything else: tampered, truncated, forged, not a seal, or not an object; with
 *   `schema`, also an authentic cookie whose data the schema rejects (the error has `issues`);
 * - `"revoked"`: an authentic cookie that `validate` refused (only with that option).
 *   `expired` also reports a session past `absoluteTtl`.
 *
 * `expired` and `unknown-password` are read before the seal's integrity is checked (as in
 * iron-session), so an attacker can choose them: treat them as hints for logs, never as proof.
 */
export type UnsealErrorReason = "expired" | "invalid" | "unknown-password" | "revoked";

/**
 * A Standard Schema v1 (https://standardschema.dev): what zod, valibot, arktype and others
 * implement. Only the part this package reads is declared; there is no runtime dependency.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}
export declare namespace StandardSchemaV1 {
  /** `{ value }` when the data passes, `{ issues }` when it does not. */
  type Result<Output> =
    | { readonly value: Output; readonly issues?: undefined }
    | { readonly issues: ReadonlyArray<Issue> };
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }
  /** The type of a schema's output: the session's data. */
  type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema["~standard"]["types"]>["output"];
}

/** What `SessionOptions.validate` learns about the seal it checks; times in ms since the epoch. */
export interface SessionLifecycleInfo {
  /**
   * When the session was created: its first `save()` without a valid cookie, kept by later saves
   * and rolling refreshes. For a seal that holds none (older, or iron-session's): `sealedAt`.
   */
  createdAt: number;
  /** When this seal was made: its expiration minus the current `ttl`. */
  sealedAt: number;
  /** When this seal expires; 0 for a seal that never expires (`ttl: 0`). */
  expiresAt: number;
}

/**
 * The options of `getIronSession` (and of `session.updateConfig`). `T` types the session given to
 * `validate`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the session type reaches `validate` only; any keeps untyped options assignable
export interface SessionOptions<T = any> {
  /**
   * The cookie's name. A chunked session also uses `<cookieName>.0` to `<cookieName>.3`.
   * Validated when the cookie is written: characters that are not allowed in a cookie name throw.
   */
  cookieName: string;
  /**
   * The secret that seals and opens the cookie: at least 32 characters (shorter throws), or a map
   * `{ 2: newer, 1: older }` for rotation: the highest id seals, the seal's own id picks the
   * password when opening, so users stay logged in while you rotate. Changing or removing a
   * password logs out everyone whose cookie was sealed with it.
   */
  password: Password;
  /**
   * Seconds until the seal expires, counted from each `save()`. Default `1209600` (14 days).
   * Must be a finite number >= 0; anything else (`NaN`, a string, `Infinity`, `-1`) throws.
   * The cookie's Max-Age follows it (see `CookieOptions.maxAge`).
   *
   * Pitfall: `0` means a seal that NEVER expires (and a cookie Max-Age of about 68 years): a stolen
   * cookie then works for as long as the password does. Do not use `ttl: 0` for authentication.
   */
  ttl?: number;
  /**
   * Set-Cookie attributes. Default `{ httpOnly: true, secure: true, sameSite: "lax", path: "/" }`,
   * with `maxAge` computed from `ttl`; the keys you give replace those defaults one by one.
   */
  cookieOptions?: CookieOptions;
  /**
   * Called (synchronously) when a cookie is present but does not open, with the reason and the
   * error; the session is then empty, as if logged out. Not called when there is no cookie.
   * Useful for logging.
   *
   * Pitfall: it must not throw. A throw here rejects `getIronSession` (and `unsealData`), so any
   * visitor with a forged cookie would get your error page (an HTTP 500) instead of a logged-out view.
   */
  onUnsealError?: (reason: UnsealErrorReason, error: unknown) => void;
  /**
   * Allow a session whose cookie would exceed 4096 bytes to be split across up to four cookies
   * `<cookieName>.0` to `<cookieName>.3`. Default `false`: `save()` then throws when the cookie
   * is too big. Reading always accepts both forms.
   *
   * Pitfalls: use the same value in every options object that touches this cookie (middleware and
   * proxy included); the whole Cookie header is sent with every request and proxies often cap it
   * near 8 KB. For big data, store an id in the session and the data in your database.
   */
  chunk?: boolean;
  /**
   * Sliding expiration: `ttl` becomes the idle timeout. When `getIronSession` reads a valid seal at
   * least `updateAge` seconds old (`true`: 0, every read), it re-seals the same data with a fresh
   * expiry (now + ttl) and writes the cookie before it returns. The cookie stays a plain
   * iron-session cookie. Default off. See docs/lifecycle.md.
   *
   * Pitfalls: the refresh needs a writable response, so it happens in route handlers, Server
   * Actions, middleware and Node handlers, not in a Server Component (skipped silently there);
   * a session read only by Server Components still ends `ttl` after its last write. Combine with
   * `absoluteTtl`, or a stolen cookie used regularly lives for ever.
   */
  rolling?: boolean | { updateAge: number };
  /**
   * The longest a session may live since it was created (its first `save()`), in seconds, however
   * active: past it the session reads as empty, with `onUnsealError("expired")`. No seal or cookie
   * is made to outlive it. The creation time is sealed under the key `__ironSessionCreatedAt`
   * (never a visible property of the session; iron-session sees it as data). Default none.
   */
  absoluteTtl?: number;
  /**
   * Called after a cookie opened (and passed `schema`), with its data and times; `true` keeps the
   * session, anything else empties it with `onUnsealError("revoked")`. For revocation: compare
   * `info.createdAt` with a per-user "revoked before" time in your store. A throw or rejection
   * propagates (your store is down: your error, not a logged-out user). Not called without a cookie.
   */
  validate?: (session: T, info: SessionLifecycleInfo) => boolean | Promise<boolean>;
  /**
   * A Standard Schema (zod, valibot, arktype...) for the session's data. On read, data it rejects
   * gives an empty session and `onUnsealError("invalid")`; data it accepts becomes its output
   * (defaults and transforms apply). `save()` of rejected data rejects and writes nothing.
   * Without a type argument, `getIronSession` takes the session type from the schema.
   */
  schema?: StandardSchemaV1;
}

/**
 * The session data of code written for iron-session 6.x, which declares its fields by augmenting this
 * interface: `declare module "iron-session" { interface IronSessionData { user?: User } }` (or
 * `declare module "iron-session-native"` when installed under this name). Empty unless augmented; it is
 * the default type argument of `IronSession` and `getIronSession`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: apps augment it, and only an interface merges declarations
export interface IronSessionData {}

/** The 6.x name of `SessionOptions`. */
export type IronSessionOptions = SessionOptions;

/**
 * A session: your data `T` as ordinary properties (all optional, since a new or logged-out session
 * is empty), plus three methods that are non-enumerable and read-only, so `JSON.stringify(session)`
 * and `Object.keys(session)` show your data only. Stored keys named like the methods are dropped.
 */
export type IronSession<T = IronSessionData> = Partial<T> & {
  /**
   * Seals the session's data into its cookie, with a fresh expiry (`now + ttl`). Call it before the
   * response is sent: after the headers went out (Node) or the body was used (Web `Response`) it
   * rejects. It rejects too if the data is not plain JSON (a `Date`, `Map`, `BigInt`, function...) or if
   * the cookie would exceed 4096 bytes without `chunk`. Data written after `destroy()` cannot be saved.
   */
  readonly save: () => Promise<void>;
  /**
   * Logs out: removes every key from the session and writes an expired cookie (also expiring any
   * chunks). Synchronous. A destroyed session stays destroyed: saving data into it again throws;
   * call `getIronSession` anew for a fresh one.
   */
  readonly destroy: () => void;
  /**
   * Replaces the options used by later `save()` and `destroy()` calls, validated as
   * `getIronSession` validates them (a short password throws, and the old options are kept).
   * Changing `cookieName` does not expire the cookie under the old name.
   */
  readonly updateConfig: (newSessionOptions: SessionOptions) => void;
};

/**
 * Where a session reads and writes its cookies; pass one as `getIronSession(jar, options)`.
 * `nodeCookies`, `webCookies` and `nextProxyCookies` make the usual ones; write your own for any
 * other framework.
 */
export interface CookieJar {
  /** The raw value of the request's cookie `name`, or `undefined`. */
  read: (name: string) => string | undefined;
  /** Adds a Set-Cookie for `name` to the response (`value` is `""` and `maxAge` 0 to expire it). */
  write: (name: string, value: string, options: CookieOptions) => void;
  /** The names of the request's cookies, in order; optional. */
  names?: () => string[];
  /** Throws if the response can no longer take a cookie; called before `save()` writes. Optional. */
  assertWritable?: () => void;
}

/** The request side of a Next.js `NextRequest.cookies`. */
interface NextRequestCookies {
  get: (name: string) => { name: string; value: string } | undefined;
  getAll?: () => { name: string; value: string }[];
  set: (name: string, value: string) => unknown;
}

/** The response side of a Next.js `NextResponse.cookies`. */
interface NextResponseCookies {
  set: (name: string, value: string, options: Partial<ResponseCookie>) => unknown;
}

/** The options of `sealData` and `sealDataSync`. */
interface SealOptions {
  /** The password, or a rotation map whose highest id seals; see `SessionOptions.password`. */
  password: Password;
  /**
   * Seconds until the seal expires. Default `1209600` (14 days). Must be a finite number >= 0,
   * else it throws. `0` makes a seal that never expires: not for anything that grants access.
   */
  ttl?: number;
}

/** The options of `unsealData` and `unsealDataSync`. */
interface UnsealOptions {
  /** The password, or a rotation map: the seal's own id picks the password. */
  password: Password;
  /**
   * Ignored, as in iron-session: a seal carries its own expiry, fixed when it was made.
   * Accepted so that code passing it keeps compiling.
   */
  ttl?: number;
  /** Called when the seal does not open (it then returns `{}`). Must not throw; see `SessionOptions.onUnsealError`. */
  onUnsealError?: (reason: UnsealErrorReason, error: unknown) => void;
}

/**
 * Seals any JSON value (object, array, string, number...) into an `Fe26.2*…~2` string: encrypted
 * and signed, readable only with the password. For tokens outside cookies, such as magic-link or
 * email-confirmation URLs (its characters need no escaping in a URL). Default expiry 14 days (`ttl`).
 * Rejects when the value is not plain JSON or the password is shorter than 32 characters.
 * The same bytes as iron-session's `sealData`; either opens the other's seals.
 */
export declare function sealData(data: unknown, options: SealOptions): Promise<string>;
/**
 * Opens a seal made by `sealData` (here or in iron-session) and returns its value. A seal that is
 * expired, tampered, foreign or malformed does not reject: it gives `{}` and calls
 * `onUnsealError(reason, error)`. So check the value's shape before trusting it as `T`.
 */
export declare function unsealData<T>(seal: string, options: UnsealOptions): Promise<T>;
/**
 * `sealData` without a Promise, for code that cannot await (an addition of this package).
 * Needs the native addon: on the WebCrypto build (Edge runtimes, workers) and on the WebCrypto
 * fallback it throws, saying so. Use `sealData` in code that may run there.
 */
export declare function sealDataSync(data: unknown, options: SealOptions): string;
/**
 * `unsealData` without a Promise (an addition of this package): a bad seal gives `{}` and calls
 * `onUnsealError`. Needs the native addon: on the WebCrypto build and fallback it throws.
 */
export declare function unsealDataSync<T>(seal: string, options: UnsealOptions): T;

/**
 * A cookie jar over Node's `IncomingMessage` and `ServerResponse` (http, Express, Fastify's raw
 * objects, Next.js Pages Router API routes and `getServerSideProps`). Writes append to the
 * response's `set-cookie` header; `save()` rejects once the headers were sent.
 * `getIronSession(req, res, options)` uses it for you.
 */
export declare function nodeCookies(req: IncomingMessage, res: ServerResponse): CookieJar;
/**
 * A cookie jar over a Web `Request` and a `Response` or `Headers` (route handlers, Edge and
 * worker runtimes). Writes append a `set-cookie` header; `save()` rejects if the Response body was
 * already used. `getIronSession(request, response, options)` uses it for you.
 */
export declare function webCookies(request: Request, response: Response | Headers): CookieJar;
/**
 * A cookie jar for Next.js `proxy.ts` and middleware:
 * `getIronSession(nextProxyCookies(request, response), options)` with the `NextRequest` and the
 * `NextResponse` you return. Writes go to `response.cookies` (for the browser) and to
 * `request.cookies` (so a later read during the same request sees the new session).
 * Return that same response, or the cookie is lost.
 */
export declare function nextProxyCookies(
  request: { cookies: NextRequestCookies },
  response: { cookies: NextResponseCookies },
): CookieJar;

/** With a `schema` and no type argument: the session's type is the schema's output. */
export declare function getIronSession<S extends StandardSchemaV1>(
  cookies: CookieStore | CookieJar | Promise<CookieStore>,
  sessionOptions: SessionOptions<StandardSchemaV1.InferOutput<S>> & { schema: S },
): Promise<IronSession<StandardSchemaV1.InferOutput<S>>>;
/** With a `schema` and no type argument: the session's type is the schema's output. */
export declare function getIronSession<S extends StandardSchemaV1>(
  req: IncomingMessage | Request,
  res: Response | ServerResponse,
  sessionOptions: SessionOptions<StandardSchemaV1.InferOutput<S>> & { schema: S },
): Promise<IronSession<StandardSchemaV1.InferOutput<S>>>;
/**
 * Reads the session from a cookie store or jar: `getIronSession<T>(await cookies(), options)` in
 * the Next.js App Router, or with any `{ get, set }` store or {@link CookieJar}. A Promise of a
 * store (Next 15+ `cookies()` without `await`) is awaited.
 *
 * A missing, expired, tampered or foreign cookie never rejects: you get an empty session (and
 * `onUnsealError` is called when a cookie was there). Bad options reject. Same cookies as
 * iron-session, byte for byte.
 */
export declare function getIronSession<T extends object = IronSessionData>(
  cookies: CookieStore | CookieJar | Promise<CookieStore>,
  sessionOptions: SessionOptions,
): Promise<IronSession<T>>;
/**
 * Reads the session from a request and prepares to write it to the response: Node
 * `IncomingMessage` + `ServerResponse` (http, Express, Pages Router), or a Web `Request` +
 * `Response` or `Headers` (route handlers, Edge). Call `session.save()` before the response is sent.
 *
 * A missing, expired, tampered or foreign cookie never rejects: you get an empty session (and
 * `onUnsealError` is called when a cookie was there). Bad options reject. Same cookies as
 * iron-session, byte for byte.
 */
export declare function getIronSession<T extends object = IronSessionData>(
  req: IncomingMessage | Request,
  res: Response | ServerResponse,
  sessionOptions: SessionOptions,
): Promise<IronSession<T>>;
