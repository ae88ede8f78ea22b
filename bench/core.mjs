// `npm run bench:core`: the Rust core alone (criterion, benches/core.rs), and
// the JS-visible seal/unseal as a multiple of it.
//
//   node bench/core.mjs [--alternations 3]
//
// 1. `cargo bench --bench core`: seal, unseal and their parts (KDF, AES-CBC,
//    HMAC-SHA256, base64url, RNG), medians from target/criterion.
// 2. Then, alternately and --alternations times: criterion's seal/unseal
//    benchmarks again, and bench/bench.mjs on the same four operations
//    through the package (sync and async), so that both sides see the same
//    machine load. The ratio is median JS ÷ median core.
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const i = args.indexOf("--alternations");
const ALTERNATIONS = i === -1 ? 3 : Number(args[i + 1]);

function run(command, commandArgs, quiet = false) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(result.stdout + result.stderr);
    throw new Error(`${command} ${commandArgs.join(" ")} failed`);
  }
}

const estimate = (group, id) => {
  const file = path.join(root, "target/criterion", group, id, "new/estimates.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).median.point_estimate : undefined;
};
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (ns) =>
  ns >= 1e4 ? `${(ns / 1e3).toFixed(1)} µs` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;

console.log("$ cargo bench --bench core");
run("cargo", ["bench", "--bench", "core"]);

const PARTS = [
  ["seal", "small", "seal, small (45 B JSON)"],
  ["seal", "3kb", "seal, 3 KB"],
  ["unseal", "small", "unseal, small"],
  ["unseal", "3kb", "unseal, 3 KB"],
  ["kdf", "derive", "PBKDF2-HMAC-SHA1, one 32-byte key (2 per seal)"],
  ["aes_cbc_encrypt", "small", "AES-256-CBC encrypt, small"],
  ["aes_cbc_encrypt", "3kb", "AES-256-CBC encrypt, 3 KB"],
  ["aes_cbc_decrypt", "small", "AES-256-CBC decrypt, small"],
  ["aes_cbc_decrypt", "3kb", "AES-256-CBC decrypt, 3 KB"],
  ["hmac_sha256", "small", "HMAC-SHA256 over the MAC input, small"],
  ["hmac_sha256", "3kb", "HMAC-SHA256 over the MAC input, 3 KB"],
  ["base64_encode", "small", "base64url encode, small"],
  ["base64_encode", "3kb", "base64url encode, 3 KB"],
  ["base64_decode", "small", "base64url decode, small"],
  ["base64_decode", "3kb", "base64url decode, 3 KB"],
  ["rng", "80_bytes_os", "RNG, a seal's 80 random bytes from the OS (getrandom)"],
  ["rng", "80_bytes_thread_rng", "RNG, the same from rand's thread-local ChaCha"],
];
console.log("\nThe Rust core (criterion medians):\n");
console.log("| benchmark | time |");
console.log("|---|---:|");
for (const [group, id, label] of PARTS) {
  const ns = estimate(group, id);
  if (ns !== undefined) console.log(`| ${label} | ${fmt(ns)} |`);
}

const OPS = [
  ["seal", "small", "seal-small"],
  ["seal", "3kb", "seal-3kb"],
  ["unseal", "small", "unseal-small"],
  ["unseal", "3kb", "unseal-3kb"],
];
const core = new Map(OPS.map(([g, id]) => [`${g}/${id}`, []]));
const js = new Map(OPS.map(([, , c]) => [c, { native: [], nativeSync: [] }]));
const dir = mkdtempSync(path.join(tmpdir(), "bench-core-"));
try {
  for (let round = 0; round < ALTERNATIONS; round++) {
    process.stderr.write(`alternation ${round + 1}/${ALTERNATIONS}: criterion, then the JS API\n`);
    run("cargo", ["bench", "--bench", "core", "--", "^(seal|unseal)/"], true);
    for (const [g, id] of OPS) core.get(`${g}/${id}`).push(estimate(g, id));
    const out = path.join(dir, `js-${round}.json`);
    run(
      process.execPath,
      [
        path.join(root, "bench/bench.mjs"),
        "--filter",
        "seal",
        "--impls",
        "native,nativeSync",
        "--rounds",
        "3",
        "--json",
        out,
      ],
      true,
    );
    for (const c of JSON.parse(readFileSync(out, "utf8")).cases) {
      js.get(c.id)?.native.push(c.native);
      js.get(c.id)?.nativeSync.push(c.nativeSync);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nJS-visible cost ÷ the core's own (medians of ${ALTERNATIONS} alternations):\n`);
console.log(
  "| operation | core (Rust) | sealDataSync / unsealDataSync | ÷ core | sealData / unsealData (async) | ÷ core |",
);
console.log("|---|---:|---:|---:|---:|---:|");
for (const [g, id, c] of OPS) {
  const k = median(core.get(`${g}/${id}`));
  const s = median(js.get(c).nativeSync);
  const a = median(js.get(c).native);
  console.log(`| ${g} ${id} | ${fmt(k)} | ${fmt(s)} | ${(s / k).toFixed(2)} | ${fmt(a)} | ${(a / k).toFixed(2)} |`);
}
