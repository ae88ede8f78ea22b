// yarn (node-modules linker) and bun; pnpm is __test__/e2e/package-manager.test.mjs.
import { definePackageManagerSuite } from "../e2e/helpers/package-manager-suite.mjs";

definePackageManagerSuite("yarn");
definePackageManagerSuite("bun");
