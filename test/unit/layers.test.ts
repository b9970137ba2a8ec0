import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { REPO } from "../bed/runner.js";

/**
 * The layers of src/, from the outer edge down (README "How it is built" draws them). A file may
 * import from its own folder and from any lower layer, never from its own layer's other folders
 * or from above: so no loop between folders can form, and low layers stay free of CI and wiring.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["main.ts", "post.ts", "cli.ts"],
  ["issuer/"],
  ["platform/", "cli/"],
  ["run/"],
  ["keyless/"],
  ["summary/"],
  ["health/"],
  ["cachemounts/"],
  ["buildx/", "policy/", "registry/"],
  ["certs/", "tls/", "inputs/", "progress/", "routing/", "files/"],
  ["process/", "errors.ts", "json.ts"],
];

const SRC = join(REPO, "src");

/** The part of src/ a file belongs to: its top folder (`run/`), or the file itself at the top. */
function partOf(file: string): string {
  const path = relative(SRC, file);
  const slash = path.indexOf("/");
  return slash < 0 ? path : path.slice(0, slash + 1);
}

/** Lower is deeper; undefined for a part no layer lists. */
function depth(part: string): number | undefined {
  const index = LAYERS.findIndex((layer) => layer.includes(part));
  return index < 0 ? undefined : LAYERS.length - index;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Relative imports of a file (static, type-only and dynamic), resolved to the .ts file they name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)["'](\.[^"']+)["']/gm)].map((m) => m[1] ?? "");
  return specifiers.map((s) => resolve(dirname(file), s).replace(/\.js$/, ".ts"));
}

/** Every import that points the wrong way, as `from -> to: why`. */
export function wrongWayImports(files: readonly string[], read: (file: string) => string[] = importsOf): string[] {
  const wrong: string[] = [];
  for (const file of files) {
    const from = partOf(file);
    for (const target of read(file)) {
      if (!target.startsWith(`${SRC}/`)) {
        wrong.push(`${relative(REPO, file)} -> ${relative(REPO, target)}: src/ imports nothing outside it`);
        continue;
      }
      const to = partOf(target);
      if (from === to && from.endsWith("/")) continue;
      const [a, b] = [depth(from), depth(to)];
      if (a === undefined || b === undefined) continue; // reported by the test that every part has a layer
      if (b >= a) wrong.push(`${relative(REPO, file)} -> ${relative(REPO, target)}: ${from} may import only from the layers below it, and ${to} is ${b === a ? "beside" : "above"} it`);
    }
  }
  return wrong;
}

describe("the layers of src/", () => {
  const files = sources(SRC);

  it("places every folder and top file of src/ in a layer", () => {
    const unplaced = [...new Set(files.map(partOf))].filter((p) => depth(p) === undefined);
    assert.deepEqual(unplaced, [], "add each to LAYERS in test/unit/layers.test.ts and to README's picture");
  });

  it("has no import that points up or sideways, so no loop between folders", () => {
    assert.deepEqual(wrongWayImports(files), []);
  });

  it("is the picture README.md draws: every part of every layer stands in its mermaid chart", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const chart = /## How it is built\n[\s\S]*?```mermaid\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    assert.deepEqual(LAYERS.flat().filter((part) => !chart.includes(part)), [], "add each to the mermaid chart under README.md's How it is built, in its layer's box");
  });

  it("catches an import that points the wrong way", () => {
    const lower = join(SRC, "cachemounts", "keep.ts");
    const found = wrongWayImports([lower], () => [join(SRC, "summary", "format.ts"), join(SRC, "buildx", "target.ts"), join(SRC, "cachemounts", "scan.ts")]);
    assert.deepEqual(found, ["src/cachemounts/keep.ts -> src/summary/format.ts: cachemounts/ may import only from the layers below it, and summary/ is above it"]);
    const beside = wrongWayImports([join(SRC, "policy", "fallback.ts")], () => [join(SRC, "registry", "auth.ts")]);
    assert.match(beside[0] ?? "", /policy\/ may import only from the layers below it, and registry\/ is beside it/);
  });
});
