import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { BuildxCommand } from "../buildx/locate.js";
import type { BuildTarget } from "../buildx/target.js";
import { errorMessage } from "../errors.js";
import type { Inputs } from "../inputs/inputs.js";
import { stopwatch, type Clock } from "../process/host.js";
import type { StepReport } from "../progress/analysis.js";
import { buildArgMap, cacheMountKeys, findCacheMounts, LOCKFILES, mountArchiveName, type FoundMount } from "./scan.js";
import { nextFigures, outlastedMs, parseRecord, RECORD_FILE, shareBySize, stepsUsingMs, type MountFigures, type MountRecord } from "./payoff.js";
import { extractCacheMounts, injectCacheMounts } from "./transfer.js";
import type { ContainerTools } from "./tools.js";

/** The CI's own cache of directories (GitHub's, through @actions/cache): all that carrying cache mounts needs of the CI. */
export interface CacheStore {
  /** Restores into path; the key that matched, or undefined. */
  restore(path: string, key: string, restoreKeys: readonly string[]): Promise<string | undefined>;
  /** The key a restore would match, without its download; undefined when none would. */
  lookup(path: string, key: string, restoreKeys: readonly string[]): Promise<string | undefined>;
  save(path: string, key: string): Promise<void>;
}

/** The same absolute path in every job: @actions/cache versions an entry by its paths. */
export function mountsDir(tempDir: string): string {
  return join(tempDir, "remote-buildkit-cache-mounts");
}

export interface MountPlan {
  readonly mounts: readonly FoundMount[];
  readonly dir: string;
  readonly key: string;
  readonly restoreKeys: readonly string[];
}

/** Hash of the lockfiles in the context (three levels deep): new dependencies, new key. */
async function lockfileHash(context: string): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isFile() && LOCKFILES.includes(entry.name)) hash.update(path.slice(context.length)).update(await readFile(path));
      else if (entry.isDirectory() && depth < 3 && !["node_modules", ".git", "vendor", "target", "dist"].includes(entry.name)) await walk(path, depth + 1);
    }
  };
  await walk(context, 1);
  return hash.digest("hex").slice(0, 16);
}

