// The Chromium the browser test drives: Debian's /usr/bin/chromium when it is
// installed, otherwise the one the devDependency @sparticuz/chromium ships inside
// its npm package (Brotli-compressed, linux-x64), so `npm ci && npm test` needs no
// system browser. E2E_SYSTEM_CHROMIUM names another system path to look at
// (a missing path forces the npm one).
//
// Only the package's files are used, not its JS (written for AWS Lambda): the
// binary and the NSS/NSPR/expat libraries it links against, which a machine
// without a system chromium may lack. They are unpacked once per version into the
// temp dir: into a private dir first, then renamed into place, so a concurrent or
// interrupted run never sees half a binary.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { brotliDecompressSync, createBrotliDecompress } from "node:zlib";

const SYSTEM_CHROMIUM = process.env.E2E_SYSTEM_CHROMIUM || "/usr/bin/chromium";
const NPM_CHROMIUM = "@sparticuz/chromium";

/** Flags for a headless run as root in a container, with no GPU and no calls home. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Where the Chromium is and how to start it: `{ description, executablePath, env }`,
 * for playwright-core's `chromium.launch`.
 */
export async function findChromium() {
  if (existsSync(SYSTEM_CHROMIUM)) {
    return { description: `system chromium ${SYSTEM_CHROMIUM}`, executablePath: SYSTEM_CHROMIUM, env: process.env };
  }
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`no ${SYSTEM_CHROMIUM}, and ${NPM_CHROMIUM} ships a linux-x64 binary only: install chromium`);
  }
  const packageDir = join(dirname(createRequire(import.meta.url).resolve(NPM_CHROMIUM)), "..");
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const dir = join(tmpdir(), `iron-session-native-chromium-${version}`);
  if (!existsSync(dir)) await unpack(join(packageDir, "bin"), dir);
  const libraries = join(dir, "lib");
  return {
    description: `${NPM_CHROMIUM} ${version} unpacked in ${dir}`,
    executablePath: join(dir, "chromium"),
    env: { ...process.env, LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") },
  };
}

async function unpack(bin, dir) {
  const staging = mkdtempSync(`${dir}-partial-`);
  try {
    await pipeline(
      createReadStream(join(bin, "chromium.br")),
      createBrotliDecompress(),
      createWriteStream(join(staging, "chromium"), { mode: 0o755 }),
    );
    // al2023.tar.br holds lib/libnss3.so and the rest (1 MB compressed).
    execFileSync("tar", ["-x", "-C", staging], {
      input: brotliDecompressSync(readFileSync(join(bin, "al2023.tar.br"))),
    });
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw error; // else another run unpacked it first
  }
}
