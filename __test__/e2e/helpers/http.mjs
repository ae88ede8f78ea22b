// fetch with a cookie jar (manual Cookie / Set-Cookie handling) for the e2e suites.

/** Cookies by name, as a browser would keep them for one origin (path / only). */
export class CookieJar {
  #cookies = new Map();

  /** Applies a response's Set-Cookie headers: store, replace, or delete (Max-Age<=0, past Expires, empty value). */
  update(response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expired = value === "";
      for (const attribute of attributes) {
        const [key, val = ""] = attribute.split("=");
        const k = key.trim().toLowerCase();
        if (k === "max-age" && Number(val) <= 0) expired = true;
        if (k === "expires" && Date.parse(val) <= Date.now()) expired = true;
      }
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  get(name) {
    return this.#cookies.get(name);
  }

  set(name, value) {
    this.#cookies.set(name, value);
  }

  delete(name) {
    this.#cookies.delete(name);
  }

  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * One request; never follows redirects. `json` sends a JSON body, `form` a
 * FormData (multipart). Returns { status, headers, text, json, setCookies }.
 */
export async function request(base, path, { method = "GET", jar, json, form, headers = {}, cookie } = {}) {
  const init = { method, redirect: "manual", headers: { ...headers } };
  const cookieHeader = cookie ?? jar?.header();
  if (cookieHeader) init.headers.cookie = cookieHeader;
  if (json !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.body = form;
  }
  const response = await fetch(base + path, { ...init, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  jar?.update(response);
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: body,
    setCookies: response.headers.getSetCookie(),
  };
}

/** The hidden `$ACTION_ID_<id>` field of the n-th form in a page (Server Actions without JavaScript). */
export function actionIds(html) {
  return [...html.matchAll(/name="(\$ACTION_ID_[0-9a-f]+)"/g)].map((m) => m[1]);
}

/** Posts a Server Action form like a browser without JavaScript: multipart, same Origin. */
export async function postAction(base, path, actionId, fields, jar) {
  const form = new FormData();
  form.set(actionId, "");
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return request(base, path, { method: "POST", form, jar, headers: { origin: base } });
}

/** Text content of the element with this id in server-rendered HTML (simple, for our own markup). */
export function textById(html, id) {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match
    ? match[1]
        .replace(/<!-- -->/g, "")
        .replace(/<[^>]+>/g, "")
        .trim()
    : null;
}
