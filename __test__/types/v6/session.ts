// Code written for iron-session 6.x, compiled unchanged against this package (imported here under
// its own name; the packed-install test compiles the same files as `iron-session`).
import type { IronSessionOptions } from "iron-session-native";

export interface User {
  id: number;
  name: string;
}

declare module "iron-session-native" {
  interface IronSessionData {
    user?: User;
    // Required, as some 6.x apps declare: reads stay non-optional on req.session.
    visits: number;
  }
}

export const sessionOptions: IronSessionOptions = {
  cookieName: "myapp_cookiename",
  password: process.env.SECRET_COOKIE_PASSWORD as string,
  cookieOptions: { secure: process.env.NODE_ENV === "production" },
};
