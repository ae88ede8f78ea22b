import { NextResponse } from "next/server";
import { getSession, sessionBackend } from "@/lib/session";

// GET: read the session (and count reads while logged in).
export async function GET() {
  const session = await getSession();
  if (session.isLoggedIn) {
    session.counter = (session.counter ?? 0) + 1;
    await session.save();
  }
  return NextResponse.json({
    isLoggedIn: Boolean(session.isLoggedIn),
    username: session.username ?? null,
    via: session.via ?? null,
    counter: session.counter ?? 0,
    backend: sessionBackend(),
  });
}

// POST {"username": "..."}: log in.
export async function POST(request: Request) {
  const body = (await request.json().catch(() => ({}))) as { username?: unknown };
  if (typeof body.username !== "string" || body.username.length === 0) {
    return NextResponse.json({ error: "username required" }, { status: 400 });
  }
  const session = await getSession();
  session.username = body.username;
  session.isLoggedIn = true;
  session.via = "route";
  session.counter = 0;
  await session.save();
  return NextResponse.json({ isLoggedIn: true, username: session.username });
}

// DELETE: log out.
export async function DELETE() {
  const session = await getSession();
  session.destroy();
  return NextResponse.json({ isLoggedIn: false });
}
