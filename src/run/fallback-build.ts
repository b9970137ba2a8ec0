import { ranWithCacheMounts } from "../cachemounts/scan.js";
import { stopwatch } from "../process/host.js";
import { seconds } from "../summary/format.js";
import { BuildFailedError, type BuildOutcome, type BuildWatch } from "./build.js";
import type { Job } from "./context.js";
import { fallBack, type FellBack } from "./fallback.js";
import { removeBuilder } from "../buildx/builder.js";
import { describeStateStore } from "../policy/builder-state.js";
import { registryFailure } from "../registry/registry-failure.js";
import type { BuildTarget } from "../buildx/target.js";
import { abandonMounts, dropMounts, mountsToCopy, restoreMounts, saveMounts, tellSaved, type CarriedMounts, type SavedMounts } from "./mounts.js";
import { MountNeedWatch } from "./mount-need.js";
import { SolveEndWatch } from "../progress/solve-end.js";

/** A build on the fallback builder, and the cache mounts copied into it and saved after; undefined when none were. */
export interface FallbackBuild {
  readonly built: BuildOutcome;
  readonly mounts: CarriedMounts | undefined;
  /** The first build, stopped to copy the mounts in; 0 when none was stopped. */
  readonly stoppedMs: number;
  /** Waiting, after the build, for the mounts' save; 0 when none was saved, or it ended within the export. */
  readonly saveMountsMs: number;
}

/**
 * Builds with the mounts carried in, and saves them. The save starts as soon as the build's steps
 * are done, beside its export: writing a `mode=max` layer cache compresses every new layer (gzip,
 * one core), seconds for a dependency change, while the save is mostly the engine's exec stream
 * and the upload. A build that exports nothing saves them after. Whatever the build's fate, a
 * save it started is waited for, as it reads from the builder the clean-up removes (so a job
 * cancelled during the export waits for it too).
 */
async function buildThenSave(job: Job, carried: CarriedMounts, build: (watch?: BuildWatch) => Promise<BuildOutcome>, stoppedMs: number): Promise<FallbackBuild> {
  let early: Promise<SavedMounts> | undefined;
  // What of the copy out ran beside the export costs the job nothing: not counted against the mounts.
  let builtAt: number | undefined;
  const ended = (): number | undefined => builtAt;
  const solved = new SolveEndWatch((steps) => {
    early = saveMounts(job, carried, steps, ended);
    // Its failure is awaited, and told, after the build; until then a rejection would end the process.
    early.catch(() => undefined);
  });
  let built: BuildOutcome;
  try {
    built = await build({ signal: job.ctx.signal, onStatus: (status) => solved.add(status) }).finally(() => {
      builtAt = job.ctx.now().getTime();
    });
  } catch (err: unknown) {
    // A build that failed after its steps (a push refused) leaves mounts as good as any: told, kept.
    if (early) await tellSaved(job, early).catch(() => 0);
    throw err;
  }
  const saveMountsMs = await tellSaved(job, early ?? saveMounts(job, carried, built.analysis.steps, ended));
  return { built, mounts: carried, stoppedMs, saveMountsMs };
}

/**
 * Builds on the fallback builder with the cache mounts. On a builder of the runner's, they are
 * copied in first (as they are when none is to be copied: nothing saved yet, or none pays). On one
 * this job made, empty, the build starts without them, and is stopped, to copy them in and build
 * again, as soon as a step that uses one runs (mount-need.ts): with nothing changed, or
 * a change after the steps that use them (a source file, after the dependencies), no step does, and
 * the transfers in and out are never paid. A stopped step ran at most for a moment on an empty
 * mount, which the copy empties again first; its inputs are in the builder by then (the base
 * image pulled, the earlier steps done), so the second build starts where the first stopped.
 * When the lockfiles changed since the mounts were saved, they are copied in first, as the
 * dependency steps will run, while the images of their stages are unpacked.
 */
