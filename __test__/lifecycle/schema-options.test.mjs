// schema (Standard Schema v1: the real zod and valibot, and a hand-written async one),
// the lifecycle options' checks, and the promise that none of it runs when unset.
import { afterEach, describe, expect, test, vi } from "vitest";
import * as iron9 from "iron-session";
import * as v from "valibot";
import { z } from "zod";
import { implementations } from "../helpers/implementations.mjs";
import { Browser, SHAPES } from "./shapes.mjs";

const PASSWORD = "lifecycle-password-at-least-32-characters";
const COOKIE = "life";
const base = { cookieName: COOKIE, password: PASSWORD };
afterEach(() => vi.restoreAllMocks());

const schemas = {
  zod: z.object({
    user: z.string(),
    role: z.enum(["user", "admin"]).default("user"),
    name: z
      .string()
      .transform((s) => s.trim())
      .optional(),
  }),
  valibot: v.object({
    user: v.string(),
    role: v.optional(v.picklist(["user", "admin"]), "user"),
    name: v.optional(
      v.pipe(
        v.string(),
        v.transform((s) => s.trim()),
      ),
    ),
  }),
  // Any Standard Schema v1 object, here an async one.
  "hand-written async": {
    "~standard": {
      version: 1,
      vendor: "test",
      async validate(value) {
        await new Promise((resolve) => setImmediate(resolve));
        if (typeof value.user !== "string") return { issues: [{ message: "user must be a string", path: ["user"] }] };
        return { value: { role: "user", ...value, ...(value.name === undefined ? {} : { name: value.name.trim() }) } };
      },
    },
  },
};

describe.each(Object.entries(implementations))("%s backend", (_backend, api) => {
  describe.each(Object.entries(schemas))("%s schema", (_vendor, schema) => {
    test.each(SHAPES)(
      "%s: passing data becomes the schema's output (defaults, transforms); failing data is an empty session, reason 'invalid' with the issues",
      async (shape) => {
        const reasons = [];
        const options = { ...base, schema, onUnsealError: (reason, error) => reasons.push([reason, error]) };
        const browser = new Browser(api, shape);
        browser.cookies.set(COOKIE, await api.sealData({ user: "ada", name: "  Ada  " }, base));
        const { session, written } = await browser.read(options);
        expect({ ...session }).toEqual({ user: "ada", role: "user", name: "Ada" });
        expect(written).toEqual([]);
        expect(reasons).toEqual([]);

        browser.cookies.set(COOKIE, await iron9.sealData({ user: 42 }, base));
        expect((await browser.read(options)).session).toEqual({});
        expect(reasons).toHaveLength(1);
        const [reason, error] = reasons[0];
        expect(reason).toBe("invalid");
        expect(error.message).toMatch(
          /^iron-session-native: the session cookie's data does not match the schema: user: /,
        );
        expect(error.issues[0].path.map((segment) => segment.key ?? segment)).toEqual(["user"]);
      },
    );

    test.each(SHAPES)(
      "%s: save() of data the schema rejects rejects, listing each issue's path and message, and writes no cookie",
      async (shape) => {
        const browser = new Browser(api, shape);
        const { session, writes } = await browser.open({ ...base, schema });
        session.user = 7;
        session.role = "root";
        const error = await session.save().then(
          () => expect.unreachable(),
          (e) => e,
        );
        expect(error.message).toMatch(
          /^iron-session-native: Cannot save the session: its data does not match the schema: user: .+/,
        );
        if (_vendor !== "hand-written async") expect(error.message).toMatch(/; role: /);
        expect(error.issues.length).toBeGreaterThan(0);
        expect(writes()).toEqual([]);
        session.user = "ada";
        session.role = "admin";
        await session.save();
        expect(writes()).toHaveLength(1);
        expect(await api.unsealData(browser.cookies.get(COOKIE), base)).toEqual({ user: "ada", role: "admin" });
      },
    );
  });

  test("schema runs before validate, which sees the schema's output; validate is not called for failing data", async () => {
    const validate = vi.fn(() => true);
    const browser = new Browser(api, "web");
    browser.cookies.set(COOKIE, await api.sealData({ user: "ada" }, base));
    await browser.read({ ...base, schema: schemas.zod, validate });
    expect(validate.mock.calls[0][0]).toEqual({ user: "ada", role: "user" });
    browser.cookies.set(COOKIE, await api.sealData({ user: 1 }, base));
    await browser.read({ ...base, schema: schemas.zod, validate });
    expect(validate).toHaveBeenCalledTimes(1);
  });

  test("the reserved key is never shown to the schema", async () => {
    const strict = z.strictObject({ user: z.string() });
    const browser = new Browser(api, "node");
    await browser.save({ ...base, absoluteTtl: 3600 }, (s) => (s.user = "ada"));
    expect((await browser.read({ ...base, absoluteTtl: 3600, schema: strict })).session).toEqual({ user: "ada" });
  });

  test("each option is checked, with an error naming it", async () => {
    const request = new Request("https://example.com/");
    const bad = {
      rolling: [
        ["yes", /rolling must be true, false or \{ updateAge: seconds >= 0 \}, got "yes"/],
        [{ updateAge: -1 }, /rolling\.updateAge must be .* got -1/],
        [{}, /rolling\.updateAge .* got undefined/],
        [{ updateAge: NaN }, /got NaN/],
      ],
      absoluteTtl: [
        [0, /absoluteTtl must be a finite number of seconds > 0, got 0/],
        ["60", /absoluteTtl .* got "60"/],
        [Infinity, /got Infinity/],
      ],
      validate: [[true, /validate must be a function .* got true/]],
      schema: [
        [{}, /schema must be a Standard Schema v1 object .* got a object/],
        [z.string().parse, /schema must be/],
      ],
    };
    for (const [option, cases] of Object.entries(bad)) {
      for (const [value, message] of cases) {
        await expect(api.getIronSession(request, new Headers(), { ...base, [option]: value })).rejects.toThrow(message);
      }
    }
  });

  test("no option set (or rolling: false): iron-session's path, the lifecycle module is never entered", async () => {
    const dateNow = vi.spyOn(Date, "now");
    const seal = await iron9.sealData({ user: "ada" }, base);
    dateNow.mockClear();
    for (const options of [
      base,
      { ...base, rolling: false },
      { ...base, rolling: undefined, absoluteTtl: undefined },
    ]) {
      const headers = new Headers();
      const session = await api.getIronSession(
        new Request("https://example.com/", { headers: { cookie: `${COOKIE}=${seal}` } }),
        headers,
        options,
      );
      expect(JSON.stringify(session)).toBe('{"user":"ada"}');
      expect(headers.getSetCookie()).toEqual([]);
    }
    // One clock read per unseal, as before: no age computed, nothing re-sealed.
    expect(dateNow).toHaveBeenCalledTimes(3);
  });
});
