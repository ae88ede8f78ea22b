import type { IncomingMessage, ServerResponse } from "node:http";
import type { CookieOptions, SessionOptions } from "./index.js";

/** A cookie as Next's `cookies()` store holds it. */
export interface StoredCookie extends Omit<CookieOptions, "expires"> {
  name: string;
  value: string;
  expires?: Date | number | undefined;
}

/** An in-memory stand-in for Next's `cookies()`, for `vi.mock("next/headers", ...)`. */
export interface TestCookieStore {
  /** Every set() and delete(), in order. */
  readonly changes: StoredCookie[];
  get(name: string | { name: string }): StoredCookie | undefined;
  getAll(name?: string | { name: string }): StoredCookie[];
  has(name: string): boolean;
  set(
    name: string,
    value: string,
    options?: Omit<CookieOptions, "expires"> & { expires?: Date | number },
  ): TestCookieStore;
  set(cookie: StoredCookie): TestCookieStore;
  delete(name: string | { name: string; path?: string; domain?: string }): TestCookieStore;
  readonly size: number;
  [Symbol.iterator](): IterableIterator<[string, StoredCookie]>;
  /** The Cookie header of the next request. */
  toString(): string;
  /** The Set-Cookie headers a response would carry for `changes`. */
  setCookieHeaders(): string[];
}

/** The request's cookies: a Cookie header (e.g. from `sealCookie`), `{ name: value }`, or a list of cookies. */
export type InitialCookies =
  | string
  | Record<string, string>
  | Iterable<{ name: string; value: string } | [string, string]>;

/** What carries cookies after the code under test ran. */
export type CookieCarrier =
  | Response
  | Headers
  | ServerResponse<IncomingMessage>
  | { getHeader(name: string): number | string | string[] | undefined }
  | string
  | string[]
  | { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] };

/** The Cookie header value (`name=seal`, or chunks joined by `; `) of a request carrying this session. */
export declare function sealCookie(data: object, options: SessionOptions): Promise<string>;

/** A `cookies()` store holding `initial`; `{ readOnly: true }` refuses changes as in a Server Component. */
export declare function cookieStore(initial?: InitialCookies, options?: { readOnly?: boolean }): TestCookieStore;

/**
 * The session data `from` carries: `{}` when it clears the session, `undefined` when a response neither
 * sets nor clears it (a cookie store always gives an object). Throws when the cookie does not open.
 */
export declare function readSession<T extends object = Record<string, unknown>>(
  from: CookieCarrier,
  options: SessionOptions,
): Promise<Partial<T> | undefined>;
