// A seal whose HMAC digest (the last field) is shortened, lengthened or emptied never
// opens, on either backend: every prefix of the digest, the digest with characters
// appended (base64url, '=', whitespace, another digest), and the empty digest. The
// error is "Bad hmac value", and unsealData gives an empty session with reason
// "invalid". iron-session 9.0.1 is checked to reject the same changes, except a
// trailing '=' or whitespace, which its lenient decoder may accept depending on the
// runtime (a documented difference: both backends accept only the canonical text).
import { describe, expect, test } from "vitest";
import { createRequire } from "node:module";
import * as iron9 from "iron-session";
import { implementations } from "./helpers/implementations.mjs";

const require = createRequire(import.meta.url);
const backends = { native: require("../binding.cjs"), webcrypto: require("../lib/webcrypto.cjs") };

const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";
const NOW = Date.now();

const SEALS = {
  "iron-session 9.0.1": await iron9.sealData({ user: { id: 1 } }, { password: PASSWORD }),
  native: await implementations.native.sealData({ user: { id: 2 } }, { password: PASSWORD }),
  webcrypto: await implementations.webcrypto.sealData({ user: { id: 3 } }, { password: PASSWORD }),
};

/** Every shortened, lengthened and emptied variant of a seal's digest: [label, seal, iron may accept it]. */
function variants(seal) {
  const body = seal.slice(0, seal.indexOf("~"));
  const cut = body.lastIndexOf("*");
  const head = body.slice(0, cut + 1);
  const digest = body.slice(cut + 1);
  expect(digest).toHaveLength(43);
  const out = [];
  for (let k = 0; k < digest.length; k++) out.push([`first ${k} characters`, head + digest.slice(0, k), false]);
  for (let k = 1; k < digest.length; k++) out.push([`without its first ${k}`, head + digest.slice(k), false]);
  for (const extra of ["A", "Q", "-", "_", "AA", "AAAA", "+", "/", digest]) {
    out.push([`with ${JSON.stringify(extra)} appended`, head + digest + extra, false]);
  }
  // 9.0.1 decodes the digest leniently: it accepts some of these, depending on the runtime.
  for (const extra of ["=", "==", " ", "\n"])
    out.push([`with ${JSON.stringify(extra)} appended`, head + digest + extra, true]);
  out.push(["with a character inserted", head + digest.slice(0, 20) + "A" + digest.slice(20), false]);
  return out;
}

describe.each(Object.entries(SEALS))("the digest of a seal made by %s", (_maker, seal) => {
  test("the seal itself opens on both backends", async () => {
    const body = seal.slice(0, seal.indexOf("~"));
    for (const backend of Object.values(backends)) {
      expect(JSON.parse(await backend.unseal(body, PASSWORD, NOW))).toHaveProperty("user");
    }
  });

  test.each(Object.keys(backends))("%s rejects it shortened, lengthened or emptied", async (name) => {
    const backend = backends[name];
    const cases = variants(seal);
    expect(cases.length).toBeGreaterThan(90);
    for (const [label, changed] of cases) {
      await expect(
        Promise.resolve().then(() => backend.unseal(changed, PASSWORD, NOW)),
        label,
      ).rejects.toThrow(/^Bad hmac value$/);
      const reports = [];
      const session = await implementations[name].unsealData(`${changed}~2`, {
        password: PASSWORD,
        onUnsealError: (reason) => reports.push(reason),
      });
      expect(session, label).toEqual({});
      expect(reports, label).toEqual(["invalid"]);
    }
  });

  test("iron-session 9.0.1 rejects the same changes, bar its lenient decoding", async () => {
    for (const [label, changed, lenient] of variants(seal)) {
      if (lenient) continue;
      expect(await iron9.unsealData(`${changed}~2`, { password: PASSWORD }), label).toEqual({});
    }
  });
});
