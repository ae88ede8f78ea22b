// pnpm (strict, symlinked node_modules), the representative package manager of
// `npm test`, with `next start`. Its relocated standalone output, yarn and bun are
// in the compatibility matrix (`npm run test:compat`, __test__/compat/package-managers.test.mjs).
import { definePackageManagerSuite } from "./helpers/package-manager-suite.mjs";

definePackageManagerSuite("pnpm", { standalone: false });
