"use strict";

// Picks the seal backend for Node: the native addon, or WebCrypto when no
// prebuilt binary matches this platform or it fails to load.
//
// This file is loaded in two ways, and the addon must load in both without
// any bundler configuration:
//
// 1. By Node itself (plain Node, Express, Next.js Pages Router and
//    serverExternalPackages, which leave node_modules to Node's require).
//    Then `../binding.cjs` is next to this file.
// 2. Bundled into a server chunk by webpack or Turbopack (Next.js App Router,
//    Server Actions, proxy.ts). A bundler cannot bundle a `.node` file, so the
//    binding is loaded at run time with Node's own require, by package name:
//    the chunk lives in `.next/server/...` and resolves `<pkg>/binding.cjs`
//    from the app's node_modules. The package may be installed under its own
//    name or as `iron-session` (`npm i iron-session@npm:iron-session-native`),
//    so both names are tried, and only a module with seal/unseal is accepted.
//
// How each tool sees it:
// - webpack evaluates `typeof __webpack_require__` to "function" at build
//   time and drops the `else` branch unparsed; `__non_webpack_require__(x)` is
//   emitted as a plain `require(x)`, which Next's file tracing (nft, run on the
//   emitted chunks) follows, so `output: "standalone"` copies the binding.
// - Turbopack skips requires marked `turbopackIgnore`; the emitted chunk calls
//   Node's require at run time. Its file tracing does not follow those, so
//   `traceHints` below gives it a static reference to this package's folder.
// - nft tracing the unbundled package (case 1) ignores the comments and
//   follows `require("../binding.cjs")`.

const FALLBACK_WARNING_CODE = "IRON_SESSION_NATIVE_FALLBACK";
// One warning per process, even when several bundles each carry a copy of this file.
const WARNED = Symbol.for("iron-session-native.fallback-warned");

// Tries each [specifier, load] in turn. Moves on only when the specifier itself
// is not there (or is another package's, like the real iron-session's); any
// other error, such as binding.cjs finding no binary for this platform, is the
// reason to report.
function firstBinding(candidates) {
  const missing = [];
  for (const [specifier, load] of candidates) {
    let binding;
    try {
      binding = load();
    } catch (error) {
      const notThere =
        (error?.code === "MODULE_NOT_FOUND" || error?.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") &&
        String(error.message).includes(specifier);
      if (!notThere) throw error;
      missing.push(specifier);
      continue;
    }
    if (binding && typeof binding.seal === "function" && typeof binding.unseal === "function") return binding;
    missing.push(specifier);
  }
  throw new Error(`Cannot find the iron-session-native binding (tried ${missing.join(", ")})`);
}

function loadBinding() {
  // Keep the `else`: webpack drops an `else` branch it can prove dead, but
  // would still parse (and try to bundle) requires that follow an `if`.
  if (typeof __webpack_require__ === "function") {
    // Bundled by webpack.
    return firstBinding([
      ["iron-session-native/binding.cjs", () => __non_webpack_require__("iron-session-native/binding.cjs")],
      ["iron-session/binding.cjs", () => __non_webpack_require__("iron-session/binding.cjs")],
    ]);
  } else {
    // Node, or bundled by Turbopack (where the relative path is not there and a name resolves).
    return firstBinding([
      ["../binding.cjs", () => require(/* webpackIgnore: true */ /* turbopackIgnore: true */ "../binding.cjs")],
      [
        "iron-session-native/binding.cjs",
        () => require(/* webpackIgnore: true */ /* turbopackIgnore: true */ "iron-session-native/binding.cjs"),
      ],
      [
        "iron-session/binding.cjs",
        () => require(/* webpackIgnore: true */ /* turbopackIgnore: true */ "iron-session/binding.cjs"),
      ],
      ...bundledFolderBinding(),
    ]);
  }
}

// Turbopack writes a bundled module's `__dirname` as its path under the project, prefixed
// "/ROOT/" (Next 15 and 16 chunks). Taken from the working directory (the app, or the
// standalone folder that its server.js changes into), that is this package's own folder, which
// the trace hints below copy into a standalone output: the way to the binding where no
// `node_modules/<name>` link leads to it, as in pnpm's standalone output, whose package
// lives only under node_modules/.pnpm.
function bundledFolderBinding() {
  const prefix = "/ROOT/";
  if (!__dirname.startsWith(prefix)) return [];
  const file = require("node:path").resolve(__dirname.slice(prefix.length), "..", "binding.cjs");
  return [[file, () => require(/* webpackIgnore: true */ /* turbopackIgnore: true */ file)]];
}

// Never called. Static references for Turbopack's output file tracing
// (`output: "standalone"`), which does not follow the hidden requires above:
// this package's folder (binding.cjs, and a locally built .node), and the
// folders of the prebuilt-binary packages (one per napi.targets entry; npm and
// pnpm both install an optional dependency next to the package that needs it).
// A folder that is not installed traces nothing. Without these, a standalone
// build made by Turbopack would lack the addon and run on the WebCrypto fallback.
function traceHints() {
  const fs = require("node:fs");
  const path = require("node:path");
  fs.readdirSync(path.join(__dirname, ".."));
  fs.readdirSync(path.join(__dirname, "..", "..", "iron-session-native-linux-x64-gnu"));
  fs.readdirSync(path.join(__dirname, "..", "..", "iron-session-native-linux-arm64-gnu"));
  fs.readdirSync(path.join(__dirname, "..", "..", "iron-session-native-linux-x64-musl"));
  fs.readdirSync(path.join(__dirname, "..", "..", "iron-session-native-linux-arm64-musl"));
  fs.readdirSync(path.join(__dirname, "..", "..", "iron-session-native-darwin-x64"));
  fs.readdirSync(path.join(__dirname, "..", "..", "iron-session-native-darwin-arm64"));
  fs.readdirSync(path.join(__dirname, "..", "..", "iron-session-native-win32-x64-msvc"));
}

// Meets the SealBackend contract (lib/backend.d.ts), checked by __test__/types/backend.cts.
function loadNativeBackend() {
  const binding = loadBinding();
  return { name: "native", sync: true, seal: binding.seal, unseal: binding.unseal };
}

// The line of the load failure worth showing: from napi-rs's "Cannot find native binding"
// error (the first loader's), the last native candidate it tried (the missing platform
// package, a corrupt file, an unsupported platform), not the WASI ones this package lacks.
function loadFailureReason(error) {
  const first = Array.isArray(error.cause) ? error.cause[0] : error;
  for (let cause = first?.cause; cause; cause = cause.cause) {
    const line = String(cause.message).split("\n")[0];
    if (!/wasm32-wasi|\.wasi\.cjs/.test(line)) return line;
  }
  return String(first?.message || error.message).split("\n")[0];
}

function silenced() {
  const value = process.env.IRON_SESSION_NATIVE_SILENT;
  return Boolean(value) && !/^(0|false|no)$/i.test(value);
}

function loadBackend() {
  try {
    return loadNativeBackend();
  } catch (error) {
    if (!silenced() && !globalThis[WARNED]) {
      globalThis[WARNED] = true;
      process.emitWarning(
        `iron-session-native: the native addon for ${process.platform}-${process.arch} did not load (${loadFailureReason(error)}); sessions run on WebCrypto instead, with the same API and the same cookies but slower (sealDataSync/unsealDataSync throw). Set IRON_SESSION_NATIVE_SILENT=1 to hide this warning.`,
        { code: FALLBACK_WARNING_CODE },
      );
    }
    return require("./webcrypto.cjs");
  }
}

module.exports = { loadBackend, FALLBACK_WARNING_CODE, traceHints };
