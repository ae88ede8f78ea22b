// pnpm (strict, symlinked node_modules), yarn (node-modules linker) and bun, each
// with `next start` and the relocated standalone output.
import { definePackageManagerSuite } from "../e2e/helpers/package-manager-suite.mjs";

definePackageManagerSuite("pnpm");
definePackageManagerSuite("yarn");
definePackageManagerSuite("bun");
