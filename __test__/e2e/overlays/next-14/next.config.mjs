// examples/next/next.config.ts for Next 14, which reads no next.config.ts and
// keeps outputFileTracingRoot under `experimental`. Nothing here is for iron-session-native.
const appRoot = process.cwd();

const nextConfig = {
  experimental: { outputFileTracingRoot: appRoot },
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" } : {}),
};

export default nextConfig;
