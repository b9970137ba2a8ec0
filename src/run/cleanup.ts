import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename } from "node:path";
import { removeBuilder } from "../buildx/builder.js";
import { removeContainerBuilders, stateVolume } from "../buildx/container.js";
import { stopInJobDaemon } from "../buildx/in-job.js";
import { buildxFromDescription, type BuildxCommand } from "../buildx/locate.js";
import { mountsDir } from "../cachemounts/keep.js";
import { removeWorkspace, workspacePaths, WORKSPACE_PREFIX } from "../files/workspace.js";
import type { PostContext } from "./context.js";
import type { StepIO } from "./port.js";
import { STATE } from "./state.js";

/** The builders the job made, and those of them that are docker-container builders on the job's Docker engine. */
export interface OwnedBuilders {
  readonly names: readonly string[];
  readonly containers: readonly string[];
}

/**
 * Removes the builders and the workspace (certificates, secrets, buildx state). Docker removes the
 * docker-container builders in the background; buildx the others, which the workspace's buildx
 * configuration names. Idempotent: says whether there was anything left to remove.
 */
export async function cleanUp(io: StepIO, dir: string, buildx: BuildxCommand | undefined, builders: OwnedBuilders, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (dir === "" || !existsSync(dir)) return false;
  if (!basename(dir).startsWith(WORKSPACE_PREFIX)) {
    io.warning(`Not removing ${dir}: it is not a directory this action made`);
    return false;
  }
  const { containers } = builders;
  removeContainerBuilders(containers, env);
  for (const builder of containers) io.info(`Docker removes builder ${builder}, its container and its state (${stateVolume(builder)}), in the background`);
  for (const builder of builders.names) {
    if (!buildx || containers.includes(builder)) continue;
    const removed = await removeBuilder(buildx, { buildxConfig: workspacePaths(dir).buildxConfig }, builder).catch(() => false);
    if (removed) io.info(`Removed builder ${builder}`);
  }
  await stopInJobDaemon(dir, (m) => io.info(m));
  await removeWorkspace(dir);
  return true;
}

/** The post step: runs after success, failure and cancellation of the main step. */
export async function runPost(ctx: PostContext): Promise<void> {
  const { io, job } = ctx.platform;
  if (await job.releaseCache?.()) io.info("The cache mounts are back in place for the CI's cache to keep");
  const dir = io.getState(STATE.workspace);
  if (dir === "") {
    io.info("Nothing to clean up");
    return;
  }
  const buildx = buildxFromDescription(io.getState(STATE.buildx), ctx.host.env);
  const builders = { names: parseNames(io.getState(STATE.builders)), containers: parseNames(io.getState(STATE.containers)) };
  const removed = await cleanUp(io, dir, buildx, builders, ctx.host.env);
  // Asked again when the main step had asked already: its request may not have got through, and
  // one for a container or volume already gone is no error.
  if (!removed) removeContainerBuilders(builders.containers, ctx.host.env);
  await rm(mountsDir(job.tempDir), { recursive: true, force: true });
  await io.clearState();
  io.info(removed
    ? "Removed what the main step left: the builder, its certificates and its state"
    : "The main step already removed the builder, its certificates and its state");
}

function parseNames(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text || "[]");
    return Array.isArray(parsed) ? parsed.filter((b): b is string => typeof b === "string") : [];
  } catch {
    return [];
  }
}
