// Drives the same 6.x code against iron-session 6.3.1 and this package over real HTTP, and
// reduces each response to what a client sees, with the random parts of seals taken out.
import http from "node:http";

export const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
export const PASSWORD_2 = "a-second-password-of-at-least-32-characters";
export const NOW = Date.UTC(2026, 11, 1, 12);

/** A loopback server around `listener`; a thrown error answers 500 with its message. */
export async function serve(listener) {
  const server = http.createServer(async (req, res) => {
    try {
      await listener(req, res);
    } catch (error) {
      if (!res.headersSent) res.statusCode = 500;
      res.end(JSON.stringify({ thrown: String(error?.message ?? error) }));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The structure of a seal: password id and expiry kept, random salts, iv, ciphertext and mac replaced. */
export function sealShape(seal) {
  const parts = seal.replace(/~2$/, "").split("*");
  if (parts[0] !== "Fe26.2" || parts.length !== 8) return seal;
  return `Fe26.2*${parts[1]}*<salt>*<iv>*<${parts[4].length > 0 ? "data" : ""}>*${parts[5]}*<salt>*<mac>${seal.endsWith("~2") ? "~2" : ""}`;
}

/** Set-Cookie headers with each seal reduced to its shape. */
export function cookieShapes(headers) {
  return headers.map((header) =>
    header.replace(/^([^=]+)=([^;]*)/, (_, name, value) => `${name}=${value && sealShape(value)}`),
  );
}

/** The seals a response set, by cookie name (the last one wins). */
export function sealsOf(headers) {
  const seals = {};
  for (const header of headers) {
    const [, name, value] = /^([^=]+)=([^;]*)/.exec(header);
    seals[name] = value;
  }
  return seals;
}

/** GET `path` with an optional Cookie header; returns status, JSON body, Set-Cookie shapes and seals. */
export async function get(base, path, { cookie, headers = {} } = {}) {
  const response = await fetch(base + path, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const setCookies = response.headers.getSetCookie();
  return { status: response.status, body, cookies: cookieShapes(setCookies), seals: sealsOf(setCookies) };
}

/** Runs `scenario(base)` against a server built by `build(impl)` for each implementation. */
export async function onEach(implementations, build, scenario) {
  const results = {};
  for (const [name, impl] of Object.entries(implementations)) {
    const server = await serve(build(impl));
    try {
      results[name] = await scenario(server.url, impl);
    } finally {
      await server.close();
    }
  }
  return results;
}
