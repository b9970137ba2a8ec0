import { callBuildx } from "../buildx/builder.js";
import { lastLines } from "../process/spawn.js";
import type { Job } from "./context.js";

/** Long enough for `buildx du` on a daemon with a large cache; the build never waits for it. */
const READ_TIMEOUT_MS = 20_000;

/** One read-only buildx call on the builder (history, du): its output (`history logs` writes its progress to stderr), or an error naming the call. */
export type DaemonRead = (args: readonly string[]) => Promise<string>;

/** The reads that run while the build does, all through one builder and stopped with the job. */
export function daemonReader(job: Job, builder: string): DaemonRead {
  return async (args) => {
    const buildx = await job.buildx();
    const result = await callBuildx(buildx, job.where, [...args, "--builder", builder], { timeoutMs: READ_TIMEOUT_MS, signal: job.ctx.signal, background: true });
    if (result.code !== 0) {
      const why = result.timedOut ? `timed out after ${READ_TIMEOUT_MS / 1000} s` : lastLines(result.stderr.trim(), 1).join("") || `exit ${result.code}`;
      throw new Error(`buildx ${args.slice(0, 2).join(" ")}: ${why}`);
    }
    return `${result.stdout}\n${result.stderr}`;
  };
}

/**
 * The daemon's build history, listed once for both the health and the comparison: every buildx
 * call costs a process start and a TLS handshake, which a warm build's step would wait for.
 */
export function listHistory(read: DaemonRead): Promise<string> {
  const listing = read(["history", "ls", "--format", "json"]);
  // Awaited later by each reader; until then a failure must not count as unhandled.
  listing.catch(() => undefined);
  return listing;
}
