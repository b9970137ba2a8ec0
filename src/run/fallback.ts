import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { argvForLog } from "../buildx/argv.js";
import { copyTools } from "../cachemounts/tools.js";
import { discardFetched, fetchCacheMounts, planCacheMounts, restoreCacheMounts, type FetchedMounts, type MountPlan } from "../cachemounts/keep.js";
import { errorMessage } from "../errors.js";
import { startFallbackBuilder } from "../fallback/builder.js";
import { defaultCacheScope } from "../fallback/cache.js";
import { runnersBuildxConfig } from "../fallback/container.js";
import { decideFallback, failWith, type FallbackReason, type RemoteFailure } from "../fallback/policy.js";
import type { CacheStore } from "../platform/port.js";
import type { BuildReport } from "../summary/render.js";
import type { BuildTarget } from "./build.js";
import type { Job, Mutable } from "./job.js";
import { STATE } from "./state.js";

/** Builds on the fallback builder if the `fallback` input allows it; else fails with the reason. */
export async function fallBack(job: Job, failure: RemoteFailure): Promise<BuildTarget> {
  const { platform } = job.ctx;
  if (decideFallback(job.inputs.fallback, failure) === "fail") throw failWith(failure, job.inputs.fallback);
  platform.warning(`Building on the fallback builder (${failure.reason}): ${failure.message}`);
  const scope = job.inputs.cacheScope || defaultCacheScope(platform.repository, job.inputs.file, job.inputs.target);
  // The CI's cache is fetched while the builder boots: each can take seconds, and neither needs the other.
  const mounts = await fetchMounts(job, scope);
  const newName = `remote-buildkit-fallback-${randomBytes(4).toString("hex")}`;
  if (job.inputs.fallbackBuilder === "") {
    // Recorded before it exists: a step killed while the builder boots leaves its container to the post step.
    job.owned.push(newName);
    platform.saveState(STATE.builders, JSON.stringify(job.owned));
  }
  const builder = await platform.group("Starting the fallback builder", () => startFallbackBuilder(job.buildx, job.where, {
    named: job.inputs.fallbackBuilder, newName, driverOpts: job.inputs.fallbackDriverOpts, inlineConfig: job.inputs.fallbackBuildkitdConfig,
    runnersBuildxConfig: runnersBuildxConfig(job.ctx.env, job.ctx.env["HOME"] ?? ""), workDir: job.ws.dir, log: (m) => platform.info(m),
  })).catch(async (err: unknown) => {
    if (mounts) await mounts.fetching.then(() => discardFetched(mounts.plan));
    throw new Error(`${failure.message}; and the fallback builder did not start: ${errorMessage(err)}`);
  });
  const cache = platform.fallbackCache(scope, job.inputs.githubToken);
  platform.info(`Fallback builder ${builder.name} (BuildKit ${builder.buildkitVersion || "version unknown"})${cache ? `, cache ${argvForLog(cache.cacheTo)}` : ""}`);
  setFallback(job.report, failure.reason, builder.name, builder.buildkitVersion);
  const target: BuildTarget = { name: builder.name, where: builder.where, cache };
  if (mounts) {
    const restoring = Date.now();
    await platform.group("Restoring the cache mounts", async () => {
      const tools = builder.owned ? await copyTools(builder.name, join(job.ws.dir, "copy-tools"), job.ctx.env, job.where, (m) => platform.info(m)) : undefined;
      const fetched = await mounts.fetching;
      mounts.notes.forEach((m) => platform.info(m));
      const carried = await restoreCacheMounts(mounts.plan, fetched, job.buildx, target, join(job.ws.dir, "cache-mounts-in"), (m) => platform.info(m), tools);
      job.mounts = { plan: mounts.plan, store: mounts.store, target, tools, carried };
    });
    job.report.restoreMountsMs = Date.now() - restoring;
  }
  return target;
}

/** Starts fetching the Dockerfile's cache mounts from the CI's cache, for the fallback builder; undefined when none are carried. */
async function fetchMounts(job: Job, scope: string): Promise<{ plan: MountPlan; store: CacheStore; fetching: Promise<FetchedMounts | undefined>; notes: string[] } | undefined> {
  const { platform } = job.ctx;
  const store = await platform.cacheStore();
  const plan = await planCacheMounts(job.inputs, process.cwd(), platform.tempDir, scope, platform.runId);
  if (typeof plan === "string" || !store) {
    platform.info(`Cache mounts are not carried over: ${typeof plan === "string" ? plan : "this CI has no cache service for them"}`);
    return undefined;
  }
  const notes: string[] = [];
  return { plan, store, fetching: fetchCacheMounts(plan, store, notes), notes };
}

function setFallback(report: Mutable<BuildReport>, reason: FallbackReason, builder: string, version: string): void {
  report.mode = "fallback";
  report.fallbackReason = reason;
  report.builderAddress = builder;
  report.builder = builder;
  report.buildkitVersion = version;
}

