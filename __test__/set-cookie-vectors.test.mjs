// Every Set-Cookie string and cookie-store call recorded from iron-session 9.0.1
// in fixtures/set-cookie.json, reproduced on the Node, Web and store shapes.
import { describe, expect, test } from "vitest";
import { implementations } from "./helpers/implementations.mjs";
import { loadVectors, PASSWORD } from "./helpers/vectors.mjs";

const cases = loadVectors("set-cookie.json").filter((c) => c.library === "iron-session@9.0.1");
const SEAL = /Fe26\.2\*[^;]*/;

function withPassword(options) {
  return { ...options, password: PASSWORD };
}

/** A session on one shape, plus a snapshot of what it has written so far. */
function shape(kind, pre) {
  if (kind === "node") {
    let header = pre;
    const res = { getHeader: () => header, setHeader: (_name, value) => (header = value) };
    return { args: [{ headers: {} }, res], written: () => [...header] };
  }
  if (kind === "web") {
    const response = new Response(null);
    return { args: [new Request("https://example.com/"), response], written: () => response.headers.getSetCookie() };
  }
  const calls = [];
  const store = {
    get(name) {
      calls.push({ method: "get", name });
      return undefined;
    },
    set(name, value, options) {
      calls.push({ method: "set", name, value, options: { ...options }, option_keys: Object.keys(options) });
    },
  };
  return { args: [store], written: () => structuredClone(calls) };
}

/** Replaces seals by the vectors' placeholder and checks their length on the way. */
function masked(written, sealLength) {
  const unseal = (value) => {
    if (!SEAL.test(value)) return value;
    if (sealLength) expect(value.match(SEAL)[0]).toHaveLength(sealLength);
    return value.replace(SEAL, "<SEAL>");
  };
  return written.map((entry) =>
    typeof entry === "string"
      ? unseal(entry)
      : entry.method === "set"
        ? { ...entry, value: unseal(entry.value) }
        : entry,
  );
}

const outcome = (error) => ({ outcome: "throws", error: { name: error.constructor.name, message: error.message } });

describe.each(Object.entries(implementations))("%s backend", (_name, api) => {
  describe.each(cases.map((c) => [c.id, c]))("%s", (_id, vector) => {
    test.each(Object.entries(vector.shapes))("%s", async (kind, expected) => {
      const { args, written } = shape(kind, expected.preexisting_set_cookie);
      if (vector.options.ttl < 0) {
        // Decision D8: a negative ttl (9.0.1 writes Max-Age=-1) is a clear error, and nothing is written.
        await expect(api.getIronSession(...args, withPassword(vector.options))).rejects.toThrow(
          /ttl must be a finite number/,
        );
        expect(masked(written())).toEqual(kind === "node" ? [...(expected.preexisting_set_cookie ?? [])] : []);
        return;
      }
      const session = await api.getIronSession(...args, withPassword(vector.options));
      session.user = { id: 1 };
      const saveError = await session.save().then(
        () => undefined,
        (error) => error,
      );
      if (saveError) expect(outcome(saveError)).toEqual(expected.save);
      else expect(masked(written(), expected.seal_length)).toEqual(expected.after_save);

      let destroyError;
      try {
        session.destroy();
      } catch (error) {
        destroyError = error;
      }
      if (destroyError) expect(outcome(destroyError)).toEqual(expected.destroy);
      else expect(masked(written(), expected.seal_length)).toEqual(expected.after_destroy);
    });
  });
});
