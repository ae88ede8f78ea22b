import type { NextConfig } from "next";

// Nothing here is needed for iron-session-native.
// - The roots: this app lives inside the package's repository, beside its lockfile,
//   so Next is told where the app's own root is (an app of yours does not need this).
// - NEXT_OUTPUT=standalone only lets the e2e tests check the `output: "standalone"` build.
const appRoot = process.cwd();

const nextConfig: NextConfig = {
  outputFileTracingRoot: appRoot,
  turbopack: { root: appRoot },
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" as const } : {}),
};

export default nextConfig;
