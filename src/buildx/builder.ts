import { lastLines, runCommand, type SpawnOptions, type SpawnResult } from "../process/spawn.js";
import { createBuilderArgs, type RemoteBuilderSpec } from "./argv.js";
import { parseInspect, type NodeStatus } from "./inspect.js";
import type { BuildxCommand } from "./locate.js";

/**
 * The configuration directories buildx runs with: the job's own, so that the runner's builders
 * are never touched, or none, to use a builder the runner already has.
 */
export interface BuildxEnv {
  readonly buildxConfig?: string;
  readonly dockerConfig?: string;
}

export function callBuildx(
  buildx: BuildxCommand,
  where: BuildxEnv,
  args: readonly string[],
  options: Omit<SpawnOptions, "env"> & { readonly env?: Readonly<Record<string, string>> } = {},
): Promise<SpawnResult> {
  const dirs = { ...(where.buildxConfig ? { BUILDX_CONFIG: where.buildxConfig } : {}), ...(where.dockerConfig ? { DOCKER_CONFIG: where.dockerConfig } : {}) };
  const env = { ...buildx.env, ...options.env, ...dirs };
  return runCommand(buildx.file, [...buildx.prefix, ...args], { ...options, env });
}

function failure(what: string, result: SpawnResult): Error {
  const why = result.timedOut ? "timed out" : `exited with ${result.code}`;
  return new Error(`${what} ${why}: ${lastLines(result.stderr.trim(), 5).join("\n")}`);
}

export async function createRemoteBuilder(buildx: BuildxCommand, where: BuildxEnv, spec: RemoteBuilderSpec): Promise<void> {
  const result = await callBuildx(buildx, where, createBuilderArgs(spec), { timeoutMs: 30_000 });
  if (result.code !== 0) throw failure("buildx create", result);
}

/** Boots the builder within the timeout and returns its nodes, each of which must be `running`. */
export async function bootBuilder(buildx: BuildxCommand, where: BuildxEnv, name: string, timeoutMs: number): Promise<NodeStatus[]> {
  const result = await callBuildx(buildx, where, ["inspect", "--bootstrap", "--builder", name], { timeoutMs });
  if (result.timedOut) throw new Error(`the builder did not boot within ${timeoutMs / 1000} s`);
  const nodes = parseInspect(result.stdout);
  const down = nodes.find((n) => n.status !== "running");
  if (result.code !== 0 || nodes.length === 0 || down) {
    const detail = down?.error || lastLines(result.stderr.trim(), 3).join(" ") || `status ${down?.status || "unknown"}`;
    throw new Error(`the builder did not boot${down ? ` (node ${down.endpoint || down.name})` : ""}: ${detail}`);
  }
  return nodes;
}

/** A local builder like docker/setup-buildx-action's: a BuildKit container on the job's Docker; args from containerBuilderArgs. */
export async function createContainerBuilder(buildx: BuildxCommand, where: BuildxEnv, args: readonly string[]): Promise<void> {
  const result = await callBuildx(buildx, where, args, { timeoutMs: 30_000 });
  if (result.code !== 0) throw failure("buildx create --driver docker-container", result);
}

export async function removeBuilder(buildx: BuildxCommand, where: BuildxEnv, name: string): Promise<boolean> {
  const result = await callBuildx(buildx, where, ["rm", name], { timeoutMs: 30_000 });
  return result.code === 0;
}
