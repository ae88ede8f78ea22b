#!/usr/bin/env node
"use strict";

// `npx iron-session-native <command>`: make a password, seal JSON, open a seal or a
// Cookie header. Built on the package's public API. Passwords are never read from
// arguments, which end up in shell history and in `ps`.
// Exit codes: 0 ok, 1 a seal did not open, 2 usage error.

const { randomBytes } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { getIronSession, sealData, unsealData } = require("../index.cjs");
const { parseCookieHeader } = require("../lib/cookie.cjs");

const EXIT_OK = 0;
const EXIT_UNSEAL_FAILED = 1;
const EXIT_USAGE = 2;
const DEFAULT_PASSWORD_ENV = "IRON_SESSION_PASSWORD";
const DEFAULT_TTL_SEC = 14 * 24 * 3600; // iron-session's default
const PASSWORD_BYTES = 32; // 256 bits, 43 base64url characters

const HELP = `Usage: iron-session-native <command> [options]

Commands:
  password            Print a new random password (${Math.ceil((PASSWORD_BYTES * 4) / 3)} characters, ${PASSWORD_BYTES * 8} bits) for .env
  seal                Seal the JSON read from stdin (or --data); print the seal
  unseal [input]      Open a seal, or every seal in a Cookie header, given as the
                      argument or on stdin; print the data, the password id, when it
                      was sealed and when it expires, or why it does not open

Options:
  --password-env NAME   The environment variable holding the password (default
                        ${DEFAULT_PASSWORD_ENV}). A JSON map such as {"2":"new…","1":"old…"} works.
  --password-file PATH  Read the password (or a JSON map) from a file instead.
  --data JSON           seal: the data, instead of stdin.
  --ttl SECONDS         seal: seconds until the seal expires (default ${DEFAULT_TTL_SEC}, 14 days; 0: never).
                        unseal: the app's ttl, to tell when the seal was made (same default).
  --cookie-name NAME    unseal: open only this cookie of a Cookie header (its chunks are joined).
  --json                unseal: print one JSON object per seal.
  -h, --help            Show this help.

The password is never taken from an argument.
Exit codes: 0 ok, 1 a seal did not open, 2 usage error.

Examples:
  echo "IRON_SESSION_PASSWORD=$(npx iron-session-native password)" >> .env
  echo '{"user":{"id":1}}' | IRON_SESSION_PASSWORD=… npx iron-session-native seal --ttl 3600
  IRON_SESSION_PASSWORD=… npx iron-session-native unseal 'Cookie: my_session=Fe26.2*1*…'
`;

class UsageError extends Error {}

const OPTIONS_WITH_VALUE = new Set(["--password-env", "--password-file", "--data", "--ttl", "--cookie-name"]);
const FLAGS = new Set(["--json", "--help", "-h"]);

function parseArgs(argv) {
  const options = {};
  const positional = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name === "--password") {
      throw new UsageError(
        `--password is not accepted: an argument ends up in shell history and \`ps\`. Put the password in an environment variable (--password-env, default ${DEFAULT_PASSWORD_ENV}) or a file (--password-file).`,
      );
    }
    if (OPTIONS_WITH_VALUE.has(name)) {
      const value = eq === -1 ? argv[++index] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      options[name.slice(2)] = value;
    } else if (FLAGS.has(name)) {
      options[name === "-h" ? "help" : name.slice(2)] = true;
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  return { options, positional };
}

function parseTtl(text) {
  if (text === undefined) return DEFAULT_TTL_SEC;
  if (!/^\d+$/.test(text)) throw new UsageError(`--ttl must be a whole number of seconds, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The password or password map, from the environment or a file. */
function readPassword(options) {
  let text;
  let source;
  if (options["password-file"] !== undefined) {
    source = options["password-file"];
    try {
      text = readFileSync(source, "utf8").trim();
    } catch (error) {
      throw new UsageError(`cannot read --password-file ${source}: ${error.message}`);
    }
  } else {
    const name = options["password-env"] ?? DEFAULT_PASSWORD_ENV;
    source = `$${name}`;
    text = process.env[name];
    if (!text) {
      throw new UsageError(
        `no password: set the environment variable ${name}, or use --password-env NAME or --password-file PATH`,
      );
    }
  }
  if (!text) throw new UsageError(`no password in ${source}`);
  if (!text.startsWith("{")) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the password in ${source} starts with "{" but is not a JSON password map: ${error.message}`);
  }
}

