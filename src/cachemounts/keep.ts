import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { BuildxCommand } from "../buildx/locate.js";
import { errorMessage } from "../errors.js";
import type { Inputs } from "../inputs/inputs.js";
import type { StepReport } from "../progress/analysis.js";
import { seconds } from "../summary/format.js";
import type { CacheStore } from "../platform/port.js";
import type { BuildTarget } from "../run/build.js";
import { buildArgMap, cacheMountKeys, findCacheMounts, LOCKFILES, mountArchiveName, type FoundMount } from "./scan.js";
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
  const keys = cacheMountKeys(scope, await lockfileHash(context), runId);
  return { mounts, dir: mountsDir(tempDir), ...keys };
}

/** What a step of the copy into or out of the builder (dockerfiles.ts) does, in a few words. */
export function copyStepLabel(name: string): string {
  const tar = /tar -([xc])f \S+ -C "([^"]+)"/.exec(name);
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
  readonly mounts: readonly FoundMount[];
  readonly ms: number;
}

/**
 * Fetches the saved cache mounts into plan.dir; undefined when there is nothing to copy. Needs no
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
    return restored.length === 0 ? undefined : { entry: matched, mounts: restored, ms: Date.now() - started };
  } catch (err: unknown) {
    notes.push(`Could not restore the cache mounts: ${errorMessage(err)}`);
    return undefined;
  }
}

/** Copies what was fetched into the fallback builder's cache mounts, then removes it from the runner. Never fails the build. */
export async function restoreCacheMounts(plan: MountPlan, fetched: FetchedMounts | undefined, buildx: BuildxCommand, target: BuildTarget, workDir: string, log: (m: string) => void): Promise<void> {
  try {
    if (!fetched) return;
    const started = Date.now();
    const steps = await injectCacheMounts(buildx, target, fetched.mounts, plan.dir, workDir);
    log(`Restored ${fetched.mounts.map((m) => m.target).join(", ")} from the cache entry ${fetched.entry}: ${seconds(fetched.ms)} from the CI's cache, ${seconds(Date.now() - started)} into the builder${slowestCopySteps(steps)}`);
  } catch (err: unknown) {
    log(`Could not restore the cache mounts: ${errorMessage(err)}`);
  } finally {
    await discardFetched(plan);
  }
}

/** Removes fetched contents from the runner: they are large, and no longer needed once in the builder. */
export async function discardFetched(plan: MountPlan): Promise<void> {
  await rm(plan.dir, { recursive: true, force: true });
}

/** Copies the cache mounts out of the builder and saves them as a new cache entry. Never fails the build. */
export async function saveCacheMounts(plan: MountPlan, store: CacheStore, buildx: BuildxCommand, target: BuildTarget, workDir: string, log: (m: string) => void): Promise<void> {
  try {
    await rm(plan.dir, { recursive: true, force: true });
    const started = Date.now();
    const steps = await extractCacheMounts(buildx, target, plan.mounts, plan.dir, workDir);
    const extracted = Date.now();
    await store.save(plan.dir, plan.key);
    log(`Saved ${plan.mounts.map((m) => m.target).join(", ")} as the cache entry ${plan.key}: ${seconds(extracted - started)} out of the builder, ${seconds(Date.now() - extracted)} to the CI's cache${slowestCopySteps(steps)}`);
  } catch (err: unknown) {
    log(`Could not save the cache mounts: ${errorMessage(err)}`);
  } finally {
    await rm(plan.dir, { recursive: true, force: true });
  }
}
