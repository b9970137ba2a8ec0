import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { BuildxEnv } from "../buildx/builder.js";
import { startInJobBuilder } from "../buildx/in-job.js";
import { startFallbackBuilder, type LocalBuilder } from "../buildx/local.js";
import type { BuildxCommand } from "../buildx/locate.js";
import { buildkitdFlags, chooseFallback, type FallbackKind } from "../policy/fallback-builder.js";
import { memoryVolumeArgs, stateVolume } from "../buildx/container.js";
import type { StateStore } from "../policy/builder-state.js";
import { lastLines, runCommand } from "../process/spawn.js";
import type { Host } from "../process/host.js";

/** An executable file of that name on PATH, as the shell would find it. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env["PATH"] ?? "").split(delimiter).filter(Boolean).map((dir) => join(dir, name)).find((file) => existsSync(file));
}

/** The facts chooseFallback decides on, read from the job's environment. */
export function fallbackKind(inJobAllowed: boolean, named: string, host: Pick<Host, "env" | "uid">): FallbackKind {
  const { env } = host;
  return chooseFallback({
    inJobAllowed,
    named,
    docker: Boolean(env["DOCKER_HOST"]) || existsSync("/var/run/docker.sock"),
    buildkitd: onPath("buildkitd", env),
    rootlesskit: onPath("rootlesskit", env),
    root: host.uid === 0,
  });
}

export interface FallbackStart {
  readonly buildx: BuildxCommand;
  readonly where: BuildxEnv;
  readonly workspaceDir: string;
  readonly name: string;
  readonly env: NodeJS.ProcessEnv;
  /** For a docker-container builder: fallback-driver-opts, fallback-buildkitd-config-inline, the runner's buildx configuration. */
  readonly driverOpts: readonly string[];
  readonly inlineConfig: string;
  readonly runnersBuildxConfig: string;
  readonly log: (message: string) => void;
}

/** Starts the fallback builder of that kind. */
export function startFallback(kind: FallbackKind, start: FallbackStart): Promise<LocalBuilder> {
  if (kind.kind === "in-job") {
    return startInJobBuilder(start.buildx, start.where, start.workspaceDir, start.name, {
      buildkitd: kind.buildkitd,
      rootlesskit: kind.rootlesskit,
      extraFlags: buildkitdFlags(start.env["BUILDKITD_FLAGS"]),
      tmpDir: start.env["TMPDIR"] || tmpdir(),
      env: start.env,
    });
  }
  return startFallbackBuilder(start.buildx, start.where, {
    named: kind.kind === "named" ? kind.name : "", newName: start.name, driverOpts: start.driverOpts, inlineConfig: start.inlineConfig,
    runnersBuildxConfig: start.runnersBuildxConfig, workDir: start.workspaceDir, log: start.log,
  });
}

/** How the log names the builder about to start. */
export function describeFallback(kind: FallbackKind): string {
  if (kind.kind === "named") return `the runner's builder ${kind.name}`;
  if (kind.kind === "docker-container") return "a docker-container builder on the job's Docker";
  return `buildkitd inside the job (${kind.rootlesskit ? "rootless, through rootlesskit" : "as root"}; no Docker daemon)`;
}

/** The Docker endpoint of the context the docker CLI (and so buildx's docker-container driver) uses with that environment. */
export async function engineEndpoint(env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runCommand("docker", ["context", "inspect", "--format", "{{.Endpoints.docker.Host}}"], { env, timeoutMs: 10_000 }).catch(() => undefined);
  return result?.code === 0 ? result.stdout.trim() : env["DOCKER_HOST"] ?? "";
}

/**
 * Makes the tmpfs volume of a state in memory for the docker-container builder `name` before
 * buildx would make one on disk. An engine that refuses leaves the state on disk, and says why.
 */
export async function makeStateVolume(name: string, store: StateStore, env: NodeJS.ProcessEnv): Promise<StateStore> {
  if (store.where === "disk") return store;
  const result = await runCommand("docker", memoryVolumeArgs(name, store.sizeBytes), { env, timeoutMs: 30_000 })
    .catch((err: unknown) => ({ code: -1, stderr: err instanceof Error ? err.message : String(err) }));
  if (result.code === 0) return store;
  return { where: "disk", why: `the Docker engine made no tmpfs volume: ${lastLines(result.stderr.trim(), 2).join(" ")}` };
}

/** Removes the builder's state volume and waits: a builder made again under its name must not find it. */
export async function dropStateVolume(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  await runCommand("docker", ["volume", "rm", "--force", stateVolume(name)], { env, timeoutMs: 30_000 }).catch(() => undefined);
}
