import type { ReactNode } from "react";

export const metadata = { title: "iron-session-native × Next.js" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "2rem" }}>
        <nav>
          <a href="/">home</a> · <a href="/protected">protected</a> · <a href="/ssr">pages ssr</a> ·{" "}
          <a href="/lifecycle">lifecycle</a>
        </nav>
        {children}
      </body>
    </html>
  );
}
