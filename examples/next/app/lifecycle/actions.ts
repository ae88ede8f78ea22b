"use server";

import { redirect } from "next/navigation";
import { getLifecycleSession, revokeEverywhere } from "@/lib/lifecycle";

export async function lifecycleLogin(formData: FormData) {
  const username = String(formData.get("username") ?? "").trim();
  if (!username) return;
  const session = await getLifecycleSession();
  session.username = username;
  await session.save();
  redirect("/lifecycle");
}

export async function logoutEverywhere() {
  const session = await getLifecycleSession();
  if (session.username) revokeEverywhere(session.username);
  session.destroy();
  redirect("/lifecycle");
}