async function readStdin() {
  if (process.stdin.isTTY) return "";
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function password() {
  process.stdout.write(randomBytes(PASSWORD_BYTES).toString("base64url") + "\n");
  return EXIT_OK;
}

async function seal(options, positional) {
  if (positional.length) {
    throw new UsageError(`seal takes no argument (got ${positional[0]}): pass the JSON on stdin or with --data`);
  }
  const ttl = parseTtl(options.ttl);
  const pass = readPassword(options);
  // The app's own checks (32 characters, integer ids) with the library's own messages.
  try {
    await getIronSession({ read: () => undefined, write() {} }, { cookieName: "cli", password: pass });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const text = options.data ?? (await readStdin());
  if (!text.trim()) throw new UsageError("no data: pipe JSON to stdin or pass --data JSON");
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the data is not JSON: ${error.message}`);
  }
  process.stdout.write((await sealData(data, { password: pass, ttl })) + "\n");
  return EXIT_OK;
}

/** The seals in the input: one bare seal, or the sealed cookies of a Cookie header with chunks joined. */
function sealsIn(input, cookieName) {
  const text = input.trim().replace(/^cookie:\s*/i, "");
  if (!text) throw new UsageError("nothing to unseal: pass a seal or a Cookie header as the argument or on stdin");
  if (!text.includes("=")) {
    // A seal never holds "=" or ";": this is one seal.
    if (cookieName !== undefined) throw new UsageError("--cookie-name needs a Cookie header, not a bare seal");
    return [{ cookie: null, seal: text }];
  }
  const cookies = parseCookieHeader(text);
  const found = [];
  for (const name of cookieName === undefined ? sealedCookieNames(cookies) : [cookieName]) {
    const whole = cookies.get(name);
    const chunks = whole ? [] : chunksOf(cookies, name);
    if (whole) found.push({ cookie: name, seal: whole });
    else if (chunks.length) found.push({ cookie: name, chunks: chunks.length, seal: chunks.join("") });
  }
  if (!found.length) {
    throw new UsageError(
      cookieName === undefined
        ? `no sealed cookie in this Cookie header (cookies: ${[...cookies.keys()].join(", ") || "none"})`
        : `no cookie ${cookieName} (or ${cookieName}.0) in this Cookie header`,
    );
  }
  return found;
}

/** The cookies whose value is a seal; `name.0` stands for a chunked session `name`. */
function sealedCookieNames(cookies) {
  const names = [];
  for (const [name, value] of cookies) {
    if (!value.startsWith("Fe26.")) continue;
    const firstChunk = /^(.+)\.0$/.exec(name);
    const base = firstChunk && !cookies.has(firstChunk[1]) ? firstChunk[1] : name;
    if (!names.includes(base)) names.push(base);
  }
  return names;
}

function chunksOf(cookies, base) {
  const chunks = [];
  for (let index = 0; cookies.get(`${base}.${index}`); index++) chunks.push(cookies.get(`${base}.${index}`));
  return chunks;
}

/** What the seal's own fields say: `Fe26.2*id*salt*iv*data*expiration*hmacSalt*hmac[~2]`. */
function sealFields(seal) {
  const parts = seal.split("*");
  const expiration = parts.length === 8 && /^\d+$/.test(parts[5]) ? Number(parts[5]) : null;
  return { passwordId: parts.length === 8 ? parts[1] || "default" : null, expiresAt: expiration };
}

const iso = (ms) => new Date(ms).toISOString();

function relative(ms, now) {
  const seconds = Math.round(Math.abs(ms - now) / 1000);
  const [value, unit] =
    seconds >= 36 * 3600
      ? [Math.round(seconds / 86400), "days"]
      : seconds >= 90 * 60
        ? [Math.round(seconds / 3600), "hours"]
        : seconds >= 90
          ? [Math.round(seconds / 60), "minutes"]
          : [seconds, "seconds"];
  return ms >= now ? `in ${value} ${unit}` : `${value} ${unit} ago`;
}

const REASONS = {
  expired: "the seal has expired",
  "unknown-password": "the seal's password id is not in the password map",
  invalid: "the seal is not valid for this password (another password, or the seal was changed)",
};

async function openSeal({ cookie, chunks, seal }, pass, ttl) {
  const { passwordId, expiresAt } = sealFields(seal);
  let failure;
  const data = await unsealData(seal, {
    password: pass,
    onUnsealError: (reason, error) => (failure = { reason, message: error?.message ?? String(error) }),
  });
  const result = { cookie, chunks, passwordId, expiresAt: expiresAt === null ? null : iso(expiresAt) };
  if (expiresAt !== null && ttl > 0) result.sealedAt = iso(expiresAt - ttl * 1000);
  else result.sealedAt = null;
  if (failure) return { ...result, ok: false, reason: failure.reason, error: failure.message };
  return { ...result, ok: true, data };
}

function describe(result, ttl, now) {
  const lines = [];
  if (result.cookie !== null) {
    lines.push(`cookie:      ${result.cookie}${result.chunks ? ` (${result.chunks} chunks)` : ""}`);
  }
  lines.push(`password id: ${result.passwordId ?? "unknown (not an iron seal)"}`);
  const expires = result.expiresAt === null ? null : Date.parse(result.expiresAt);
  if (expires === null) {
    lines.push("sealed:      unknown (a seal without expiry, ttl 0, records no time)", "expires:     never");
  } else {
    lines.push(
      result.sealedAt === null
        ? "sealed:      unknown (--ttl 0)"
        : `sealed:      ${result.sealedAt} (the expiry minus a ttl of ${ttl} s; pass --ttl if the app uses another)`,
      `expires:     ${result.expiresAt} (${relative(expires, now)})`,
    );
  }
  if (result.ok) lines.push(`data:        ${JSON.stringify(result.data, null, 2).replace(/\n/g, "\n             ")}`);
  else lines.push(`does not open: ${REASONS[result.reason]} (${result.error})`);
  return lines.join("\n");
}

async function unseal(options, positional) {
  if (positional.length > 1) throw new UsageError("unseal takes one argument: quote the seal or the Cookie header");
  const ttl = parseTtl(options.ttl);
  const input = positional[0] ?? (await readStdin());
  const seals = sealsIn(input, options["cookie-name"]);
  const pass = readPassword(options);
  const now = Date.now();
  const results = [];
  for (const found of seals) results.push(await openSeal(found, pass, ttl));
  if (options.json) {
    for (const result of results) process.stdout.write(JSON.stringify(result) + "\n");
  } else {
    process.stdout.write(results.map((result) => describe(result, ttl, now)).join("\n\n") + "\n");
  }
  const failed = results.filter((result) => !result.ok);
  for (const result of failed) {
    process.stderr.write(
      `iron-session-native: ${result.cookie ?? "the seal"} does not open: ${REASONS[result.reason]}\n`,
    );
  }
  return failed.length ? EXIT_UNSEAL_FAILED : EXIT_OK;
}

const COMMANDS = { password, seal, unseal };

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs(argv);
    const [command, ...rest] = parsed.positional;
    if (parsed.options.help) {
      process.stdout.write(HELP);
      return EXIT_OK;
    }
    if (command === undefined) throw new UsageError("missing command");
    if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    return await COMMANDS[command](parsed.options, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`iron-session-native: ${error.message}\nRun \`iron-session-native --help\` for usage.\n`);
    return EXIT_USAGE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`iron-session-native: ${error?.stack ?? error}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
