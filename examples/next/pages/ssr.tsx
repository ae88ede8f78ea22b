import type { GetServerSideProps } from "next";
import { getIronSession } from "iron-session-native";
import { sessionBackend, sessionOptions, type SessionData } from "@/lib/session-options";

interface Props {
  isLoggedIn: boolean;
  username: string | null;
  backend: string;
}

export const getServerSideProps: GetServerSideProps<Props> = async ({ req, res }) => {
  const session = await getIronSession<SessionData>(req, res, sessionOptions);
  return {
    props: {
      isLoggedIn: Boolean(session.isLoggedIn),
      username: session.username ?? null,
      backend: sessionBackend(),
    },
  };
};

export default function SsrPage({ isLoggedIn, username, backend }: Props) {
  return (
    <main>
      <h1>Pages Router getServerSideProps</h1>
      <p id="ssr-status">{isLoggedIn ? `GSSP sees ${username}` : "GSSP sees nobody"}</p>
      <p>
        backend: <span id="backend">{backend}</span>
      </p>
    </main>
  );
}
