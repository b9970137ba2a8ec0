import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { mountsDir } from "../cachemounts/keep.js";
import { basename } from "node:path";
import { removeBuilder } from "../buildx/builder.js";
import { buildxFromDescription, type BuildxCommand } from "../buildx/locate.js";
import { stopInJobDaemon } from "../fallback/in-job.js";
import { removeWorkspace, workspacePaths, WORKSPACE_PREFIX } from "../files/workspace.js";
import type { Platform } from "../platform/port.js";
import { STATE } from "./state.js";

/**
 * Removes the builder and the workspace (certificates, secrets, buildx state). Idempotent: says
 * whether there was anything left to remove.
 */
export async function cleanUp(platform: Platform, dir: string, buildx: BuildxCommand | undefined, builders: readonly string[]): Promise<boolean> {
  if (dir === "" || !existsSync(dir)) return false;
  if (!basename(dir).startsWith(WORKSPACE_PREFIX)) {
    platform.warning(`Not removing ${dir}: it is not a directory this action made`);
    return false;
  }
  for (const builder of builders) {
    if (!buildx) break;
    const removed = await removeBuilder(buildx, { buildxConfig: workspacePaths(dir).buildxConfig }, builder).catch(() => false);
    if (removed) platform.info(`Removed builder ${builder}`);
  }
  await stopInJobDaemon(dir, (m) => platform.info(m));
  await removeWorkspace(dir);
  return true;
}

/** The post step: runs after success, failure and cancellation of the main step. */
export async function runPost(platform: Platform): Promise<void> {
  if (await platform.releaseCache?.()) platform.info("The cache mounts are back in place for the CI's cache to keep");
  const dir = platform.getState(STATE.workspace);
  if (dir === "") {
    platform.info("Nothing to clean up");
    return;
  }
  const buildx = buildxFromDescription(platform.getState(STATE.buildx));
  const removed = await cleanUp(platform, dir, buildx, parseBuilders(platform.getState(STATE.builders)));
  await rm(mountsDir(platform.tempDir), { recursive: true, force: true });

  await platform.clearState();
  platform.info(removed
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
