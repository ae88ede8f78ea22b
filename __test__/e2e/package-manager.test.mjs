// pnpm (strict, symlinked node_modules), the representative package manager of
// `npm test`; yarn and bun are in the compatibility matrix (`npm run test:compat`).
import { definePackageManagerSuite } from "./helpers/package-manager-suite.mjs";

definePackageManagerSuite("pnpm");
