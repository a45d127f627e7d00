import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const file = (path: string) => fileURLToPath(new URL(`./${path}`, import.meta.url));
const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources, so a test run does not depend on a fresh build.
    // Subpath entries come first: an alias also matches "<key>/...", and the first match wins.
    alias: {
      "@discernus/gateway/canonical-json": file("packages/gateway/src/cache/canonical-json.ts"),
      "@discernus/gateway/types": file("packages/gateway/src/types.ts"),
      "@discernus/provenance/browser": file("packages/provenance/src/browser.ts"),
      "@discernus/analysis": src("analysis"),
      "@discernus/cli": src("cli"),
      "@discernus/gateway": src("gateway"),
      "@discernus/kernel-helpers": fileURLToPath(new URL("./kernel-helpers/src/index.ts", import.meta.url)),
      "@discernus/provider-sim": src("provider-sim"),
      "@discernus/provenance": src("provenance"),
      "@discernus/tokenizer": src("tokenizer"),
    },
  },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "kernel-helpers/test/**/*.test.ts",
      "bench/test/**/*.test.ts",
      // The extension's pure parts, in Node: the browser parts are covered by extension/test/e2e.
      "extension/test/unit/**/*.test.ts",
      // JupyterLab with the sidebar in Chromium, against `discernus lab` (needs `npm run build`).
      "extension/test/e2e/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
