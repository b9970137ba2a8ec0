import { callBuildx } from "../buildx/builder.js";
import { countRecentBuilds } from "../health/history.js";
import { parseDiskUsage, type DiskUsage } from "../health/usage.js";
import { assessHealth, type BuilderHealth } from "../health/assess.js";
import { errorMessage } from "../errors.js";
import { lastLines } from "../process/spawn.js";
import type { RemoteBuilder } from "./remote.js";
import type { Job } from "./context.js";

/** Long enough for `buildx du` on a daemon with a large cache; the build never waits for it. */
const READ_TIMEOUT_MS = 20_000;

/**
 * Reads the remote daemon's disk usage and recent builds, started while the build runs (both are
 * read-only calls that do not wait for it), and assesses them. Never fails the step: what could
 * not be read is said in the summary.
 */
export async function readHealth(job: Job, builder: RemoteBuilder): Promise<BuilderHealth> {
  const buildx = await job.buildx();
  const read = async (args: readonly string[]): Promise<string> => {
    const result = await callBuildx(buildx, job.where, [...args, "--builder", builder.name], { timeoutMs: READ_TIMEOUT_MS, signal: job.ctx.signal });
    if (result.code !== 0) throw new Error(result.timedOut ? `timed out after ${READ_TIMEOUT_MS / 1000} s` : lastLines(result.stderr.trim(), 1).join("") || `exit ${result.code}`);
    return result.stdout;
  };
  const unreadable: string[] = [];
  const [usage, recentBuilds] = await Promise.all([
    read(["du", "--format", "json"]).then(parseDiskUsage).catch((err: unknown): DiskUsage | undefined => {
      unreadable.push(`disk usage (buildx du: ${errorMessage(err)})`);
      return undefined;
    }),
    read(["history", "ls", "--format", "json"]).then((text) => countRecentBuilds(text, job.ctx.now())).catch((err: unknown): number | undefined => {
      unreadable.push(`build history (buildx history ls: ${errorMessage(err)})`);
      return undefined;
    }),
  ]);
  return assessHealth({ buildkitVersion: builder.buildkitVersion, gcPolicy: builder.gcPolicy, usage, recentBuilds, unreadable });
}
