// The ways of building that the benchmark compares, on the same workload in the same run. A mode
// that cannot be measured is listed all the same, with the reason, so that it shows in the
// results and becomes one more entry (a `build` function) when it can be.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { githubActionsCache } from "../src/platform/github.js";
import { analyzeProgress, type BuildAnalysis } from "../src/progress/analysis.js";
import { startBuildkitd, type Daemon } from "../test/bed/buildkitd.js";
import { base64, type CertSet } from "../test/bed/certs.js";
import type { DockerEngine } from "../test/bed/docker.js";
import type { GhaCache } from "../test/bed/gha-cache.js";
import type { Registry } from "../test/bed/registry.js";
import { waitFor } from "../test/bed/ports.js";
import { GITHUB_TOKEN, runAction, type ActionRun } from "../test/bed/runner.js";
import { node24 } from "./base-images.js";
import { buildArgs, buildx, BUILD_TIMEOUT_MS, createBuilder, lastLines, removeBuilder } from "./buildx.js";
import type { Cleanup } from "./cleanup.js";
import { WARM_SCENARIOS, type Scenario } from "./workloads.js";

/** What every mode builds with: one registry, and the persistent remote builder with its certificates. */
export interface BenchBed {
  readonly dir: string;
  readonly certs: CertSet;
  readonly registry: Registry;
  /** The persistent remote builder: its --root lives as long as the benchmark. */
  readonly remote: Daemon;
  /** The client's certificate files, for builders made by hand. */
  readonly clientFiles: { readonly ca: string; readonly cert: string; readonly key: string };
  /** A private buildx config, so that ~/.docker/buildx is left alone. */
  readonly buildxConfig: string;
  /** The buildx builder made once, by hand, on the persistent daemon (raw buildx mode). */
  readonly remoteBuilder: string;
  /** The stand-in for the GitHub Actions cache service, which the fallback builds share. */
  readonly gha: GhaCache;
  /** The runner's Docker engine, where the fallback's docker-container builders run. */
  readonly docker: DockerEngine;
  readonly cleanup: Cleanup;
}

export interface BuildRequest {
  /**
   * The CI cache scope of this build: one per workload and scenario, as CI caches are kept per
   * branch, so that each scenario's build follows one of the same kind (the layer cache of gha is
   * the last build's, not the union of all).
   */
  readonly cacheScope: string;
  readonly context: string;
  readonly tag: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly secretFiles: Readonly<Record<string, string>>;
  /** A scratch directory of this build only. */
  readonly work: string;
  readonly logFile: string;
}

export interface Measurement {
  /** The figure the mode is judged by, in ms. */
  readonly ms: number;
  /** Its parts, or what happened around it, in ms. */
  readonly parts: Readonly<Record<string, number>>;
  readonly analysis?: BuildAnalysis;
  /** Cached and total steps, when there is no progress to analyse (the action's own count). */
  readonly steps?: { readonly cached: number; readonly total: number };
}

export type ModeId = "ephemeral" | "ephemeral-fallback" | "docker-gha" | "action" | "buildx";

export interface Mode {
  readonly id: ModeId;
  readonly label: string;
  readonly description: string;
  /** An ephemeral builder has no state, so every build of it is cold. */
  readonly scenarios: readonly Scenario[];
  /**
   * Builds of the unchanged workload before the runs, recorded, not counted, that fill the state
   * the later builds use: once for the persistent builder's store, once for each scenario's CI
   * cache scope for the fallback.
   */
  readonly warmUp: "none" | "once" | "each-scenario";
  /** Why the mode has no figures; undefined when it is measured. */
  readonly notMeasured?: string;
  readonly build?: (bed: BenchBed, request: BuildRequest) => Promise<Measurement>;
}

async function failIfNot(ok: boolean, what: string, logFile: string): Promise<void> {
  if (!ok) throw new Error(`${what} failed; the end of its log:\n${await lastLines(logFile)}`);
}

