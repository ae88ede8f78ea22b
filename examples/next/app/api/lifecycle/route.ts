import { NextResponse } from "next/server";
import {
  ABSOLUTE_SECONDS,
  IDLE_SECONDS,
  UPDATE_AGE_SECONDS,
  getLifecycleSession,
  revokeEverywhere,
} from "@/lib/lifecycle";

const timeouts = { idleSeconds: IDLE_SECONDS, absoluteSeconds: ABSOLUTE_SECONDS, updateAgeSeconds: UPDATE_AGE_SECONDS };

// GET: read the session; an old enough cookie is re-sealed on the way (rolling).
export async function GET() {
  const session = await getLifecycleSession();
  return NextResponse.json({ isLoggedIn: Boolean(session.username), username: session.username ?? null, ...timeouts });
}

// POST {"username": "..."}: log in.
export async function POST(request: Request) {
  const body = (await request.json().catch(() => ({}))) as { username?: unknown };
  if (typeof body.username !== "string" || body.username.length === 0) {
    return NextResponse.json({ error: "username required" }, { status: 400 });
  }
  const session = await getLifecycleSession();
  session.username = body.username;
  await session.save();
  return NextResponse.json({ isLoggedIn: true, username: session.username, ...timeouts });
}

// DELETE: log out here; DELETE ?everywhere=1: log out every session of this user.
export async function DELETE(request: Request) {
  const session = await getLifecycleSession();
  if (session.username && new URL(request.url).searchParams.has("everywhere")) revokeEverywhere(session.username);
  session.destroy();
  return NextResponse.json({ isLoggedIn: false });
}
