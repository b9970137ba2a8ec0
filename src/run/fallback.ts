import { randomBytes } from "node:crypto";
import { argvForLog } from "../buildx/argv.js";
import { removeBuilder } from "../buildx/builder.js";
import { runnersBuildxConfig } from "../buildx/container.js";
import type { BuildTarget } from "../buildx/target.js";
import { errorMessage } from "../errors.js";
import { defaultCacheScope } from "../policy/cache-scope.js";
import type { FallbackReason, RemoteFailure } from "../policy/fallback.js";
import { chooseStateStore, describeStateStore, type StateStore } from "../policy/builder-state.js";
import { stopwatch } from "../process/host.js";
import { dockerCliEnv, type Job } from "./context.js";
import { describeFallback, dropStateVolume, engineEndpoint, fallbackKind, makeStateVolume, startFallback } from "./fallback-builder.js";
import type { LocalBuilder } from "../buildx/local.js";
import { dropMounts, startFetchingMounts, type MountsInFlight } from "./mounts.js";
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
  /** The cache mounts on their way from the CI's cache, copied in by buildOnFallback; undefined when none are carried. */
  readonly mounts: MountsInFlight | undefined;
  /** A docker-container builder of this job's: its own BuildKit container has the busybox that copies the mounts. */
  readonly ownContainer: boolean;
  /** Where that builder keeps its state; undefined for other builders. */
  readonly state: StateStore | undefined;
  /** The failure fallen back from. */
  readonly failure: RemoteFailure;
}

/** A builder made again, with its state on disk, after the one it replaces (still recorded for the post step) filled its state in memory. */
export interface Respawn {
  readonly why: string;
  readonly replaces: string;
}

/**
 * Starts the fallback builder, with the CI's cache, and starts fetching the cache mounts. The
 * policy has already said yes.
 */
export async function fallBack(job: Job, failure: RemoteFailure, respawn?: Respawn): Promise<FellBack> {
  const elapsed = stopwatch(job.ctx.now);
  const { io, job: services } = job.ctx.platform;
  const buildx = await job.buildx();
  if (!respawn) io.warning(`Building on the fallback builder (${failure.reason}): ${failure.message}`);
  const scope = job.inputs.cacheScope || defaultCacheScope(services.repository, job.inputs.file, job.inputs.target);
  // The CI's cache is fetched while the builder boots: each can take seconds, and neither needs the
  // other (loading the cache's client and reading the Dockerfile's mounts too). Its failure is
  // awaited once the builder is up; until then a rejection would end the process.
  const kind = fallbackKind(services.inJobDaemon === true, job.inputs.fallbackBuilder, job.ctx.host);
  // A builder of the runner's gets the mounts before its build: no lookup ahead of the download.
  const fetching = startFetchingMounts(job, scope, kind.kind !== "named");
  fetching.catch(() => undefined);
  const newName = `remote-buildkit-fallback-${randomBytes(4).toString("hex")}`;
  const making = kind.kind === "docker-container";
  // Recorded before it exists: a step killed while the builder boots leaves its container to the post step.
  if (making) {
    const names = [...(respawn ? [respawn.replaces] : []), newName];
    io.saveState(STATE.builders, JSON.stringify(names));
    io.saveState(STATE.containers, JSON.stringify(names));
  }
  const { host } = job.ctx;
  const env = dockerCliEnv(job);
  let state: StateStore | undefined;
  const start = (store: StateStore | undefined): Promise<LocalBuilder> => io.group("Starting the fallback builder", async () => {
    io.info(`Starting ${describeFallback(kind)}`);
    if (store) {
      state = await makeStateVolume(newName, store, env);
      io.info(`Builder state ${describeStateStore(state)}`);
    }
    return startFallback(kind, {
      buildx, where: job.where, workspaceDir: job.ws.dir, name: newName, env: host.env, driverOpts: job.inputs.fallbackDriverOpts,
      inlineConfig: job.inputs.fallbackBuildkitdConfig, runnersBuildxConfig: runnersBuildxConfig(host.env, host.home), log: (m) => io.info(m),
    });
  });
  const removeNew = async (): Promise<void> => {
    await removeBuilder(buildx, job.where, newName).catch(() => false);
    await dropStateVolume(newName, env);
  };
  const choice = job.inputs.fallbackState;
  const chosen = !making ? undefined : respawn ? { where: "disk", why: respawn.why } as const : chooseStateStore({
    choice, freeBytes: host.freeMemoryBytes, totalBytes: host.totalMemoryBytes, driverOpts: job.inputs.fallbackDriverOpts,
    // Asked of the docker CLI only when the choice turns on it.
    engine: choice.kind === "disk" || (choice.kind === "memory" && choice.sizeBytes !== undefined) ? "" : await engineEndpoint(env),
  });
  const builder = await start(chosen).catch(async (err: unknown) => {
    // The engine mounts the tmpfs when the container starts, so one that cannot fails the boot, not
    // the volume's creation ("error while mounting volume"); any other failure would only repeat.
    if (state?.where !== "memory" || !/mount|volume/i.test(errorMessage(err))) throw err;
    io.info(`The builder did not start with its state in memory (${errorMessage(err)}): starting it again with its state on disk`);
    await removeNew();
    return start({ where: "disk", why: "the builder did not start with it in memory" });
  }).catch(async (err: unknown) => {
    const mounts = await fetching.catch(() => undefined);
    if (mounts) await dropMounts(mounts);
    // Made but not booted: its container may exist, and the job's buildx config that names it goes with the workspace.
    if (making) await removeNew();
    throw new Error(`${failure.message}; and the fallback builder did not start: ${errorMessage(err)}`);
  });
  const mounts = await fetching.catch(async (err: unknown) => {
    if (making) await removeNew();
    throw err;
  });
  if (builder.owned && !making) io.saveState(STATE.builders, JSON.stringify([builder.name]));
  const cache = services.fallbackCache(scope, job.inputs.githubToken);
  io.info(`Fallback builder ${builder.name} (BuildKit ${builder.buildkitVersion || "version unknown"})${cache ? `, cache ${argvForLog(cache.cacheTo)}` : ""}`);
  const target: BuildTarget = { name: builder.name, where: builder.where, cache };
  const startMs = elapsed();
  return { reason: failure.reason, target, buildkitVersion: builder.buildkitVersion, startMs, owned: builder.owned, mounts, ownContainer: making, state, failure };
}
