import { join } from "node:path";
import type { BuildxCommand } from "../buildx/locate.js";
import type { BuildTarget } from "../buildx/target.js";
import { discardFetched, fetchCacheMounts, planCacheMounts, restoreCacheMounts, saveCacheMounts, type CacheStore, type FetchOutcome, type MountPlan } from "../cachemounts/keep.js";
import { ranWithCacheMounts } from "../cachemounts/scan.js";
import { stopwatch } from "../process/host.js";
import type { StepReport } from "../progress/analysis.js";
import { restoreLine, saveLine } from "../summary/mounts.js";
import type { Job } from "./context.js";

/** Cache mounts on their way from the CI's cache: fetched while the fallback builder boots. */
export interface MountsInFlight {
  readonly plan: MountPlan;
  readonly store: CacheStore;
  readonly fetching: Promise<FetchOutcome>;
}

/** Cache mounts carried for a builder: restored into it, to be saved from it after the build. */
export interface CarriedMounts {
  readonly plan: MountPlan;
  readonly store: CacheStore;
  readonly buildx: BuildxCommand;
  readonly target: BuildTarget;
  /** Waiting for the fetch and copying into the builder. */
  readonly restoreMs: number;
}

/** Starts fetching the Dockerfile's cache mounts from the CI's cache; undefined when none are carried, and the log says why. */
export async function startFetchingMounts(job: Job, scope: string): Promise<MountsInFlight | undefined> {
  const { io, job: services } = job.ctx.platform;
  const store = await services.cacheStore();
  const plan = await planCacheMounts(job.inputs, job.ctx.host.cwd, services.tempDir, scope, services.runId);
  if (typeof plan === "string" || !store) {
    io.info(`Cache mounts are not carried over: ${typeof plan === "string" ? plan : "this CI has no cache service for them"}`);
    return undefined;
  }
  return { plan, store, fetching: fetchCacheMounts(plan, store, job.ctx.now) };
}

/** Drops what was fetched for a builder that never came. */
export async function dropMounts(mounts: MountsInFlight): Promise<void> {
  await mounts.fetching;
  await discardFetched(mounts.plan);
}

/** Copies the fetched mounts into the builder. Never fails the build. */
export async function restoreMounts(job: Job, mounts: MountsInFlight, buildx: BuildxCommand, target: BuildTarget): Promise<CarriedMounts> {
  const { io } = job.ctx.platform;
  const elapsed = stopwatch(job.ctx.now);
  await io.group("Restoring the cache mounts", async () => {
    const outcome = await mounts.fetching;
    if (!outcome.fetched) {
      io.info(outcome.note);
      await discardFetched(mounts.plan);
      return;
    }
    io.info(restoreLine(await restoreCacheMounts(mounts.plan, outcome.fetched, buildx, target, join(job.ws.dir, "cache-mounts-in"), job.ctx.now)));
  });
  return { plan: mounts.plan, store: mounts.store, buildx, target, restoreMs: elapsed() };
}

/**
 * Saves the cache mounts after the build, unless every step that uses them came from the layer
 * cache: then they hold what was restored. The milliseconds it took; 0 when skipped.
 */
export async function saveMounts(job: Job, mounts: CarriedMounts, steps: readonly StepReport[]): Promise<number> {
  const { io } = job.ctx.platform;
  if (steps.length > 0 && !ranWithCacheMounts(steps, mounts.plan.mounts)) {
    io.info("The cache mounts are as restored: every step that uses them came from the layer cache");
    return 0;
  }
  const elapsed = stopwatch(job.ctx.now);
  await io.group("Saving the cache mounts", async () => {
    const facts = await saveCacheMounts(mounts.plan, mounts.store, mounts.buildx, mounts.target, join(job.ws.dir, "cache-mounts-out"), job.ctx.now);
    io.info(saveLine(mounts.plan, facts));
  });
  return elapsed();
}
