import { countRecentBuilds } from "../health/history.js";
import { parseDiskUsage, type DiskUsage } from "../health/usage.js";
import { assessHealth, type BuilderHealth } from "../health/assess.js";
import { errorMessage } from "../errors.js";
import type { RemoteBuilder } from "./remote.js";
import type { Job } from "./context.js";
import type { DaemonRead } from "./daemon-reads.js";

/**
 * Reads the remote daemon's disk usage and recent builds, started while the build runs (both are
 * read-only calls that do not wait for it), and assesses them. Never fails the step: what could
 * not be read is said in the summary.
 */
export async function readHealth(job: Job, builder: RemoteBuilder, read: DaemonRead, history: Promise<string>): Promise<BuilderHealth> {
  const unreadable: string[] = [];
  const [usage, recentBuilds] = await Promise.all([
    read(["du", "--format", "json"]).then(parseDiskUsage).catch((err: unknown): DiskUsage | undefined => {
      unreadable.push(`disk usage (${errorMessage(err)})`);
      return undefined;
    }),
    history.then((text) => countRecentBuilds(text, job.ctx.now())).catch((err: unknown): number | undefined => {
      unreadable.push(`build history (${errorMessage(err)})`);
      return undefined;
    }),
  ]);
  return assessHealth({ buildkitVersion: builder.buildkitVersion, gcPolicy: builder.gcPolicy, usage, recentBuilds, unreadable });
}
