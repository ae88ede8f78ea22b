import { getIronSession } from "iron-session-native";
import { sessionBackend, sessionOptions, type SessionData } from "@/lib/session-options";

// The Edge runtime cannot load native addons: here the package resolves to its
// WebCrypto build through the "edge-light" export condition, and reads and
// writes the same cookies as the native routes.
export const runtime = "edge";

async function handle(
  request: Request,
  update: (session: SessionData & { save(): Promise<void>; destroy(): void }) => Promise<void> | void,
) {
  const response = new Response(null);
  const session = await getIronSession<SessionData>(request, response, sessionOptions);
  await update(session);
  const headers = new Headers(response.headers);
  headers.set("content-type", "application/json");
  return new Response(
    JSON.stringify({
      isLoggedIn: Boolean(session.isLoggedIn),
      username: session.username ?? null,
      via: session.via ?? null,
      runtime: typeof (globalThis as { EdgeRuntime?: string }).EdgeRuntime === "string" ? "edge" : "node",
      backend: sessionBackend(),
    }),
    { headers },
  );
}

export async function GET(request: Request) {
  return handle(request, () => {});
}

export async function POST(request: Request) {
  const body = (await request.json().catch(() => ({}))) as { username?: unknown };
  const username = typeof body.username === "string" && body.username ? body.username : "edge-user";
  return handle(request, async (session) => {
    session.username = username;
    session.isLoggedIn = true;
    session.via = "edge";
    await session.save();
  });
}

export async function DELETE(request: Request) {
  return handle(request, (session) => session.destroy());
}