/** Which cache mounts to carry, or why none: a note for the log. */
export async function planCacheMounts(inputs: Inputs, cwd: string, tempDir: string, scope: string, runId: string): Promise<MountPlan | string> {
  if (inputs.cacheMounts.mode === "off") return "cache-mounts is off";
  if (/^[a-z]+:\/\//i.test(inputs.context) || inputs.context.startsWith("git@")) return "the context is not a local directory";
  const context = isAbsolute(inputs.context) ? inputs.context : join(cwd, inputs.context);
  const file = inputs.file ? (isAbsolute(inputs.file) ? inputs.file : join(cwd, inputs.file)) : join(context, "Dockerfile");
  const dockerfile = await readFile(file, "utf8").catch(() => "");
  const scanned = findCacheMounts(dockerfile, buildArgMap(inputs.buildArgs));
  const wanted = inputs.cacheMounts.mode === "list"
    ? inputs.cacheMounts.mounts.map((m) => scanned.find((s) => s.id === m.id || s.target === m.target) ?? { ...m, base: "", ownership: "" })
    : scanned;
  const mounts = wanted.filter((m) => m.base !== "");
  if (mounts.length === 0) {
    return wanted.length === 0 ? "the Dockerfile has no RUN --mount=type=cache" : "their stages run on no image with a shell (scratch, or an image named by an ARG that has no value)";
  }
  const keys = cacheMountKeys(scope, await lockfileHash(context), runId, randomBytes(4).toString("hex"));
  return { mounts, dir: mountsDir(tempDir), ...keys };
}

/**
 * Whether the entry was saved with other lockfiles than the context's (it matched the scope's
 * restore key, not the lockfiles'): then the steps that install dependencies run again.
 */
export function savedWithOtherLockfiles(plan: Pick<MountPlan, "restoreKeys">, entry: string): boolean {
  const sameLockfiles = plan.restoreKeys[0];
  return sameLockfiles !== undefined && !entry.startsWith(sameLockfiles);
}

/** Saved cache mounts fetched from the CI's cache into the plan's directory, ready to copy into a builder. */
export interface FetchedMounts {
  readonly entry: string;
  /** The planned mounts whose archives the entry holds: none when it holds only the figures of skipped ones. */
  readonly mounts: readonly FoundMount[];
  readonly ms: number;
  /** The figures saved with the entry: what each mount cost and saved last time. */
  readonly record: MountRecord | undefined;
}

/** What fetching found: the mounts to copy in, or a note saying why there are none. */
export type FetchOutcome = { readonly fetched: FetchedMounts } | { readonly fetched: undefined; readonly note: string };

/** Said when a cache entry has nothing for these mounts (found by their targets): they start empty. */
export function holdsNone(entry: string, mounts: readonly FoundMount[]): string {
  return `The cache entry ${entry} holds none of ${mounts.map((m) => m.target).join(", ")}`;
}

/**
 * Fetches the saved cache mounts into plan.dir. Needs no builder, so it runs while one boots.
 * Never fails the build: a failure is a note.
 */
export async function fetchCacheMounts(plan: MountPlan, store: CacheStore, clock: Clock): Promise<FetchOutcome> {
  const elapsed = stopwatch(clock);
  const targets = plan.mounts.map((m) => m.target).join(", ");
  try {
    await rm(plan.dir, { recursive: true, force: true });
    const matched = await store.restore(plan.dir, plan.key, plan.restoreKeys);
    if (!matched || !existsSync(plan.dir)) return { fetched: undefined, note: `No saved cache mounts for ${targets} yet` };
    const present = new Set(await readdir(plan.dir));
    const restored = plan.mounts.filter((m) => present.has(mountArchiveName(m.id)));
    const record = present.has(RECORD_FILE) ? parseRecord(await readFile(join(plan.dir, RECORD_FILE), "utf8")) : undefined;
    // An entry with figures and no archives is what a run that skipped every mount saved: its
    // figures must reach the skip rule, or the next run would carry, and save, them all again.
    if (restored.length === 0 && !record) return { fetched: undefined, note: holdsNone(matched, plan.mounts) };
    return { fetched: { entry: matched, mounts: restored, ms: elapsed(), record } };
  } catch (err: unknown) {
    return { fetched: undefined, note: `Could not restore the cache mounts: ${errorMessage(err)}` };
  }
}

/** A copy into or out of the builder that worked: how long it took, and its steps, to say where the time went. */
export interface CopyFacts {
  readonly ok: true;
  readonly copyMs: number;
  readonly steps: readonly StepReport[];
  /** Streamed through the builder's own container (stream.ts), or sent through buildx's session. */
  readonly via: "stream" | "session";
  /** Why the stream failed, when the session took over. */
  readonly streamError?: string;
}

/** CopyFacts' account of the way a copy went. */
function way(tools: ContainerTools | undefined, streamError: string | undefined): Pick<CopyFacts, "via" | "streamError"> {
  return { via: tools?.stream && streamError === undefined ? "stream" : "session", ...(streamError !== undefined ? { streamError } : {}) };
}

/** What restoring did: the mounts copied in (with their archives' sizes), or why not. */
export type RestoreFacts = (CopyFacts & {
  readonly fetched: FetchedMounts;
  readonly copied: readonly FoundMount[];
  /** Each archive's size in bytes. */
  readonly sizes: ReadonlyMap<string, number>;
  /** Each mount's disk use once restored, in KiB. */
  readonly restoredKb: ReadonlyMap<string, number>;
})
  | { readonly ok: false; readonly error: string };

async function archiveSizes(dir: string, mounts: readonly FoundMount[]): Promise<Map<string, number>> {
  return new Map(await Promise.all(mounts.map(async (m) => [m.id, (await stat(join(dir, mountArchiveName(m.id))).catch(() => undefined))?.size ?? 0] as const)));
}

/**
 * Copies the fetched mounts named in `copy` into the fallback builder's cache mounts (with `tools`,
 * the builder's own busybox, when there are some; emptied first when `clear`), then removes what
 * was fetched from the runner.
 * Never fails the build.
 */
export async function restoreCacheMounts(plan: MountPlan, fetched: FetchedMounts, copy: readonly FoundMount[], buildx: BuildxCommand, target: BuildTarget, workDir: string, clock: Clock,
  tools: ContainerTools | undefined, clear: boolean): Promise<RestoreFacts> {
  try {
    const elapsed = stopwatch(clock);
    const sizes = await archiveSizes(plan.dir, copy);
    const { result: { steps, restoredKb }, streamError } = await injectCacheMounts(buildx, target, copy, plan.dir, workDir, tools, clear);
    return { ok: true, fetched, copied: copy, sizes, restoredKb, copyMs: elapsed(), steps, ...way(tools, streamError) };
  } catch (err: unknown) {
    return { ok: false, error: errorMessage(err) };
  } finally {
    await discardFetched(plan);
  }
}

/** Removes fetched contents from the runner: they are large, and no longer needed once in the builder. */
export async function discardFetched(plan: MountPlan): Promise<void> {
  await rm(plan.dir, { recursive: true, force: true });
}

/** What the restore did with each planned mount, for the figures the save records. */
export interface Carried {
  readonly record: MountRecord | undefined;
  /** Mounts left out because, by the last figures, they cost more to carry than they saved: id to why. */
  readonly skipped: ReadonlyMap<string, string>;
  /** Mounts copied into the builder, with their share of the restore's time. */
  readonly restoredMs: ReadonlyMap<string, number>;
  /** Their disk use once restored, in KiB. */
  readonly restoredKb: ReadonlyMap<string, number>;
  /** The entry was saved with other lockfiles than these. */
  readonly newLockfiles: boolean;
  /** The copy shared the CPU with the unpacking of the stages' images: its time is no fair measure of the carry. */
  readonly copyShared: boolean;
}

/** What saving did: the mounts copied out and stored, with each mount's figures, or why not. */
export type SaveFacts = (CopyFacts & { readonly key: string; readonly storeMs: number; readonly saved: readonly FoundMount[]; readonly figures: readonly MountFigures[] })
  | { readonly ok: false; readonly error: string };

/**
 * Copies the carried cache mounts out of the builder and saves them as a new cache entry, with each
 * mount's figures (what carrying it cost, how long its steps took). The upload's own time is not
 * in them: it ends after the entry is written. Nor is the copy out's, as far as it ran beside the
 * build's export: `builtAt` is the clock time the build ended, undefined while it runs. Never
 * fails the build.
 */
export async function saveCacheMounts(plan: MountPlan, store: CacheStore, buildx: BuildxCommand, target: BuildTarget, workDir: string, clock: Clock,
  carried: Carried, buildSteps: readonly StepReport[], builtAt: () => number | undefined, tools?: ContainerTools): Promise<SaveFacts> {
  try {
    await rm(plan.dir, { recursive: true, force: true });
    const mounts = plan.mounts.filter((m) => !carried.skipped.has(m.id));
    const copyStart = clock().getTime();
    const { result: steps, streamError } = mounts.length > 0 ? await extractCacheMounts(buildx, target, mounts, plan.dir, workDir, tools) : { result: [], streamError: undefined };
    const copyEnd = clock().getTime();
    const copyMs = copyEnd - copyStart;
    const waitedMs = outlastedMs(copyStart, copyEnd, builtAt());
    const sizes = await archiveSizes(plan.dir, mounts);
    const figures = plan.mounts.map((m) => nextFigures(carried.record?.mounts.find((f) => f.id === m.id), {
      id: m.id,
      restored: carried.restoredMs.has(m.id),
      carryMs: carried.skipped.has(m.id) ? undefined : (carried.restoredMs.get(m.id) ?? 0) + shareBySize(waitedMs, sizes, m.id),
      carryShared: carried.copyShared,
      stepsMs: stepsUsingMs(buildSteps, m.id),
    }));
    await mkdir(plan.dir, { recursive: true });
    await writeFile(join(plan.dir, RECORD_FILE), `${JSON.stringify({ version: 1, mounts: figures } satisfies MountRecord)}\n`);
    const storing = stopwatch(clock);
    await store.save(plan.dir, plan.key);
    return { ok: true, key: plan.key, copyMs, storeMs: storing(), steps, saved: mounts, figures, ...way(mounts.length > 0 ? tools : undefined, streamError) };
  } catch (err: unknown) {
    return { ok: false, error: errorMessage(err) };
  } finally {
    await rm(plan.dir, { recursive: true, force: true });
  }
}
