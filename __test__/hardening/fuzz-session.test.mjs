// Property fuzzing of getIronSession and unsealData with fast-check, on both
// backends and on the Node and Web request shapes: any Cookie header at all
// never makes getIronSession reject, and the session is empty unless the
// header really carries a genuine seal (whole, or in chunks name.0..name.3), in
// which case it is exactly that seal's data. No prototype is ever touched.
// Extends the single property of __test__/session.test.mjs with an exact model
// of what the session must be. FUZZ_RUNS_SCALE multiplies the run counts.
import { beforeAll, describe, expect, test } from "vitest";
import fc from "fast-check";
import { parseCookie } from "cookie";
import * as iron9 from "iron-session";
import { implementations } from "../helpers/implementations.mjs";
import { PASSWORD, cookieNoise, runs } from "./common.mjs";

const NAME = "test";
const options = { cookieName: NAME, password: { 1: PASSWORD, 2: "a-second-password-that-is-long-enough-123" } };
const DATA = { user: { id: 1, name: "Zoë" } };
const REASONS = ["invalid", "expired", "unknown-password"];

/** A header value as Node and fetch carry it: bytes read as latin1, no control characters. */
const wire = (text) =>
  Buffer.from(text, "utf8")
    .toString("latin1")
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
const body = (seal) => (seal.includes("~") ? seal.slice(0, seal.indexOf("~")) : seal);

/** The model: what the session must hold for a header (cookie@2 parses; whole cookie, else chunks to the first gap). */
function expected(header, genuine) {
  const jar = parseCookie(header);
  const own = (name) => (Object.hasOwn(jar, name) ? jar[name] : undefined);
  let seal = own(NAME);
  if (!seal) {
    seal = "";
    for (let i = 0; i < 4; i++) {
      const part = own(`${NAME}.${i}`);
      if (!part) break;
      seal += part;
    }
  }
  return { seal, data: seal && body(seal) === body(genuine) ? DATA : {} };
}

let genuine;
let foreign;
beforeAll(async () => {
  genuine = await implementations.native.sealData(DATA, { password: options.password });
  foreign = await implementations.native.sealData(DATA, { password: "someone-elses-password-of-32-chars!!" });
});

/** Header fragments: noise, cookie names that matter, and pieces of real seals. */
const fragments = () =>
  fc.oneof(
    { arbitrary: cookieNoise(fc), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        `${NAME}=`,
        `${NAME}.0=`,
        `${NAME}.1=`,
        `${NAME}.2=`,
        `${NAME}.3=`,
        `${NAME}.4=`,
        "; ",
        ";",
        "=",
        "__proto__=",
        "constructor=",
        '"',
        "%2A",
        "~2",
        "~1",
        "~",
      ),
      weight: 4,
    },
    { arbitrary: fc.constantFrom(genuine, foreign, body(genuine)), weight: 2 },
    {
      arbitrary: fc
        .tuple(fc.nat(), fc.nat())
        .map(([a, b]) => genuine.slice(Math.min(a, b) % genuine.length, Math.max(a, b) % (genuine.length + 1))),
      weight: 3,
    },
    {
      arbitrary: fc.tuple(fc.nat(), fc.constantFrom("A", "-", "*", "0", "=", " ")).map(([at, c]) => {
        const i = at % body(genuine).length;
        return genuine.slice(0, i) + c + genuine.slice(i + 1);
      }),
      weight: 2,
    },
  );

/** Whole headers: fragments joined, or well-formed cookie lists with chunk names. */
const headers = () =>
  fc.oneof(
    fc.array(fragments(), { maxLength: 16 }).map((parts) => wire(parts.join(""))),
    fc
      .array(
        fc.tuple(
          fc.constantFrom(NAME, `${NAME}.0`, `${NAME}.1`, `${NAME}.2`, `${NAME}.3`, "other", "__proto__"),
          fragments(),
        ),
        { maxLength: 8 },
      )
      .map((pairs) => wire(pairs.map(([n, v]) => `${n}=${v}`).join("; "))),
    // Genuine seals split into chunks, sometimes damaged.
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.nat()).map(([count, damage, at]) => {
      const size = Math.ceil(genuine.length / count);
      const parts = Array.from({ length: count }, (_, i) => genuine.slice(i * size, (i + 1) * size));
      if (damage) parts.splice(at % count, 1);
      return parts.map((p, i) => `${NAME}.${i}=${p}`).join("; ");
    }),
  );

describe.each(Object.entries(implementations))("%s backend", (_name, api) => {
  test.each(["node", "web"])(
    "getIronSession on any Cookie header (%s shape): never rejects, empty unless genuine",
    async (shape) => {
      let genuineSeen = 0;
      await fc.assert(
        fc.asyncProperty(headers(), async (header) => {
          const reasons = [];
          const opts = { ...options, onUnsealError: (reason) => reasons.push(reason) };
          const session =
            shape === "node"
              ? await api.getIronSession({ headers: { cookie: header } }, { getHeader() {}, setHeader() {} }, opts)
              : await api.getIronSession(
                  new Request("https://x.test/", { headers: { cookie: header } }),
                  new Headers(),
                  opts,
                );
          const want = expected(header, genuine);
          expect({ ...session }).toEqual(want.data);
          expect(Object.getPrototypeOf(session)).toBe(Object.prototype);
          expect(typeof session.save).toBe("function");
          if (want.data === DATA) genuineSeen++;
          // onUnsealError: once for a seal that does not open, never otherwise.
          expect(reasons).toHaveLength(want.seal && want.data !== DATA ? 1 : 0);
          for (const reason of reasons) expect(REASONS).toContain(reason);
          expect({}.isAdmin).toBeUndefined();
        }),
        { numRuns: runs(600) },
      );
      expect(genuineSeen).toBeGreaterThan(0); // the model's positive case is reached
    },
  );

  test("unsealData on any string: never throws, {} unless genuine, one onUnsealError call", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fragments(), { maxLength: 8 }).map((p) => p.join("")),
        async (seal) => {
          const reasons = [];
          const result = await api.unsealData(seal, {
            password: options.password,
            onUnsealError: (reason) => reasons.push(reason),
          });
          if (body(seal) === body(genuine)) {
            expect(result).toEqual(DATA);
            expect(reasons).toEqual([]);
          } else {
            expect(result).toEqual({});
            expect(reasons).toHaveLength(1);
            expect(REASONS).toContain(reasons[0]);
          }
        },
      ),
      { numRuns: runs(600) },
    );
  });

  test("a genuine seal holding __proto__ and constructor keys never changes a prototype", async () => {
    const payload = JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}},"user":1}');
    const seal = await api.sealData(payload, { password: PASSWORD });
    const request = { headers: { cookie: `${NAME}=${seal}` } };
    const session = await api.getIronSession(
      request,
      { getHeader() {}, setHeader() {} },
      { cookieName: NAME, password: PASSWORD },
    );
    const theirs = await iron9.getIronSession(
      request,
      { getHeader() {}, setHeader() {} },
      { cookieName: NAME, password: PASSWORD },
    );
    expect(JSON.stringify(session)).toBe(JSON.stringify(theirs));
    expect(Object.getPrototypeOf(session)).toBe(Object.prototype);
    expect(session.isAdmin).toBeUndefined();
    expect({}.isAdmin).toBeUndefined();
    expect(Object.hasOwn(session, "__proto__")).toBe(true);
    // Spreading or assigning it elsewhere does not pollute either.
    const copy = Object.assign({}, { ...session });
    expect({}.isAdmin).toBeUndefined();
    expect(copy.user).toBe(1);
  });
});