/** A fresh buildkitd on an empty --root, reached over its unix socket, as a CI runner's own builder. */
async function withEphemeralBuilder<T>(bed: BenchBed, request: BuildRequest, use: (name: string, bootMs: number) => Promise<T>): Promise<T> {
  const booting = performance.now();
  const dir = join(request.work, "daemon");
  const daemon = await startBuildkitd({
    dir,
    tls: { ca: bed.certs.ca.cert, cert: bed.certs.server.cert, key: bed.certs.server.key, requireClientCert: true },
    insecureRegistries: [bed.registry.host],
  });
  const stopDaemon = bed.cleanup.defer("the ephemeral buildkitd", async () => {
    await daemon.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const name = `bench-ephemeral-${daemon.port}`;
  const removeIt = bed.cleanup.defer(`buildx builder ${name}`, () => removeBuilder(bed.buildxConfig, name, request.logFile));
  try {
    await createBuilder(bed.buildxConfig, { name, endpoint: `unix://${daemon.socket}` }, request.logFile);
    return await use(name, performance.now() - booting);
  } finally {
    await removeIt();
    await stopDaemon();
  }
}

/** A build on an ephemeral builder with no cache: what a CI runner does today. */
async function ephemeralBuild(bed: BenchBed, request: BuildRequest): Promise<Measurement> {
  return withEphemeralBuilder(bed, request, async (name, bootMs) => {
    const result = await buildx(bed.buildxConfig, buildArgs({ ...request, builder: name }), request.logFile);
    await failIfNot(result.code === 0, "the ephemeral build", request.logFile);
    return { ms: result.ms, parts: { bootMs }, analysis: analyzeProgress(await readFile(request.logFile, "utf8")) };
  });
}

/** The action's two steps, run as the GitHub runner runs them; the log is kept, a failure thrown. */
async function runSteps(request: BuildRequest, workDir: string, inputs: Record<string, string>, env?: Record<string, string>): Promise<ActionRun> {
  await mkdir(workDir, { recursive: true });
  const run = await runAction({
    node: node24(),
    workDir,
    ...(env ? { env } : {}),
    inputs: {
      context: request.context,
      tags: request.tag,
      push: "true",
      "build-args": Object.entries(request.buildArgs).map(([k, v]) => `${k}=${v}`).join("\n"),
      "secret-files": Object.entries(request.secretFiles).map(([id, src]) => `${id}=${src}`).join("\n"),
      ...inputs,
    },
    duringMain: (child) => {
      const cancel = setTimeout(() => child.kill("SIGINT"), BUILD_TIMEOUT_MS);
      child.once("close", () => clearTimeout(cancel));
    },
  });
  await writeFile(request.logFile, `${run.main.timed}\n--- post ---\n${run.post.timed}\n--- step summary ---\n${run.summary}`);
  await failIfNot(run.main.code === 0 && run.post.code === 0, `the action (main ${run.main.code}, post ${run.post.code})`, request.logFile);
  return run;
}

/** Both steps' time, and within it the build's, which the action reports, and the cache mounts' restore and save from its summary. */
function stepTimes(run: ActionRun): Measurement["parts"] {
  const buildMs = Number(run.outputs["duration"]);
  const phaseMs = (label: string): number | undefined => {
    const row = new RegExp(`^\\| ${label} [^|]*\\| ([\\d.]+) s \\|$`, "m").exec(run.summary);
    return row ? Number(row[1]) * 1000 : undefined;
  };
  const restoreMountsMs = phaseMs("Restore the cache mounts");
  const saveMountsMs = phaseMs("Save the cache mounts");
  return {
    mainMs: run.main.ms, postMs: run.post.ms, ...(Number.isFinite(buildMs) ? { buildMs } : {}),
    ...(restoreMountsMs !== undefined ? { restoreMountsMs } : {}), ...(saveMountsMs !== undefined ? { saveMountsMs } : {}),
  };
}

/** The cached and total steps from the step summary's Cache row. */
function summarySteps(run: ActionRun): Measurement["steps"] {
  const row = /\| Cache \| (\d+) of (\d+) steps cached/.exec(run.summary);
  return row ? { cached: Number(row[1]), total: Number(row[2]) } : undefined;
}

/**
 * A fork's pull request on an ephemeral runner: no certificates and no fallback-builder, so the
 * action makes the default fallback, a docker-container builder on the runner's Docker engine
 * (new and empty every job), with the gha layer cache and the cache mounts restored through
 * @actions/cache, and saves both after.
 */
async function fallbackBuild(bed: BenchBed, request: BuildRequest): Promise<Measurement> {
  // The same runner paths for every job of a scope: @actions/cache's versions depend on them, as on hosted runners.
  const settings = fallbackSettings(bed);
  const run = await runSteps(request, join(bed.dir, `runner-${request.cacheScope}`), {
    "cache-scope": request.cacheScope,
    "fallback-driver-opts": settings.driverOpts,
    "fallback-buildkitd-config-inline": settings.buildkitdConfig,
  }, { BUILDX_CONFIG: bed.buildxConfig, ...bed.docker.env, ...bed.gha.env });
  // The steps leave the builder's container and state volume to dockerd; their removal (seconds of disk work) must
  // not overlap the next build measured. Untimed: on a runner it overlaps the job's later steps.
  await waitFor("dockerd to delete the fallback builder's state volume", async () => !(await bed.docker.docker(["volume", "ls", "--quiet"])).includes("remote-buildkit-fallback"), 120_000);
  const steps = summarySteps(run);
  return { ms: run.main.ms + run.post.ms, parts: stepTimes(run), ...(steps ? { steps } : {}) };
}

/** The settings every fallback builder of the benchmark gets: the test bed's engine gives containers loopback only, and the registry speaks plain HTTP. */
function fallbackSettings(bed: BenchBed): { readonly driverOpts: string; readonly buildkitdConfig: string } {
  return { driverOpts: "network=host", buildkitdConfig: `[registry."${bed.registry.host}"]\n  http = true\n  insecure = true\n` };
}

/**
 * What docker's own actions do for the same job, run as their commands: docker/setup-buildx-action
 * makes a docker-container builder (its state on the runner's disk), docker/build-push-action builds
 * with `cache-from: type=gha` and `cache-to: type=gha,mode=max` (buildx takes the cache service's
 * address and token from the step's environment; the toolkit adds the repository and token), and
 * setup-buildx-action's post step removes the builder. No cache mounts are carried. Timed: those
 * commands, not the actions' Node starts or their build record's upload.
 */
async function dockerGhaBuild(bed: BenchBed, request: BuildRequest): Promise<Measurement> {
  const settings = fallbackSettings(bed);
  const configFile = join(request.work, "buildkitd.toml");
  await writeFile(configFile, settings.buildkitdConfig);
  const name = `bench-docker-gha-${randomBytes(4).toString("hex")}`;
  const env = { ...bed.docker.env, ...bed.gha.env };
  const scope = `${request.cacheScope}-docker`;
  const started = performance.now();
  const create = await buildx(bed.buildxConfig, [
    "create", "--name", name, "--driver", "docker-container", "--driver-opt", settings.driverOpts, "--buildkitd-config", configFile,
    "--buildkitd-flags", "--allow-insecure-entitlement security.insecure --allow-insecure-entitlement network.host",
  ], request.logFile, BUILD_TIMEOUT_MS, env);
  await failIfNot(create.code === 0, "buildx create", request.logFile);
  const removeIt = bed.cleanup.defer(`buildx builder ${name}`, () => removeBuilder(bed.buildxConfig, name, request.logFile, env));
  try {
    const boot = await buildx(bed.buildxConfig, ["inspect", "--bootstrap", "--builder", name], request.logFile, BUILD_TIMEOUT_MS, env);
    await failIfNot(boot.code === 0, "buildx inspect --bootstrap", request.logFile);
    const bootMs = performance.now() - started;
    const cache = githubActionsCache(scope, "acme/app", GITHUB_TOKEN);
    const result = await buildx(bed.buildxConfig, buildArgs({ ...request, builder: name, cache }), request.logFile, BUILD_TIMEOUT_MS, env);
    await failIfNot(result.code === 0, "the build with docker's actions' commands", request.logFile);
    const removing = performance.now();
    await removeIt();
    const removeMs = performance.now() - removing;
    return { ms: performance.now() - started, parts: { bootMs, buildMs: result.ms, removeMs }, analysis: analyzeProgress(await readFile(request.logFile, "utf8")) };
  } finally {
    await removeIt();
  }
}

/** The committed bundle, main then post, run as the GitHub runner runs it, under Node 24. */
async function actionBuild(bed: BenchBed, request: BuildRequest): Promise<Measurement> {
  const run = await runSteps(request, join(request.work, "runner"), {
    endpoint: bed.remote.endpoint,
    "ca-cert": base64(bed.certs.ca.cert),
    "client-cert": base64(bed.certs.client.cert),
    "client-key": base64(bed.certs.client.key),
  });
  return { ms: run.main.ms + run.post.ms, parts: stepTimes(run) };
}

/** `docker buildx build` on a remote builder created once by hand: the action's overhead is the difference. */
async function rawBuildxBuild(bed: BenchBed, request: BuildRequest): Promise<Measurement> {
  const result = await buildx(bed.buildxConfig, buildArgs({ ...request, builder: bed.remoteBuilder }), request.logFile);
  await failIfNot(result.code === 0, "the buildx build", request.logFile);
  return { ms: result.ms, parts: {}, analysis: analyzeProgress(await readFile(request.logFile, "utf8")) };
}

/** In the order the results show them. The position of each also picks its extra dependencies. */
export const MODES: readonly Mode[] = [
  {
    id: "ephemeral",
    label: "ephemeral (empty builder)",
    description: "a buildkitd started on a fresh, empty --root for each build, reached over its unix socket: what a CI runner does today. Timed: the `docker buildx build`; its boot is recorded apart",
    scenarios: ["cold"],
    warmUp: "none",
    build: ephemeralBuild,
  },
  {
    id: "ephemeral-fallback",
    label: "ephemeral + fallback cache",
    description: "the action with no certificates (a fork's pull request) and no `fallback-builder`, falling back to its default: a new docker-container builder on the runner's Docker engine (Debian's dockerd 20.10, the BuildKit image made from the pinned buildkitd) for each build, with the gha layer cache and the cache mounts restored through @actions/cache from the local stand-in of the GitHub Actions cache service (Azurite) and saved there after. Each scenario has its own cache scope (as a CI keeps one per branch), filled by a warm-up build. Timed: both steps, from process start to exit (the builder's boot, restoring and saving included; not the removal of the builder's container and state volume, which the steps leave to dockerd and the benchmark waits for between builds)",
    scenarios: WARM_SCENARIOS,
    warmUp: "each-scenario",
    build: fallbackBuild,
  },
  {
    id: "docker-gha",
    label: "docker's actions + gha cache",
    description: "what docker's own actions do for the same fork's pull request, run as their commands: a new docker-container builder on the same Docker engine as docker/setup-buildx-action makes it (its state on disk), `docker buildx build` with `--cache-from type=gha` and `--cache-to type=gha,mode=max` as docker/build-push-action runs it, against the same cache stand-in (a cache scope of its own, filled by its own warm-ups), then `buildx rm` as setup-buildx-action's post step. No cache mounts are carried. Timed: `buildx create`, `inspect --bootstrap`, the build and `buildx rm` (not the actions' Node starts, nor the build record build-push-action uploads)",
    scenarios: WARM_SCENARIOS,
    warmUp: "each-scenario",
    build: dockerGhaBuild,
  },
  {
    id: "action",
    label: "action → persistent builder",
    description: "the committed dist/main.js then dist/post.js under Node 24, run as the GitHub runner runs them, against a buildkitd whose --root lives through the whole benchmark and was warmed once. Timed: both steps, from process start to exit",
    scenarios: WARM_SCENARIOS,
    // The raw buildx mode's warm-up warms the builder both share.
    warmUp: "none",
    build: actionBuild,
  },
  {
    id: "buildx",
    label: "raw buildx → persistent builder",
    description: "`docker buildx build --push` on a remote-driver builder created once by hand on the same persistent buildkitd. Timed: the `docker buildx build`",
    scenarios: WARM_SCENARIOS,
    warmUp: "once",
    build: rawBuildxBuild,
  },
];
