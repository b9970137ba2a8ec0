import { ranWithCacheMounts } from "../cachemounts/scan.js";
import type { CacheMount } from "../inputs/inputs.js";
import { stopwatch } from "../process/host.js";
import type { SolveStatus } from "../progress/events.js";
import { seconds } from "../summary/format.js";
import { BuildFailedError, type BuildOutcome, type BuildWatch } from "./build.js";
import type { Job } from "./context.js";
import type { FellBack } from "./fallback.js";
import { dropMounts, restoreMounts, type CarriedMounts, type MountsInFlight } from "./mounts.js";

/** A build on the fallback builder, and the cache mounts copied into it for the save; undefined when none were. */
export interface FallbackBuild {
  readonly built: BuildOutcome;
  readonly mounts: CarriedMounts | undefined;
}

/**
 * Builds on the fallback builder with the cache mounts. On a builder of the runner's, they are
 * copied in first. On one this job made, empty, the build starts without them, and is stopped,
 * to copy them in and build again, as soon as a step that uses one runs: with nothing changed, or
 * a change after the steps that use them (a source file, after the dependencies), no step does, and
 * the transfers in and out are never paid. A stopped step ran at most for a moment on an empty
 * mount, which the copy empties again first; its inputs are in the builder by then (the base
 * image pulled, the earlier steps done), so the second build starts where the first stopped.
 */
export async function buildOnFallback(job: Job, fell: FellBack, build: (watch?: BuildWatch) => Promise<BuildOutcome>): Promise<FallbackBuild> {
  const { mounts } = fell;
  if (!mounts) return { built: await build(), mounts: undefined };
  const buildx = await job.buildx();
  const restore = (clear: boolean): Promise<CarriedMounts> => restoreMounts(job, mounts, buildx, fell.target, fell.ownContainer, clear);
  if (!fell.owned || !(await fetchedAny(mounts))) {
    const carried = await restore(false);
    return { built: await build(), mounts: carried };
  }
  const { io } = job.ctx.platform;
  const stop = new AbortController();
  const onCancel = (): void => stop.abort();
  job.ctx.signal.addEventListener("abort", onCancel, { once: true });
  let needed: string | undefined;
  const elapsed = stopwatch(job.ctx.now);
  try {
    const built = await build({ signal: stop.signal, onStatus: (status) => {
      needed ??= firstStepNeeding(status, mounts.plan.mounts);
      if (needed) stop.abort();
    } });
    io.info(needed === undefined ? "The cache mounts were not copied in: every step that uses them came from the layer cache"
      : `The cache mounts were not copied in: ${needed} ran on empty ones, and ended before the build could be stopped`);
    await dropMounts(mounts);
    return { built, mounts: undefined };
  } catch (err: unknown) {
    if (!(needed !== undefined && err instanceof BuildFailedError && err.cancelled && !job.ctx.signal.aborted)) {
      await dropMounts(mounts);
      throw err;
    }
    io.info(`Stopped the build after ${seconds(elapsed())}: ${needed} uses the cache mounts; copying them in, then building again`);
  } finally {
    job.ctx.signal.removeEventListener("abort", onCancel);
  }
  const carried = await restore(true);
  return { built: await build(), mounts: carried };
}

/** Whether the CI's cache had saved mounts: with none, there is nothing to hold back. */
async function fetchedAny(mounts: MountsInFlight): Promise<boolean> {
  return (await mounts.fetching).fetched !== undefined;
}

/** The first step in this progress update that runs (not from the cache) with one of the carried mounts. */
export function firstStepNeeding(status: SolveStatus, mounts: readonly CacheMount[]): string | undefined {
  return status.vertexes.find((v) => v.started !== undefined && ranWithCacheMounts([v], mounts))?.name;
}
