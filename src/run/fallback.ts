import { randomBytes } from "node:crypto";
import { argvForLog } from "../buildx/argv.js";
import { startFallbackBuilder } from "../buildx/local.js";
import type { BuildTarget } from "../buildx/target.js";
import { errorMessage } from "../errors.js";
import { defaultCacheScope } from "../policy/cache-scope.js";
import type { FallbackReason, RemoteFailure } from "../policy/fallback.js";
import { stopwatch } from "../process/host.js";
import type { Job } from "./context.js";
import { dropMounts, restoreMounts, startFetchingMounts, type CarriedMounts } from "./mounts.js";
import { STATE } from "./state.js";

/** The fall-back step's facts. */
export interface FellBack {
  readonly reason: FallbackReason;
  readonly target: BuildTarget;
  readonly buildkitVersion: string;
  /** From the step's start to a booted builder: waiting for buildx, starting the builder. */
  readonly startMs: number;
  /** Made by this job, so removed at its end; a builder of the runner's is left alone. */
  readonly owned: boolean;
  /** The cache mounts restored into the builder; undefined when none are carried. */
  readonly mounts: CarriedMounts | undefined;
}

/** Starts the fallback builder, with the CI's cache and the cache mounts restored into it. The policy has already said yes. */
export async function fallBack(job: Job, failure: RemoteFailure): Promise<FellBack> {
  const elapsed = stopwatch(job.ctx.now);
  const { io, job: services } = job.ctx.platform;
  const buildx = await job.buildx();
  io.warning(`Building on the fallback builder (${failure.reason}): ${failure.message}`);
  const scope = job.inputs.cacheScope || defaultCacheScope(services.repository, job.inputs.file, job.inputs.target);
  // The CI's cache is fetched while the builder boots: each can take seconds, and neither needs the other.
  const mounts = await startFetchingMounts(job, scope);
  const builder = await io.group("Starting the fallback builder", () =>
    startFallbackBuilder(buildx, job.where, job.inputs.fallbackBuilder, `remote-buildkit-fallback-${randomBytes(4).toString("hex")}`))
    .catch(async (err: unknown) => {
      if (mounts) await dropMounts(mounts);
      throw new Error(`${failure.message}; and the fallback builder did not start: ${errorMessage(err)}`);
    });
  if (builder.owned) io.saveState(STATE.builders, JSON.stringify([builder.name]));
  const cache = services.fallbackCache(scope, job.inputs.githubToken);
  io.info(`Fallback builder ${builder.name} (BuildKit ${builder.buildkitVersion || "version unknown"})${cache ? `, cache ${argvForLog(cache.cacheTo)}` : ""}`);
  const target: BuildTarget = { name: builder.name, where: builder.where, cache };
  const startMs = elapsed();
  return {
    reason: failure.reason, target, buildkitVersion: builder.buildkitVersion, startMs, owned: builder.owned,
    mounts: mounts && (await restoreMounts(job, mounts, buildx, target)),
  };
}
