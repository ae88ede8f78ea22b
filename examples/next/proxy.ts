import { NextResponse, type NextRequest } from "next/server";
import { getIronSession, nextProxyCookies } from "iron-session-native";
import { sessionBackend, sessionOptions, type SessionData } from "@/lib/session-options";

// Next 16 proxy (always the Node.js runtime): anonymous visitors of
// /protected go to "/". nextProxyCookies() makes a cookie written here reach
// the current render too.
export async function proxy(request: NextRequest) {
  const response = NextResponse.next();
  const session = await getIronSession<SessionData>(nextProxyCookies(request, response), sessionOptions);
  if (!session.isLoggedIn) {
    return NextResponse.redirect(new URL("/", request.url));
  }
  response.headers.set("x-proxy-user", session.username ?? "");
  response.headers.set("x-proxy-backend", sessionBackend());
  return response;
}

export const config = {
  matcher: ["/protected/:path*"],
};
