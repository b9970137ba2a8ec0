import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename } from "node:path";
import { removeBuilder } from "../buildx/builder.js";
import { buildxFromDescription, type BuildxCommand } from "../buildx/locate.js";
import { mountsDir } from "../cachemounts/keep.js";
import { removeWorkspace, workspacePaths, WORKSPACE_PREFIX } from "../files/workspace.js";
import type { PostContext } from "./context.js";
import type { StepIO } from "./port.js";
import { STATE } from "./state.js";

/**
 * Removes the builder and the workspace (certificates, secrets, buildx state). Idempotent: says
 * whether there was anything left to remove.
 */
export async function cleanUp(io: StepIO, dir: string, buildx: BuildxCommand | undefined, builders: readonly string[]): Promise<boolean> {
  if (dir === "" || !existsSync(dir)) return false;
  if (!basename(dir).startsWith(WORKSPACE_PREFIX)) {
    io.warning(`Not removing ${dir}: it is not a directory this action made`);
    return false;
  }
  for (const builder of builders) {
    if (!buildx) break;
    const removed = await removeBuilder(buildx, { buildxConfig: workspacePaths(dir).buildxConfig }, builder).catch(() => false);
    if (removed) io.info(`Removed builder ${builder}`);
  }
  await removeWorkspace(dir);
  return true;
}

/** The post step: runs after success, failure and cancellation of the main step. */
export async function runPost(ctx: PostContext): Promise<void> {
  const { io, job } = ctx.platform;
  const dir = io.getState(STATE.workspace);
  if (dir === "") {
    io.info("Nothing to clean up");
    return;
  }
  const buildx = buildxFromDescription(io.getState(STATE.buildx), ctx.host.env);
  const removed = await cleanUp(io, dir, buildx, parseBuilders(io.getState(STATE.builders)));
  await rm(mountsDir(job.tempDir), { recursive: true, force: true });
  await io.clearState();
  io.info(removed
    ? "Removed what the main step left: the builder, its certificates and its state"
    : "The main step already removed the builder, its certificates and its state");
}

function parseBuilders(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text || "[]");
    return Array.isArray(parsed) ? parsed.filter((b): b is string => typeof b === "string") : [];
  } catch {
    return [];
  }
}
