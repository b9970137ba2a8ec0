import { join } from "node:path";
import type { BuildxCommand } from "../buildx/locate.js";
import type { BuildTarget } from "../buildx/target.js";
import { discardFetched, fetchCacheMounts, holdsNone, planCacheMounts, restoreCacheMounts, saveCacheMounts, savedWithOtherLockfiles, type CacheStore, type Carried, type FetchedMounts, type FetchOutcome, type MountPlan } from "../cachemounts/keep.js";
import { decideCarry, decideResave, figuresComplete, shareBySize, type ResaveDecision } from "../cachemounts/payoff.js";
import { measureCacheMounts, unpackImages } from "../cachemounts/transfer.js";
import { stageImages } from "../cachemounts/dockerfiles.js";
import { errorMessage } from "../errors.js";
import { builderContainer } from "../buildx/container.js";
import { toolsFromContainer, type ContainerTools } from "../cachemounts/tools.js";
import { ranWithCacheMounts, type FoundMount } from "../cachemounts/scan.js";
import { stopwatch } from "../process/host.js";
import type { StepReport } from "../progress/analysis.js";
import { figuresLines, restoreLine, saveLine, skippedLine, toolsLine, unpackLine } from "../summary/mounts.js";
import { dockerCliEnv, type Job } from "./context.js";

/** Cache mounts on their way from the CI's cache: fetched while the fallback builder boots. */
export interface MountsInFlight {
  readonly plan: MountPlan;
  readonly store: CacheStore;
  readonly fetching: Promise<FetchOutcome>;
  /** The entry the fetch restores, from a lookup that does not wait for its download; undefined when none matched, the lookup failed, or none was made. */
  readonly matched: Promise<string | undefined>;
}

/** Cache mounts carried for a builder: restored into it, to be saved from it after the build. */
export interface CarriedMounts {
  readonly plan: MountPlan;
  readonly store: CacheStore;
  readonly buildx: BuildxCommand;
  readonly target: BuildTarget;
  /** Waiting for the fetch and copying into the builder. */
  readonly restoreMs: number;
  /** Waiting, after the copy, for the stages' images unpacked beside it; 0 when none were. */
  readonly unpackWaitMs: number;
  /** The builder's own container and busybox, which copy the mounts in and out; undefined: the stages' images do, through buildx. */
  readonly tools: ContainerTools | undefined;
  /** What was carried and what was left out, for the figures the save records. */
  readonly carried: Carried;
}

/**
 * Starts fetching the Dockerfile's cache mounts from the CI's cache; undefined when none are
 * carried, and the log says why. `holdBack`: the builder will be one the job makes, whose build
 * may start before the download ends (mountsToCopy); a lookup of the entry starts beside it.
 */
export async function startFetchingMounts(job: Job, scope: string, holdBack: boolean): Promise<MountsInFlight | undefined> {
  const { io, job: services } = job.ctx.platform;
  const store = await services.cacheStore();
  const plan = await planCacheMounts(job.inputs, job.ctx.host.cwd, services.tempDir, scope, services.runId);
  if (typeof plan === "string" || !store) {
    io.info(`Cache mounts are not carried over: ${typeof plan === "string" ? plan : "this CI has no cache service for them"}`);
    return undefined;
  }
  const matched = holdBack ? store.lookup(plan.dir, plan.key, plan.restoreKeys).catch(() => undefined) : Promise.resolve(undefined);
  return { plan, store, fetching: fetchCacheMounts(plan, store, job.ctx.now), matched };
}

/** Drops what was fetched for a builder that never came. */
export async function dropMounts(mounts: MountsInFlight): Promise<void> {
  await mounts.fetching;
  await discardFetched(mounts.plan);
}

/**
 * Leaves mounts that no step of a finished build needed: discarded once their download ends,
 * which the step does not wait for. The entry (main.ts) ends the step without it, and the post
 * step removes whatever it left.
 */
export function abandonMounts(mounts: MountsInFlight): void {
  mounts.fetching.then(() => discardFetched(mounts.plan)).catch(() => undefined);
}

/** Of the fetched mounts, those to copy in, and those left out because they did not pay for their transfer last time (id to why). */
function carryDecisions(plan: MountPlan, fetched: FetchedMounts): { readonly skipped: ReadonlyMap<string, string>; readonly copy: readonly FoundMount[] } {
  const skipped = new Map(plan.mounts.flatMap((m) => {
    const decision = decideCarry(fetched.record?.mounts.find((f) => f.id === m.id));
    return decision.carry ? [] : [[m.id, decision.why] as const];
  }));
  return { skipped, copy: fetched.mounts.filter((m) => !skipped.has(m.id)) };
}

