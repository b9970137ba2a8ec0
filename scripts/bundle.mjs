// Bundles the entries (main and post, and the remote-buildkit command, cli) into dist/ for the
// runner's Node: one ESM bundle with shared chunks, rebuilt byte for byte from the sources (CI
// compares it with the committed one).
import { build } from "esbuild";
import { rm } from "node:fs/promises";

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ["src/main.ts", "src/post.ts", "src/cli.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "eof",
  logLevel: "warning",
  // Some bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: 'import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);' },
});
