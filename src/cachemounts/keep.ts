import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { BuildxCommand } from "../buildx/locate.js";
import { errorMessage } from "../errors.js";
import type { Inputs } from "../inputs/inputs.js";
import type { StepReport } from "../progress/analysis.js";
import { seconds } from "../summary/format.js";
import type { CacheStore } from "../platform/port.js";
import type { BuildTarget } from "../run/build.js";
import { buildArgMap, cacheMountKeys, findCacheMounts, LOCKFILES, mountArchiveName, type FoundMount } from "./scan.js";
import { decideCarry, describeFigures, nextFigures, parseRecord, RECORD_FILE, shareBySize, stepsUsingMs, type MountRecord } from "./payoff.js";
import { extractCacheMounts, injectCacheMounts } from "./transfer.js";

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

/** What a step of the copy into or out of the builder (dockerfiles.ts) does, in a few words. */
export function copyStepLabel(name: string): string {
  const tar = /tar (?:--numeric-owner )?-([xc])f \S+ -C \\?"([^"\\]+)\\?"/.exec(name);
  if (tar) return `${tar[1] === "x" ? "unpacking into" : "packing"} ${tar[2]}`;
  const from = /\] FROM (\S+?)(@sha256:\w+)?$/.exec(name);
  if (from) return `pulling ${from[1]}`;
  if (/\[context restored\] load from client/.test(name)) return "sending the archives";
  if (/COPY --from=mount\d+ \/rbk-out\//.test(name)) return "collecting the archives";
  if (/^exporting to client/.test(name)) return "sending them to the runner";
  return name.length > 50 ? `${name.slice(0, 49)}…` : name;
}

/** The slowest steps of a copy into or out of the builder, for the log: what to make cheaper next. */
export function slowestCopySteps(steps: readonly StepReport[]): string {
  const slow = [...steps].filter((s) => s.durationMs >= 100).sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
  return slow.length === 0 ? "" : ` (slowest: ${slow.map((s) => `${copyStepLabel(s.name)} ${seconds(s.durationMs)}`).join(", ")})`;
}

/** Saved cache mounts fetched from the CI's cache into the plan's directory, ready to copy into a builder. */
export interface FetchedMounts {
  readonly entry: string;
  /** The planned mounts whose archives the entry holds. */
  readonly mounts: readonly FoundMount[];
  readonly ms: number;
  /** The figures saved with the entry: what each mount cost and saved last time. */
  readonly record: MountRecord | undefined;
}

/**
 * Fetches the saved cache mounts into plan.dir; undefined when nothing was saved yet. Needs no
 * builder, so it runs while one boots; its notes wait in `notes` until the restore's log group.
 * Never fails the build.
 */
export async function fetchCacheMounts(plan: MountPlan, store: CacheStore, notes: string[]): Promise<FetchedMounts | undefined> {
  const started = Date.now();
  try {
    await rm(plan.dir, { recursive: true, force: true });
    const matched = await store.restore(plan.dir, plan.key, plan.restoreKeys);
    if (!matched || !existsSync(plan.dir)) {
      notes.push(`No saved cache mounts for ${plan.mounts.map((m) => m.target).join(", ")} yet`);
      return undefined;
    }
    const present = new Set(await readdir(plan.dir));
    const restored = plan.mounts.filter((m) => present.has(mountArchiveName(m.id)));
    if (restored.length === 0) notes.push(`The cache entry ${matched} holds none of ${plan.mounts.map((m) => m.target).join(", ")}`);
    const record = present.has(RECORD_FILE) ? parseRecord(await readFile(join(plan.dir, RECORD_FILE), "utf8")) : undefined;
    return { entry: matched, mounts: restored, ms: Date.now() - started, record };
  } catch (err: unknown) {
    notes.push(`Could not restore the cache mounts: ${errorMessage(err)}`);
    return undefined;
  }
}

/** What the restore did with each planned mount, for the save's figures. */
export interface Carried {
  readonly record: MountRecord | undefined;
  /** Mounts left out because, by the last figures, they cost more to carry than they saved: id to why. */
  readonly skipped: ReadonlyMap<string, string>;
  /** Mounts copied into the builder, with their share of the restore's time. */
  readonly restoredMs: ReadonlyMap<string, number>;
}

async function archiveSizes(dir: string, mounts: readonly FoundMount[]): Promise<Map<string, number>> {
  return new Map(await Promise.all(mounts.map(async (m) => [m.id, (await stat(join(dir, mountArchiveName(m.id))).catch(() => undefined))?.size ?? 0] as const)));
}

/**
 * Copies what was fetched into the fallback builder's cache mounts, but for mounts that did not pay
 * last time; then removes it from the runner. Never fails the build.
 */