/**
 * The mounts that will be copied in: none when nothing was saved, or none pays; and whether the
 * lockfiles changed since they were saved. Once the fetch has ended, exactly. While a download
 * with the same lockfiles goes on, every planned mount (which of them pays is in the download):
 * the build need not wait for it, as with nothing changed, or a change after the dependency
 * steps, no step uses them.
 */
export async function mountsToCopy(mounts: MountsInFlight): Promise<{ readonly copy: readonly FoundMount[]; readonly newLockfiles: boolean }> {
  // The fetch first: once it has ended, its answer is the sure one.
  const first = await Promise.race([mounts.fetching, mounts.matched.then((entry) => ({ entry }))]);
  if ("entry" in first && first.entry !== undefined && !savedWithOtherLockfiles(mounts.plan, first.entry)) return { copy: mounts.plan.mounts, newLockfiles: false };
  const { fetched } = "fetched" in first ? first : await mounts.fetching;
  return fetched ? { copy: carryDecisions(mounts.plan, fetched).copy, newLockfiles: savedWithOtherLockfiles(mounts.plan, fetched.entry) } : { copy: [], newLockfiles: false };
}

/** Copies the fetched mounts into the builder, but for those that did not pay for their transfer last time. */
async function copyIn(job: Job, mounts: MountsInFlight, buildx: BuildxCommand, target: BuildTarget, tools: ContainerTools | undefined, clear: boolean)
  : Promise<Omit<Carried, "copyShared"> & { readonly streamFailed?: boolean }> {
  const { io } = job.ctx.platform;
  const outcome = await mounts.fetching;
  if (!outcome.fetched) {
    io.info(outcome.note);
    await discardFetched(mounts.plan);
    return { record: undefined, skipped: new Map(), restoredMs: new Map(), restoredKb: new Map(), newLockfiles: false };
  }
  const { fetched } = outcome;
  const { skipped, copy } = carryDecisions(mounts.plan, fetched);
  const newLockfiles = savedWithOtherLockfiles(mounts.plan, fetched.entry);
  skipped.forEach((why, id) => io.info(skippedLine(mounts.plan, id, why)));
  const missing = mounts.plan.mounts.filter((m) => !skipped.has(m.id) && !fetched.mounts.some((f) => f.id === m.id));
  if (missing.length > 0) io.info(`${holdsNone(fetched.entry, missing)}: they start empty`);
  if (copy.length === 0) {
    await discardFetched(mounts.plan);
    return { record: fetched.record, skipped, restoredMs: new Map(), restoredKb: new Map(), newLockfiles };
  }
  const facts = await restoreCacheMounts(mounts.plan, fetched, copy, buildx, target, join(job.ws.dir, "cache-mounts-in"), job.ctx.now, tools, clear);
  io.info(restoreLine(facts));
  const restoredMs = new Map(facts.ok ? copy.map((m) => [m.id, shareBySize(fetched.ms + facts.copyMs, facts.sizes, m.id)] as const) : []);
  return { record: fetched.record, skipped, restoredMs, restoredKb: facts.ok ? facts.restoredKb : new Map(), newLockfiles, streamFailed: facts.ok && facts.streamError !== undefined };
}

/**
 * Unpacks the images of the stages that use the mounts into the builder, for the build to find
 * there; undefined when there are none to unpack. Not for a build for other platforms, which would
 * not use them, nor for an image a build context replaces. Never rejects: the build unpacks what
 * is missing.
 */
function unpackStageImages(job: Job, buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[]): Promise<void> | undefined {
  const replaced = new Set(job.inputs.buildContexts.map((c) => c.split("=", 1)[0]));
  const images = stageImages(mounts).filter((image) => !replaced.has(image));
  if (images.length === 0 || job.inputs.platforms.length > 0) return undefined;
  const elapsed = stopwatch(job.ctx.now);
  return unpackImages(buildx, target, images, join(job.ws.dir, "unpack-images")).then(() => undefined, (err: unknown) => errorMessage(err))
    .then((error) => job.ctx.platform.io.info(unpackLine(images, elapsed(), error)));
}

/**
 * Copies the fetched mounts into the builder. On a docker-container builder of this job's, the copy
 * runs on the busybox of its own BuildKit container, and pulls no image. `clear`: the builder is
 * this job's own, so its mounts hold nothing but what a stopped first attempt may have begun to
 * write; they are emptied before the copy. `unpack`: the build's dependency steps will run (new
 * lockfiles), so the images of their stages are unpacked alongside the copy, which pulls none,
 * instead of after it by the build. Never fails the build.
 */
