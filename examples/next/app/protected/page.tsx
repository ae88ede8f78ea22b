import { redirect } from "next/navigation";
import { getSession } from "@/lib/session";

// proxy.ts already sends anonymous visitors to "/"; the page checks again
// because proxy matchers are not an authorization boundary.
export default async function ProtectedPage() {
  const session = await getSession();
  if (!session.isLoggedIn) redirect("/");
  return (
    <main>
      <h1>Protected</h1>
      <p id="protected-user">Secret page for {session.username}</p>
    </main>
  );
}
