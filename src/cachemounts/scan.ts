import type { CacheMount } from "../inputs/inputs.js";
import { mountId, mountOptions, mountTarget } from "../inputs/mounts.js";

/** A cache mount of the Dockerfile, with the image its stage runs on (for a shell to copy with). */
export interface FoundMount extends CacheMount {
  /** The external image the stage is built FROM; empty when there is none to run a shell in (scratch, an ARG without a value). */
  readonly base: string;
  /** uid, gid and mode, which decide the owner of a new mount: ours must create it as the user's step would. */
  readonly ownership: string;
}

/** Dockerfile instructions, with line continuations joined and comments left out. */
function instructions(text: string): string[] {
  const joined = text.replace(/\r\n?/g, "\n").split("\n").filter((l) => !/^\s*#/.test(l)).join("\n").replace(/\\\n/g, " ");
  return joined.split("\n").map((l) => l.trim()).filter(Boolean);
}

/** The cache mounts of one RUN line: their options, id (the target when there is none) and target. */
function cacheMountsOf(line: string): Array<{ readonly options: Map<string, string>; readonly id: string; readonly target: string }> {
  return [...line.matchAll(/--mount=(\S+)/g)].flatMap((match) => {
    const options = mountOptions(match[1] ?? "");
    const target = mountTarget(options);
    return options.get("type") === "cache" && target ? [{ options, id: mountId(options), target }] : [];
  });
}

/**
 * A FROM image with the global ARGs (those before the first FROM) put in: `$NAME`, `${NAME}`,
 * `${NAME:-word}` and `${NAME:+word}`, as BuildKit expands them; undefined when one has no value.
 */
export function expandFrom(image: string, args: ReadonlyMap<string, string>): string | undefined {
  let unresolved = false;
  const expanded = image.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced?: string, op?: string, word?: string, bare?: string) => {
    const value = args.get(braced ?? bare ?? "");
    if (op === "-") return value || (word ?? "");
    if (op === "+") return value ? (word ?? "") : "";
    if (value === undefined) unresolved = true;
    return value ?? "";
  });
  return unresolved ? undefined : expanded;
}

/** `KEY=VALUE` build arguments by key; a bare `KEY` (taken from the environment by docker) is left out. */
export function buildArgMap(buildArgs: readonly string[]): Map<string, string> {
  return new Map(buildArgs.flatMap((a) => (a.includes("=") ? [[a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] as const] : [])));
}

/**
 * The `RUN --mount=type=cache` directories of a Dockerfile, each once, by id (its target when it
 * has none). `buildArgs` give the global ARGs their values, as `--build-arg` does.
 */
export function findCacheMounts(dockerfile: string, buildArgs: ReadonlyMap<string, string> = new Map()): FoundMount[] {
  const stages = new Map<string, string>();
  const globalArgs = new Map<string, string>();
  let inStage = false;
  let base = "";
  const found = new Map<string, FoundMount>();
  for (const line of instructions(dockerfile)) {
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?/i.exec(line);
    if (arg && !inStage) {
      const [, name = "", fallback] = arg;
      const value = buildArgs.get(name) ?? fallback?.replace(/^(["'])(.*)\1$/, "$2");
      if (value !== undefined) globalArgs.set(name, value);
      continue;
    }
    const from = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      inStage = true;
      const image = expandFrom(from[1] ?? "", globalArgs) ?? "";
      base = stages.get(image.toLowerCase()) ?? (image === "scratch" ? "" : image);
      if (from[2]) stages.set(from[2].toLowerCase(), base);
      continue;
    }
    if (!/^RUN\s/i.test(line)) continue;
    for (const { options, id, target } of cacheMountsOf(line)) {
      const ownership = ["uid", "gid", "mode"].filter((k) => options.has(k)).map((k) => `,${k}=${options.get(k) ?? ""}`).join("");
      if (!found.has(id)) found.set(id, { id, target, base, ownership });
    }
  }
  return [...found.values()];
}

/**
 * The file a mount travels in, named from its id: one tar a mount, not a directory, since exporting
 * a Go build cache (tens of thousands of small files) file by file took over 15 minutes.
 */
export function mountArchiveName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "mount"}.tar`;
}

/** The files whose change means new dependencies; their hash keys the saved contents. */
export const LOCKFILES: readonly string[] = Object.freeze([
  "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "go.sum", "Cargo.lock",
  "requirements.txt", "poetry.lock", "Pipfile.lock", "uv.lock", "Gemfile.lock", "composer.lock", "pom.xml", "build.gradle",
  "gradle.lockfile", "packages.lock.json", "mix.lock",
]);

/**
 * Cache keys: the newest entry of the same dependencies first, else the newest of the scope, so a
 * changed lockfile still starts from the previous contents. Each run saves a new entry.
 */
export function cacheMountKeys(scope: string, lockHash: string, runId: string): { key: string; restoreKeys: string[] } {
  const prefix = `remote-buildkit-cache-mounts-${scope}-`;
  return { key: `${prefix}${lockHash}-${runId}`, restoreKeys: [`${prefix}${lockHash}-`, prefix] };
}

/**
 * Whether a build ran a step that mounts one of these caches. When every such step came from the
 * layer cache, the mounts hold what was restored, and saving them again would only cost time.
 */
export function ranWithCacheMounts(steps: ReadonlyArray<{ readonly name: string; readonly cached: boolean }>, mounts: readonly CacheMount[]): boolean {
  return steps.some((step) => !step.cached && cacheMountsOf(step.name).some(({ id }) => mounts.some((m) => m.id === id)));
}