export async function restoreMounts(job: Job, mounts: MountsInFlight, buildx: BuildxCommand, target: BuildTarget, ownContainer: boolean, clear: boolean, unpack = false): Promise<CarriedMounts> {
  const { io } = job.ctx.platform;
  const elapsed = stopwatch(job.ctx.now);
  let restoreMs = 0;
  const carried = await io.group("Restoring the cache mounts", async (): Promise<Carried & { readonly tools: ContainerTools | undefined }> => {
    const unpacking = unpack ? unpackStageImages(job, buildx, target, mounts.plan.mounts) : undefined;
    try {
      const tools = ownContainer ? await toolsFromContainer(builderContainer(target.name), join(job.ws.dir, "copy-tools"), dockerCliEnv(job)).catch(() => undefined) : undefined;
      if (ownContainer) io.info(toolsLine(tools !== undefined));
      const { streamFailed, ...copied } = await copyIn(job, mounts, buildx, target, tools, clear);
      // What made the stream in fail would make the one out fail too.
      return { ...copied, copyShared: unpacking !== undefined, tools: tools && streamFailed ? { ...tools, stream: false } : tools };
    } finally {
      restoreMs = elapsed();
      await unpacking;
    }
  });
  return { plan: mounts.plan, store: mounts.store, buildx, target, restoreMs, unpackWaitMs: elapsed() - restoreMs, tools: carried.tools, carried };
}

/**
 * Whether the carried mounts grew enough since their restore to be worth saving again (payoff.ts);
 * undefined when the save must happen: new lockfiles, a mount that was not restored or was left out
 * by the skip rule, or figures the skip rule still lacks (the save records them).
 */
async function resave(job: Job, mounts: CarriedMounts): Promise<ResaveDecision | undefined> {
  const { carried, plan } = mounts;
  const known = (id: string): boolean => figuresComplete(carried.record?.mounts.find((f) => f.id === id));
  if (carried.newLockfiles || carried.skipped.size > 0 || !plan.mounts.every((m) => carried.restoredKb.has(m.id) && known(m.id))) return undefined;
  const nowKb = await measureCacheMounts(mounts.buildx, mounts.target, plan.mounts, join(job.ws.dir, "cache-mounts-size"), mounts.tools).catch(() => undefined);
  return nowKb && decideResave(plan.mounts, carried.restoredKb, nowKb);
}

/** What a save of the cache mounts did, for the log. */
export interface SavedMounts {
  readonly lines: readonly string[];
  /** `unchanged`: every step that uses them came from the layer cache (nothing spent); `kept`: they grew too little to save again. */
  readonly outcome: "unchanged" | "kept" | "saved";
}

/**
 * Saves the cache mounts once the build's steps are done, unless every step that uses them came
 * from the layer cache (then they hold what was restored), or they grew little since. Logs
 * nothing itself (it may run while the build's export still writes the log): its lines are told
 * by tellSaved. `builtAt`: the clock time the build ended, undefined while it runs.
 */
export async function saveMounts(job: Job, mounts: CarriedMounts, steps: readonly StepReport[], builtAt: () => number | undefined): Promise<SavedMounts> {
  if (steps.length > 0 && !ranWithCacheMounts(steps, mounts.plan.mounts)) {
    return { lines: ["The cache mounts are as restored: every step that uses them came from the layer cache"], outcome: "unchanged" };
  }
  const decision = await resave(job, mounts);
  if (decision && !decision.save) return { lines: [`The cache mounts were not saved again: ${decision.why}`], outcome: "kept" };
  const facts = await saveCacheMounts(mounts.plan, mounts.store, mounts.buildx, mounts.target, join(job.ws.dir, "cache-mounts-out"), job.ctx.now, mounts.carried, steps, builtAt, mounts.tools);
  return { lines: [saveLine(mounts.plan, facts), ...figuresLines(mounts.plan, facts)], outcome: "saved" };
}

/** Waits for the save, then tells what it did. The milliseconds waited; 0 when there was nothing to save. */
export async function tellSaved(job: Job, saving: Promise<SavedMounts>): Promise<number> {
  const elapsed = stopwatch(job.ctx.now);
  const { io } = job.ctx.platform;
  const saved = await saving;
  const tell = async (): Promise<void> => saved.lines.forEach((line) => io.info(line));
  await (saved.outcome === "saved" ? io.group("Saving the cache mounts", tell) : tell());
  return saved.outcome === "unchanged" ? 0 : elapsed();
}
