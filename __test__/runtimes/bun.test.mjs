// Bun (from the npm package `bun`) serves sessions with Bun.serve, with the package installed from
// its tarballs. Bun loads Node-API addons, so the package runs on its native addon there.
// Deno, and Bun through require(), are in __test__/compat/.
import { describe } from "vitest";
import { runtimeServerSuite } from "../helpers/runtime-server.mjs";

describe("Bun.serve", () => {
  runtimeServerSuite({ runtime: "bun", args: [], backend: "native" });
});
