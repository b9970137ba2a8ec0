// Bundles the entries (main and post, and the remote-buildkit command, cli) into dist/ for the
// runner's Node: ESM with shared chunks, rebuilt byte for byte from the sources (CI compares it
// with the committed one).
//
// @actions/cache, @actions/tool-cache and @actions/artifact are bundled apart, as
// dist/actions-cache.js, dist/actions-tool-cache.js and dist/actions-artifact.js, which the steps
// import only when they use them. Bundled together, esbuild puts what they share with
// @actions/core (@actions/http-client and undici, ~0.9 MB) into the chunk every step loads, which
// costs each step about a tenth of a second to load.
// Everything lands flat in dist/, so that `./actions-cache.js` is right from whichever file holds
// the import.
import { build } from "esbuild";
import { rm } from "node:fs/promises";

const LAZY = { "@actions/cache": "./actions-cache.js", "@actions/tool-cache": "./actions-tool-cache.js", "@actions/artifact": "./actions-artifact.js" };

const common = {
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "[name]-[hash]",
  legalComments: "eof",
  logLevel: "warning",
  // Some bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: 'import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);' },
};

/** Leaves the lazily loaded packages to their own bundles. */
const lazyPackages = {
  name: "lazy-packages",
  setup(b) {
    b.onResolve({ filter: /^@actions\/(cache|tool-cache|artifact)$/ }, (args) => ({ path: LAZY[args.path], external: true }));
  },
};

/**
 * @actions/core imports @actions/http-client (and with it undici) only for OIDC tokens, which this
 * action never asks for: declared free of side effects, they are left out when unused.
 */
const httpClientWhereUsed = {
  name: "http-client-where-used",
  setup(b) {
    b.onResolve({ filter: /^(@actions\/http-client|undici|tunnel)(\/|$)/ }, async (args) => {
      if (args.pluginData === "resolving") return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: "resolving" });
      return found.errors.length > 0 ? { errors: found.errors } : { path: found.path, sideEffects: false };
    });
  },
};

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({ ...common, entryPoints: ["src/main.ts", "src/post.ts", "src/cli.ts"], plugins: [lazyPackages, httpClientWhereUsed] });
await build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(LAZY).map(([pkg, file]) => [file.replace(/^\.\/|\.js$/g, ""), pkg])),
});
