import { removeBuilder } from "../buildx/builder.js";
import { buildxFromDescription, type BuildxCommand } from "../buildx/locate.js";
import { removeWorkspace, workspacePaths, WORKSPACE_PREFIX } from "../files/workspace.js";
import { basename } from "node:path";
import type { Platform } from "../platform/port.js";
import { STATE } from "./state.js";

/** Removes the builder and the workspace (certificates, secrets, buildx state). Idempotent. */
export async function cleanUp(platform: Platform, dir: string, buildx: BuildxCommand | undefined, builder: string): Promise<void> {
  if (dir === "") return;
  if (!basename(dir).startsWith(WORKSPACE_PREFIX)) {
    platform.warning(`Not removing ${dir}: it is not a directory this action made`);
    return;
  }
  if (buildx && builder !== "") {
    const removed = await removeBuilder(buildx, workspacePaths(dir).buildxConfig, builder).catch(() => false);
    if (removed) platform.info(`Removed builder ${builder}`);
  }
  await removeWorkspace(dir);
}

/** The post step: runs after success, failure and cancellation of the main step. */
export async function runPost(platform: Platform): Promise<void> {
  const dir = platform.getState(STATE.workspace);
  if (dir === "") {
    platform.info("Nothing to clean up");
    return;
  }
  const buildx = buildxFromDescription(platform.getState(STATE.buildx));
  await cleanUp(platform, dir, buildx, platform.getState(STATE.builder));
  platform.info("Removed the builder's certificates and state");
}
