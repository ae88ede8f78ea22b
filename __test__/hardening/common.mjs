// Shared by the hardening suites.
import http from "node:http";

/** fast-check run counts, scaled by FUZZ_RUNS_SCALE (`npm run fuzz` sets 50). */
export const runs = (n) => Math.max(1, Math.round(n * Number(process.env.FUZZ_RUNS_SCALE ?? 1)));

export const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";

/** Strings made of pieces that matter to cookie parsers, plus arbitrary text. */
export const cookieNoise = (fc) =>
  fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    fc.string({ unit: "grapheme" }),
    fc.constantFrom(
      ";",
      "=",
      " ",
      "\t",
      "%",
      "%zz",
      "%E0%A4%A",
      '"',
      "\\",
      ",",
      "~",
      "~2",
      "*",
      "Fe26.2",
      "Fe26.2*",
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      "\u0000",
      "\u007f",
      "é",
      "\ud800",
      "😀",
    ),
  );

/**
 * A GET with a raw Cookie header (or several) through a keep-alive agent.
 * Resolves { status, body, setCookie, ms }.
 */
export function request(agent, url, cookie) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const headers = cookie === undefined ? {} : { cookie };
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body = text;
        if (res.headers["content-type"] === "application/json") body = JSON.parse(text);
        resolve({
          status: res.statusCode,
          body,
          setCookie: res.headers["set-cookie"] ?? [],
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** Runs `tasks` (functions returning promises) with at most `limit` in flight. */
export async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
