// `npm run example`: the main job. Builds the addon, packs the package as a release
// would, installs the tarballs into examples/next, builds the app and serves it
// with `next start` on http://127.0.0.1:3000 (PORT and HOST change that).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv, packAll, repoRoot } from "./pack.mjs";

const app = join(repoRoot, "examples", "next");
const host = process.env.HOST ?? "127.0.0.1";
const port = process.env.PORT ?? "3000";

function step(title, command, args, cwd) {
  console.log(`\n> ${title}: ${command} ${args.join(" ")}`);
  execFileSync(command, args, { cwd, env: cleanEnv({ NEXT_TELEMETRY_DISABLED: "1" }), stdio: "inherit" });
}

step("build the addon", "npm", ["run", "--silent", "build"], repoRoot);
const packed = packAll(mkdtempSync(join(tmpdir(), "iron-session-native-example-")));
console.log(`\n> packed ${packed.published.file} and ${packed.platform.file}`);
if (!existsSync(join(app, "node_modules", "next")))
  step("install the example", "npm", ["ci", "--no-audit", "--no-fund"], app);
step(
  "install the package from its tarballs",
  "npm",
  ["install", "--no-save", "--offline", "--no-audit", "--no-fund", packed.published.file, packed.platform.file],
  app,
);
step("build the app", "node", ["node_modules/next/dist/bin/next", "build"], app);

console.log(
  `\n> serving on http://${host}:${port} (Ctrl-C stops it). Log in with any name; /protected needs a session.\n`,
);
// Plain http on loopback: the example's cookies drop `Secure` when INSECURE_COOKIES is set.
const server = spawn("node", ["node_modules/next/dist/bin/next", "start", "-H", host, "-p", port], {
  cwd: app,
  env: cleanEnv({ NEXT_TELEMETRY_DISABLED: "1", INSECURE_COOKIES: "1" }),
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
