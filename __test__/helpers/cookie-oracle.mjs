// cookie@2.0.2, the library iron-session 9.0.1 uses, as the oracle for lib/cookie.cjs.
import { parseCookie, stringifySetCookie } from "cookie";

export const asObject = (map) => Object.fromEntries(map);
export const oracleParse = (header) => ({ ...parseCookie(header) });
/** cookie@2 as iron-session 9.0.1 calls it: maxAge undefined means no Max-Age. */
export const oracleSerialize = (name, value, { maxAge, ...rest }) =>
  stringifySetCookie({ ...rest, ...(maxAge === undefined ? {} : { maxAge }), name, value });

/** The value a function returns, or its error as "Name: message". */
export function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: `${error?.constructor?.name}: ${error?.message}` };
  }
}