export async function buildOnFallback(job: Job, fell: FellBack, build: (watch?: BuildWatch) => Promise<BuildOutcome>): Promise<FallbackBuild> {
  const { mounts } = fell;
  if (!mounts) return { built: await build(), mounts: undefined, stoppedMs: 0, saveMountsMs: 0 };
  const buildx = await job.buildx();
  const restore = (clear: boolean, unpack = false): Promise<CarriedMounts> => restoreMounts(job, mounts, buildx, fell.target, fell.ownContainer, clear, unpack);
  // Held back only on a new builder, and only when some saved mount may be copied in (the download
  // may still run): otherwise the build would be stopped for nothing. New lockfiles mean the
  // dependency steps run again: the build would be stopped at the first of them, after a moment
  // on the empty mounts.
  const { io } = job.ctx.platform;
  const { copy: wanted, newLockfiles } = fell.owned ? await mountsToCopy(mounts) : { copy: [], newLockfiles: false };
  if (wanted.length === 0 || newLockfiles) {
    if (wanted.length > 0) io.info("The lockfiles changed since the cache mounts were saved: they are copied in before the build, for the steps that install dependencies");
    return buildThenSave(job, await restore(false, wanted.length > 0), build, 0);
  }
  const stop = new AbortController();
  const onCancel = (): void => stop.abort();
  job.ctx.signal.addEventListener("abort", onCancel, { once: true });
  const watch = new MountNeedWatch(wanted, () => stop.abort());
  const elapsed = stopwatch(job.ctx.now);
  let needed: string | undefined;
  let stoppedMs = 0;
  try {
    const built = await build({ signal: stop.signal, onStatus: (status) => watch.add(status) }).finally(() => {
      watch.close();
      needed = watch.step;
    });
    // A silent step that ends within moments is never stopped: it ran on the empty mounts.
    const ranEmpty = built.analysis.steps.find((step) => ranWithCacheMounts([step], wanted))?.name ?? needed;
    io.info(ranEmpty === undefined ? "The cache mounts were not copied in: every step that uses them came from the layer cache"
      : `The cache mounts were not copied in: ${ranEmpty} ran on empty ones, and ended before the build could be stopped`);
    abandonMounts(mounts);
    return { built, mounts: undefined, stoppedMs: 0, saveMountsMs: 0 };
  } catch (err: unknown) {
    if (!(needed !== undefined && err instanceof BuildFailedError && err.cancelled && !job.ctx.signal.aborted)) {
      await dropMounts(mounts);
      throw err;
    }
    stoppedMs = elapsed();
    io.info(`Stopped the build after ${seconds(stoppedMs)}: ${needed} uses the cache mounts; copying them in, then building again`);
  } finally {
    job.ctx.signal.removeEventListener("abort", onCancel);
  }
  return buildThenSave(job, await restore(true), build, stoppedMs);
}

/**
 * buildOnFallback. When the builder's state in memory filled up, that builder goes (and its tmpfs
 * with it), and the build runs again on a new one with its state on disk, which `replaced` is told
 * of as soon as it exists: a build that fits on the runner's disk never fails for the choice of
 * memory. The words "no space left on device" are all there is to go by (BuildKit frees a failed
 * step's files at once), so a registry's full disk is left to the registry's own error.
 */
export async function buildOnFallbackOrDisk(
  job: Job, fell: FellBack, build: (target: BuildTarget, watch?: BuildWatch) => Promise<BuildOutcome>, replaced: (again: FellBack) => void,
): Promise<FallbackBuild> {
  try {
    return await buildOnFallback(job, fell, (watch) => build(fell.target, watch));
  } catch (err: unknown) {
    const { io } = job.ctx.platform;
    if (fell.state?.where !== "memory" || !(err instanceof BuildFailedError) || err.cancelled || job.ctx.signal.aborted || registryFailure(err.stderr)) throw err;
    const where = describeStateStore(fell.state);
    if (!err.noSpace) {
      io.info(`The builder's state was ${where}: should the build have run out of room there (a step that says only "I/O error", or one killed), fallback-state: disk builds with it on disk`);
      throw err;
    }
    // Its memory must be free again before a build on disk, which needs it for its own processes.
    if (!(await removeBuilder(await job.buildx(), fell.target.where, fell.target.name).catch(() => false))) {
      io.warning(`The build ran out of room with the builder's state ${where}, and the builder could not be removed to build again on disk: set fallback-state to disk`);
      throw err;
    }
    io.warning(`The build ran out of room with the builder's state ${where}: building again on a new builder with its state on disk. ` +
      "Set fallback-state to disk (or memory:SIZE with more room) to build there at once");
    const again = await fallBack(job, fell.failure, { why: "its state in memory filled up", replaces: fell.target.name });
    replaced(again);
    return buildOnFallback(job, again, (watch) => build(again.target, watch));
  }
}