export async function restoreCacheMounts(plan: MountPlan, fetched: FetchedMounts | undefined, buildx: BuildxCommand, target: BuildTarget, workDir: string, log: (m: string) => void, tools?: string): Promise<Carried> {
  const skipped = new Map<string, string>();
  const restoredMs = new Map<string, number>();
  try {
    if (!fetched) return { record: undefined, skipped, restoredMs };
    for (const m of plan.mounts) {
      const decision = decideCarry(fetched.record?.mounts.find((f) => f.id === m.id));
      if (decision.carry) continue;
      skipped.set(m.id, decision.why);
      log(`Not carrying ${m.target}: ${decision.why}`);
    }
    const mounts = fetched.mounts.filter((m) => !skipped.has(m.id));
    if (mounts.length === 0) return { record: fetched.record, skipped, restoredMs };
    const started = Date.now();
    const sizes = await archiveSizes(plan.dir, mounts);
    const steps = await injectCacheMounts(buildx, target, mounts, plan.dir, workDir, tools);
    const injectMs = Date.now() - started;
    for (const m of mounts) restoredMs.set(m.id, shareBySize(fetched.ms + injectMs, sizes, m.id));
    log(`Restored ${mounts.map((m) => m.target).join(", ")} from the cache entry ${fetched.entry}: ${seconds(fetched.ms)} from the CI's cache, ${seconds(injectMs)} into the builder${slowestCopySteps(steps)}`);
    return { record: fetched.record, skipped, restoredMs };
  } catch (err: unknown) {
    log(`Could not restore the cache mounts: ${errorMessage(err)}`);
    return { record: fetched?.record, skipped, restoredMs: new Map() };
  } finally {
    await discardFetched(plan);
  }
}

/** Removes fetched contents from the runner: they are large, and no longer needed once in the builder. */
export async function discardFetched(plan: MountPlan): Promise<void> {
  await rm(plan.dir, { recursive: true, force: true });
}

/**
 * Copies the carried cache mounts out of the builder and saves them as a new cache entry, with
 * each mount's figures (what carrying it cost, how long its steps took). The upload's own time
 * is not in them: it ends after the entry is written. Never fails the build.
 */
export async function saveCacheMounts(plan: MountPlan, store: CacheStore, buildx: BuildxCommand, target: BuildTarget, workDir: string, log: (m: string) => void, tools: string | undefined,
  carried: Carried, buildSteps: readonly StepReport[]): Promise<void> {
  try {
    await rm(plan.dir, { recursive: true, force: true });
    const mounts = plan.mounts.filter((m) => !carried.skipped.has(m.id));
    const started = Date.now();
    const steps = mounts.length > 0 ? await extractCacheMounts(buildx, target, mounts, plan.dir, workDir, tools) : [];
    const extracted = Date.now();
    const sizes = await archiveSizes(plan.dir, mounts);
    const figures = plan.mounts.map((m) => {
      const last = carried.record?.mounts.find((f) => f.id === m.id);
      const carryMs = carried.skipped.has(m.id) ? undefined : (carried.restoredMs.get(m.id) ?? 0) + shareBySize(extracted - started, sizes, m.id);
      return nextFigures(last, { id: m.id, restored: carried.restoredMs.has(m.id), carryMs, stepsMs: stepsUsingMs(buildSteps, m.id) });
    });
    const record: MountRecord = { version: 1, mounts: figures };
    await mkdir(plan.dir, { recursive: true });
    await writeFile(join(plan.dir, RECORD_FILE), `${JSON.stringify(record)}\n`);
    await store.save(plan.dir, plan.key);
    const what = mounts.length > 0 ? mounts.map((m) => m.target).join(", ") : "the figures of the skipped mounts";
    log(`Saved ${what} as the cache entry ${plan.key}: ${seconds(extracted - started)} out of the builder, ${seconds(Date.now() - extracted)} to the CI's cache${slowestCopySteps(steps)}`);
    for (const f of figures) log(`  ${plan.mounts.find((m) => m.id === f.id)?.target ?? f.id}: ${describeFigures(f)}`);
  } catch (err: unknown) {
    log(`Could not save the cache mounts: ${errorMessage(err)}`);
  } finally {
    await rm(plan.dir, { recursive: true, force: true });
  }
}

/** The summary's word on mounts left out because they did not pay. */
export function skippedMountsAdvice(carried: Carried | undefined, plan: MountPlan | undefined): string[] {
  if (!carried || !plan) return [];
  return [...carried.skipped].map(([id, why]) => `Cache mount ${plan.mounts.find((m) => m.id === id)?.target ?? id} was not carried: ${why}. It is tried again once its steps, run on an empty mount, show it would pay.`);
}
