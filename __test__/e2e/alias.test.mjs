// The drop-in install: `npm i iron-session@npm:iron-session-native` (here from
// the tarball) and an app that imports "iron-session", built with each bundler
// and no configuration, then every flow against the relocated standalone server
// (the strictest case: the addon must be found by the alias name and traced).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ensureBuild, relocatedStandalone } from "./helpers/app.mjs";
import { defineAppFlows } from "./helpers/flows.mjs";

describe.each(["turbopack", "webpack"])("installed as iron-session, %s, output: standalone, relocated", (bundler) => {
  let standalone;

  beforeAll(async () => {
    const build = ensureBuild(bundler, "alias");
    standalone = await relocatedStandalone(build.dir, `standalone-${bundler}-alias`);
  });

  afterAll(() => standalone?.stop());

  test("the standalone output holds iron-session (this package) and the binary package, not iron-session-native", () => {
    const modules = join(standalone.hidden, ".next", "standalone", "node_modules");
    expect(existsSync(join(modules, "iron-session", "binding.cjs"))).toBe(true);
    expect(existsSync(join(modules, "iron-session-native"))).toBe(false);
    expect(readdirSync(modules).filter((name) => name.startsWith("iron-session-native-"))).toHaveLength(1);
  });

  defineAppFlows(() => standalone.server);
});
