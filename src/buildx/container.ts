import { existsSync } from "node:fs";
import { join } from "node:path";
import { startDetached } from "../process/spawn.js";

/** The container docker-container driver runs a builder's first node in. */
export function builderContainer(builder: string): string {
  return `buildx_buildkit_${builder}0`;
}

/** The volume that holds that node's BuildKit state: layers, cache mounts, history. */
export function stateVolume(builder: string): string {
  return `${builderContainer(builder)}_state`;
}

/**
 * `docker volume create` arguments for a state volume in memory: a tmpfs that dockerd mounts when
 * the builder's container starts, and whose pages go when the volume is removed. buildx mounts the
 * volume of that name when it finds one rather than making its own.
 */
export function memoryVolumeArgs(builder: string, sizeBytes: number | undefined): string[] {
  const options = ["mode=0711", ...(sizeBytes === undefined ? [] : [`size=${sizeBytes}`])].join(",");
  return ["volume", "create", "--driver", "local", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", `o=${options}`, stateVolume(builder)];
}

/**
 * Has dockerd remove the job's docker-container builders, container then state volume, without
 * waiting. `buildx rm` stops buildkitd gracefully first: half a second of every fallback job spent
 * on a daemon whose state is thrown away. Deleting the volume is deleting every file of every layer
 * and cache mount the job made: 7 s for an npm service's, 18 s for 600 MB of node_modules, on the
 * test bed. Nothing in the job needs either back at once, and dockerd finishes each removal even
 * when the client that asked goes away (tried on the test bed: the CLI killed after 0.7 s, the
 * volume gone 10 s later). The volume goes after the container, which holds it until then, so the
 * shell that asks for both must outlive the job: see detachedDockerEnv.
 */
export function removeContainerBuilders(builders: readonly string[], env: NodeJS.ProcessEnv): void {
  for (const builder of builders) {
    startDetached("sh", ["-c", 'docker rm --force "$1"; docker volume rm --force "$2"', "sh", builderContainer(builder), stateVolume(builder)], detachedDockerEnv(env));
  }
}

/**
 * The environment of a docker CLI left running after the step: what finds and reaches the engine,
 * nothing else. Not RUNNER_TRACKING_ID, by which the GitHub runner kills a job's leftover
 * processes when the job ends (a post step's removal could otherwise die between the container
 * and its volume, leaving the state on a self-hosted runner's disk); not the step's INPUT_*
 * secrets either.
 */
export function detachedDockerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith("DOCKER_") || ["PATH", "HOME", "XDG_RUNTIME_DIR"].includes(name)));
}

/** How the fallback's docker-container builder is made: setup-buildx-action's options. */
export interface ContainerOptions {
  /** `key=value`, each given as --driver-opt. */
  readonly driverOpts: readonly string[];
  /** A buildkitd.toml file for the builder, or empty for BuildKit's defaults. */
  readonly configFile: string;
}

/**
 * The fallback builder's buildkitd flags: buildx's default for this driver, and no garbage
 * collection. The builder lives for one job; BuildKit's default policy keeps at most about 512 MB
 * of cache mounts, and its collection, run after a build, pruned a Go module cache between the
 * copy into the builder and the build, or between the build and the copy out.
 */
export const FALLBACK_BUILDKITD_FLAGS = "--allow-insecure-entitlement=network.host --oci-worker-gc=false";

/** `buildx create` arguments for a docker-container builder, as docker/setup-buildx-action makes one. */
export function containerBuilderArgs(name: string, options: ContainerOptions): string[] {
  return [
    "create", "--name", name, "--driver", "docker-container", "--buildkitd-flags", FALLBACK_BUILDKITD_FLAGS,
    ...options.driverOpts.flatMap((o) => ["--driver-opt", o]),
    ...(options.configFile ? ["--buildkitd-config", options.configFile] : []),
  ];
}

/** The runner's own buildx configuration directory, where buildx looks: BUILDX_CONFIG, DOCKER_CONFIG/buildx, ~/.docker/buildx. */
export function runnersBuildxConfig(env: NodeJS.ProcessEnv, home: string): string {
  if (env["BUILDX_CONFIG"]) return env["BUILDX_CONFIG"];
  return join(env["DOCKER_CONFIG"] || join(home, ".docker"), "buildx");
}

/** Where the fallback builder's BuildKit configuration comes from; `file` is written from `inline` when that is given. */
export type BuildkitdConfigSource =
  | { readonly from: "input"; readonly file: string; readonly inline: string }
  | { readonly from: "runner"; readonly file: string }
  | { readonly from: "none" };

/**
 * The input wins, as in setup-buildx-action; else the runner's buildkitd.default.toml, which buildx
 * would apply to the runner's own builders, and which the job's private buildx config would hide.
 */
export function chooseBuildkitdConfig(inline: string, runnersConfigDir: string, inputFile: string): BuildkitdConfigSource {
  if (inline.trim() !== "") return { from: "input", file: inputFile, inline: `${inline.trim()}\n` };
  const runners = join(runnersConfigDir, "buildkitd.default.toml");
  return existsSync(runners) ? { from: "runner", file: runners } : { from: "none" };
}
