// The package's entry points, resolved by Node itself through package.json
// "exports": require, import (one shared instance), and the WebCrypto build
// that the edge-light/workerd/worker/browser conditions select, for import and
// for require (jest's jsdom environment requires with the browser condition).
import { describe, expect, test } from "vitest";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const EXPORTS = [
  "getIronSession",
  "nextProxyCookies",
  "nodeCookies",
  "sealData",
  "sealDataSync",
  "unsealData",
  "unsealDataSync",
  "webCookies",
];
const PASSWORD = "Gbm49ATjnqnkCCCdhV4uDBhbfnPqsCW0";

/** Runs a script in a fresh Node process inside the package, so "iron-session-native" self-resolves. */
function node(args, source) {
  const out = execFileSync(process.execPath, [...args, "-e", source], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, IRON_SESSION_NATIVE_SILENT: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out);
}

const probe = `
  const sorted = Object.keys(api).filter((k) => k !== "default").sort();
  let backend;
  try { api.sealDataSync({}, { password: "${PASSWORD}" }); backend = "native"; } catch { backend = "webcrypto"; }
  const seal = await api.sealData({ user: { id: 1 } }, { password: "${PASSWORD}" });
  console.log(JSON.stringify({ sorted, backend, seal }));
`;

describe("entry points", () => {
  test("require() gives the native API", () => {
    const result = node([], `(async () => { const api = require("iron-session-native"); ${probe} })()`);
    expect(result.sorted).toEqual(EXPORTS);
    expect(result.backend).toBe("native");
  });

  test("import gives the native API, and the same instance as require()", () => {
    const result = node(
      ["--input-type=module"],
      `import * as api from "iron-session-native";
       import { createRequire } from "node:module";
       const cjs = createRequire(import.meta.url)("iron-session-native");
       if (cjs.getIronSession !== api.getIronSession) throw new Error("two instances");
       ${probe}`,
    );
    expect(result.sorted).toEqual(EXPORTS);
    expect(result.backend).toBe("native");
  });

  test.each(["edge-light", "workerd", "worker", "browser"])(
    "the %s condition selects WebCrypto, whose seals open natively",
    async (condition) => {
      const result = node(
        [`--conditions=${condition}`, "--input-type=module"],
        `import * as api from "iron-session-native"; ${probe}`,
      );
      expect(result.sorted).toEqual(EXPORTS);
      expect(result.backend).toBe("webcrypto");
      const native = await import("../index.mjs");
      expect(await native.unsealData(result.seal, { password: PASSWORD })).toEqual({ user: { id: 1 } });
    },
  );

  test.each(["edge-light", "workerd", "worker", "browser"])(
    "under %s, require() gives the WebCrypto build too, the same instance as import",
    (condition) => {
      const result = node(
        [`--conditions=${condition}`, "--input-type=module"],
        `import * as api from "iron-session-native";
       import { createRequire } from "node:module";
       const require = createRequire(import.meta.url);
       const cjs = require("iron-session-native");
       if (cjs.getIronSession !== api.getIronSession) throw new Error("two instances");
       const resolved = require.resolve("iron-session-native");
       ${probe.replace("console.log(JSON.stringify({ sorted, backend, seal }))", "console.log(JSON.stringify({ sorted, backend, seal, resolved }))")}`,
      );
      expect(result.sorted).toEqual(EXPORTS);
      expect(result.backend).toBe("webcrypto");
      expect(result.resolved.endsWith("edge.cjs")).toBe(true);
    },
  );

  test.each(["edge-light", "browser"])(
    "a CommonJS script under %s gets edge.cjs (no ES module on the require path, as jest needs)",
    (condition) => {
      const result = node(
        [`--conditions=${condition}`],
        `(async () => {
         const api = require("iron-session-native");
         const resolved = require.resolve("iron-session-native");
         ${probe.replace("console.log(JSON.stringify({ sorted, backend, seal }))", "console.log(JSON.stringify({ sorted, backend, seal, resolved }))")}
       })()`,
      );
      expect(result.sorted).toEqual(EXPORTS);
      expect(result.backend).toBe("webcrypto");
      expect(result.resolved.endsWith("edge.cjs")).toBe(true);
    },
  );
});
