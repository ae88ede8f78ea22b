// Runs a session scenario through any implementation of iron-session's API and
// returns a transcript of everything observable: sessions, errors, cookie writes.
// Differential tests compare transcripts of iron-session 9.0.1 and of ours.

/** Seal material differs on every run; its length must not. */
const mask = (value) => (typeof value === "string" && value.length > 60 ? `<sealed:${value.length}>` : value);
const maskHeader = (header) => header.replace(/^([^=]*)=([^;]*)/, (_all, name, value) => `${name}=${mask(value)}`);

function describeValue(value) {
  if (value === undefined) return "<undefined>";
  if (value instanceof Date) return `<date:${value.getTime()}>`;
  if (Number.isNaN(value)) return "<NaN>";
  return value;
}
const describeOptions = (options) =>
  Object.fromEntries(Object.entries(options ?? {}).map(([key, value]) => [key, describeValue(value)]));

function errorOf(error) {
  return error instanceof Error ? `${error.constructor.name}: ${error.message}` : `thrown: ${String(error)}`;
}

function cookieHeader(cookies) {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

/** A recording store and jar, whose reads see the request's cookies only. */
function recordingStore(cookies, log) {
  return {
    get(name) {
      log.push(["get", name]);
      return name in cookies ? { name, value: cookies[name] } : undefined;
    },
    set(name, value, options) {
      log.push(["set", name, value, describeOptions(options), Object.keys(options)]);
    },
  };
}

function recordingJar(cookies, log) {
  return {
    read(name) {
      log.push(["read", name]);
      return cookies[name];
    },
    write(name, value, options) {
      log.push(["write", name, value, describeOptions(options), Object.keys(options)]);
    },
  };
}

/**
 * Builds the arguments of getIronSession for a shape, and a way to read what was written.
 * `cookies` is { name: value }, or a raw Cookie header (for the request shapes), which
 * can send one name twice.
 */
function callShape(shape, cookies, options) {
  const log = [];
  const header = typeof cookies === "string" ? cookies : cookieHeader(cookies);
  if (typeof cookies === "string" && (shape === "store" || shape === "jar")) {
    throw new Error(`a raw Cookie header needs a request shape, not ${shape}`);
  }
  switch (shape) {
    case "node": {
      let setCookie = ["existing=1"];
      const res = {
        headersSent: false,
        getHeader: (name) => (name === "set-cookie" ? setCookie : undefined),
        setHeader: (name, value) => {
          if (name === "set-cookie") setCookie = value;
        },
      };
      return { args: [{ headers: header ? { cookie: header } : {} }, res, options], written: () => setCookie };
    }
    case "web": {
      const response = new Response(null);
      const request = new Request("https://example.com/", { headers: header ? { cookie: header } : {} });
      return { args: [request, response, options], written: () => response.headers.getSetCookie() };
    }
    case "headers": {
      const headers = new Headers();
      const request = new Request("https://example.com/", { headers: header ? { cookie: header } : {} });
      return { args: [request, headers, options], written: () => headers.getSetCookie() };
    }
    case "store":
      return { args: [recordingStore(cookies, log), options], written: () => log };
    case "jar":
      return { args: [recordingJar(cookies, log), options], written: () => log };
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

/**
 * Returns { transcript, cookies }: the masked transcript, and the cookies a browser would keep.
 * steps: ["set", key, value] | ["delete", key] | ["save"] | ["destroy"] | ["updateConfig", options]
 */
export async function runScenario(api, { shape, cookies = {}, options, steps = [] }) {
  const unsealErrors = [];
  const withHook = { ...options, onUnsealError: (reason, error) => unsealErrors.push([reason, errorOf(error)]) };
  const { args, written } = callShape(shape, cookies, withHook);
  const transcript = { steps: [] };
  let session;
  try {
    session = await api.getIronSession(...args);
    transcript.session = JSON.stringify(session);
  } catch (error) {
    transcript.getIronSession = errorOf(error);
  }
  if (session) {
    for (const [action, ...rest] of steps) {
      try {
        if (action === "set") session[rest[0]] = rest[1];
        else if (action === "delete") delete session[rest[0]];
        else if (action === "updateConfig") session.updateConfig(rest[0]);
        else if (action === "save") await session.save();
        else if (action === "destroy") session.destroy();
        transcript.steps.push([action, "ok", JSON.stringify(session)]);
      } catch (error) {
        transcript.steps.push([action, errorOf(error)]);
      }
    }
  }
  const raw = written();
  const isLog = shape === "store" || shape === "jar";
  transcript.written = isLog
    ? raw.map((entry) => (entry.length > 2 ? [entry[0], entry[1], mask(entry[2]), ...entry.slice(3)] : entry))
    : raw.map(maskHeader);
  transcript.unsealErrors = unsealErrors;
  // What a browser would now hold, for handing to another implementation.
  const headers = isLog
    ? raw
        .filter((entry) => entry.length > 2)
        .map(([, name, value, options]) => `${name}=${value}${options.maxAge === 0 ? "; Max-Age=0" : ""}`)
    : raw;
  return { transcript, cookies: cookiesWritten(headers) };
}

/** The cookies a transcript wrote, as a browser would keep them (the last write of a name wins). */
export function cookiesWritten(headers) {
  const jar = {};
  for (const header of headers) {
    const [pair, ...attributes] = header.split("; ");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (attributes.includes("Max-Age=0") || value === "") delete jar[name];
    else jar[name] = value;
  }
  return jar;
}
