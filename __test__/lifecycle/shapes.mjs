// A browser for the lifecycle tests: keeps the cookies that getIronSession and
// save() write, through any calling shape, and sends them back on the next call;
// and the options and mocked clock the lifecycle suites share.
import { vi } from "vitest";

export const PASSWORD = "lifecycle-password-at-least-32-characters";
export const COOKIE = "life";
export const T0 = Date.UTC(2030, 0, 1);
export const HOUR = 3600;
export const base = { cookieName: COOKIE, password: PASSWORD, ttl: 2 * HOUR };

let clock = T0;
/** Sets the mocked `Date.now()`. */
export const at = (ms) => (clock = ms);
/** The mocked `Date.now()`. */
export const now = () => clock;
/** Mocks `Date.now()`, starting at T0 (vi.restoreAllMocks undoes it). */
export function useClock() {
  clock = T0;
  vi.spyOn(Date, "now").mockImplementation(() => clock);
}

export const SHAPES = ["node", "web", "headers", "store", "jar"];

/** { name, value, maxAge } of a Set-Cookie header. */
function parseSetCookie(header) {
  const [pair, ...attributes] = header.split("; ");
  const eq = pair.indexOf("=");
  const maxAge = attributes.find((attribute) => attribute.startsWith("Max-Age="));
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    maxAge: maxAge === undefined ? undefined : Number(maxAge.slice(8)),
  };
}

export class Browser {
  cookies = new Map();

  constructor(api, shape) {
    this.api = api;
    this.shape = shape;
  }

  /**
   * getIronSession through this shape. Returns { session, writes() }: writes() are the
   * cookies written so far by this call (getIronSession and save()), now also kept.
   * `readOnly`: the store throws on set, as Next.js Server Components' cookies() does.
   */
  async open(options, { readOnly = false } = {}) {
    const header = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const recorded = [];
    const collect = (name, value, opts) => recorded.push({ name, value, maxAge: opts.maxAge });
    let args;
    let headers = () => [];
    switch (this.shape) {
      case "node": {
        let setCookie;
        const res = {
          headersSent: false,
          getHeader: (name) => (name === "set-cookie" ? setCookie : undefined),
          setHeader: (name, value) => {
            if (name === "set-cookie") setCookie = value;
          },
        };
        args = [{ headers: header ? { cookie: header } : {} }, res, options];
        headers = () => setCookie ?? [];
        break;
      }
      case "web":
      case "headers": {
        const request = new Request("https://example.com/", { headers: header ? { cookie: header } : {} });
        const response = this.shape === "web" ? new Response(null) : new Headers();
        args = [request, response, options];
        headers = () => (response instanceof Headers ? response : response.headers).getSetCookie();
        break;
      }
      case "store": {
        const cookies = new Map(this.cookies);
        const store = {
          get: (name) => (cookies.has(name) ? { name, value: cookies.get(name) } : undefined),
          set: (name, value, opts) => {
            if (readOnly) throw new Error("Cookies can only be modified in a Server Action or Route Handler.");
            collect(name, value, opts);
          },
        };
        args = [store, options];
        break;
      }
      case "jar": {
        const cookies = new Map(this.cookies);
        args = [{ read: (name) => cookies.get(name), write: collect }, options];
        break;
      }
      default:
        throw new Error(`unknown shape ${this.shape}`);
    }
    const session = await this.api.getIronSession(...args);
    let applied = 0;
    const writes = () => {
      const all = [...headers().map(parseSetCookie), ...recorded];
      for (const { name, value, maxAge } of all.slice(applied)) {
        if (value === "" || maxAge === 0) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
      applied = all.length;
      return all;
    };
    return { session, writes };
  }

  /** getIronSession, and the cookies it wrote (applied). */
  async read(options, flags) {
    const { session, writes } = await this.open(options, flags);
    return { session, written: writes() };
  }

  /** getIronSession, `change(session)`, save(); the cookies written (applied). */
  async save(options, change = () => {}) {
    const { session, writes } = await this.open(options);
    change(session);
    await session.save();
    return { session, written: writes() };
  }
}

/** The expiration field of a seal, in ms (0 when it never expires). */
export function expirationOf(seal) {
  const field = seal.split("~")[0].split("*")[5];
  return field ? Number(field) : 0;
}
