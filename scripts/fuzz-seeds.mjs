// Writes the fuzz seed corpus fuzz/seeds/<target>/ from the known-answer
// fixtures in __test__/fixtures (seal-kat.json, tampered.json, expired.json).
// The seeds are committed; rerun this after changing the fixtures:
//   node scripts/fuzz-seeds.mjs
// Input formats are documented in fuzz/src/targets.rs.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const root = new URL("../", import.meta.url);
const fixture = (name) => JSON.parse(readFileSync(new URL(`__test__/fixtures/${name}`, root), "utf8"));
const FF = Buffer.from([0xff]);

const seeds = { unseal: [], seal_roundtrip: [] };

/** The secret a fixture's seal was made with: its password, or the map entry for the seal's id. */
function secretOf(password, seal) {
  if (typeof password === "string") return password;
  const id = seal.split("*")[1] || "default";
  return password?.[id] ?? "<none>";
}

const kat = fixture("seal-kat.json");
const tampered = fixture("tampered.json");
const expired = fixture("expired.json");

for (const v of kat) {
  const secret = v.inputs.secret_used;
  seeds.unseal.push(`${v.seal}\n${secret}\n${v.now_ms}`);
  seeds.unseal.push(`${v.seal}\n${secret}\n${v.valid_until_ms + 1}`); // just expired
  seeds.unseal.push(`${v.seal}\n<none>`);
  const random = Buffer.concat(v.random_draws_in_order.map((draw) => Buffer.from(draw.hex, "hex")));
  seeds.seal_roundtrip.push(
    Buffer.concat([
      Buffer.from(v.inputs.plaintext_json),
      FF,
      Buffer.from(v.inputs.password_id),
      FF,
      Buffer.from(secret),
      FF,
      Buffer.from(v.fields.expiration),
      FF,
      random,
    ]),
  );
}
for (const v of tampered) {
  seeds.unseal.push(`${v.seal}\n${secretOf(v.password, v.seal)}\n${v.created_at_ms}`);
}
for (const v of expired) {
  seeds.unseal.push(`${v.seal}\n${secretOf(v.password, v.seal)}\n${v.unseal_now_ms}`);
}
// Hostile shapes no fixture has.
seeds.unseal.push(
  "",
  "~2",
  "*******",
  "Fe26.2*******",
  `Fe26.2*1*${"a".repeat(64)}*AAAAAAAAAAAAAAAAAAAAAA*AAAA*1*b*c`,
  "Fe26.2**a*b*c*99999999999999999999999999999*d*e\n<none>",
);

for (const [target, list] of Object.entries(seeds)) {
  const dir = new URL(`fuzz/seeds/${target}/`, root);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const seed of new Set(list.map((s) => Buffer.from(s).toString("latin1")))) {
    const bytes = Buffer.from(seed, "latin1");
    writeFileSync(new URL(createHash("sha1").update(bytes).digest("hex"), dir), bytes);
  }
  console.log(`fuzz/seeds/${target}: ${new Set(list.map(String)).size} seeds`);
}
