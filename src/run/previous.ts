import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { compareBuilds, ranSteps, ranWithCacheMount, type Comparison, type PreviousBuild, type ThisBuild } from "../health/compare.js";
import { errorMessage } from "../errors.js";
import { seconds } from "../summary/format.js";
import { fromRepository, parseRecordDetails, parseRecordList, sameProject, shortRef, type RecordDetails } from "../health/records.js";
import { mountsCreatedAt } from "../health/usage.js";
import { analyzeProgress } from "../progress/analysis.js";
import type { Job } from "./context.js";
import type { DaemonRead } from "./daemon-reads.js";

/** The project's records inspected to find its last build with the same Dockerfile and target. */
const LOOK_AT = 5;

/** The project's last build on the daemon, found and read as far as this build needs; or why this build is not compared. */
export type Earlier =
  | {
    /** The project's latest completed build that is not `ownRef`; its steps are read when `withSteps`. */
    readonly previous: (ownRef: string, withSteps: boolean) => Promise<PreviousBuild | undefined>;
    /** When each cache mount on the daemon was created, read after the build, when a step that ran uses one. */
    readonly mountsCreatedAt: () => Promise<ReadonlyMap<string, number>>;
  }
  | { readonly notCompared: string };

/**
 * Looks up this project's latest completed builds in the daemon's history (same Git repository,
 * Dockerfile and target) while this build runs. Each call to buildx costs a process and a TLS
 * handshake on the runner's cores, so while the build runs only the repository's newest record
 * is inspected: usually it is the project's last build. Older ones are inspected, and the steps
 * read, after the build, and only when it needs them (the newest was this build or another
 * project's; steps ran that the last build may have taken from the cache).
 */
export async function findEarlierBuilds(job: Job, read: DaemonRead, history: Promise<string>): Promise<Earlier> {
  const project = { repository: job.ctx.platform.job.repository, dockerfile: job.inputs.file, target: job.inputs.target };
  if (!(await inGitCheckout(resolve(job.ctx.host.cwd, job.inputs.context)))) {
    return { notCompared: "the build context is not in a Git checkout, and the daemon's records name a project only by its Git repository" };
  }
  try {
    const recent = parseRecordList(await history).filter((r) => fromRepository(r.repository, project.repository)).slice(0, LOOK_AT);
    const inspections = new Map<string, Promise<RecordDetails>>();
    const inspect = (ref: string): Promise<RecordDetails> => {
      const reading = inspections.get(ref) ?? read(["history", "inspect", ref, "--format", "json"]).then(parseRecordDetails);
      inspections.set(ref, reading);
      return reading;
    };
    // Awaited after the build; until then a failure must not count as unhandled.
    if (recent[0]) inspect(recent[0].ref).catch(() => undefined);
    const previous = async (ownRef: string, withSteps: boolean): Promise<PreviousBuild | undefined> => {
      for (const entry of recent.filter((r) => r.ref !== ownRef)) {
        const details = await inspect(entry.ref);
        if (!sameProject(details, project)) continue;
        const steps = withSteps ? analyzeProgress(await read(["history", "logs", entry.ref, "--progress", "rawjson"])) : undefined;
        return {
          ref: entry.ref, buildArgs: details.buildArgs, completedAt: entry.completedAt,
          wallMs: steps?.wallMs ?? entry.completedAt - entry.createdAt, steps: steps?.steps ?? [],
        };
      }
      return undefined;
    };
    return { previous, mountsCreatedAt: async () => mountsCreatedAt(await read(["du", "--format", "json", "--filter", "type=exec.cachemount"])) };
  } catch (err: unknown) {
    return { notCompared: `the daemon's history could not be read (${errorMessage(err)})` };
  }
}

/** Whether a directory or one above it holds `.git`, as a checkout does: buildx then names the repository in the build's record. */
async function inGitCheckout(dir: string): Promise<boolean> {
  for (let at = dir; ; at = dirname(at)) {
    if (await stat(join(at, ".git")).then(() => true, () => false)) return true;
    if (dirname(at) === at) return false;
  }
}

/** This build compared with the project's last one on the daemon; `ownRef` is this build's record, never its own "last build". */
export async function compareWithEarlier(earlier: Earlier, ownRef: string, current: ThisBuild): Promise<Comparison> {
  if ("notCompared" in earlier) return { headline: `not compared with the last build: ${earlier.notCompared}`, reran: [] };
  try {
    // A build whose steps all came from the cache has nothing to compare step by step, nor mounts that came back empty.
    const previous = await earlier.previous(shortRef(ownRef), ranSteps(current.analysis));
    const mounts = previous && ranWithCacheMount(current.analysis) ? await earlier.mountsCreatedAt().catch(() => undefined) : undefined;
    return compareBuilds(previous, mounts ? { ...current, mountsCreatedAt: mounts } : current, seconds);
  } catch (err: unknown) {
    return { headline: `not compared with the last build: its record could not be read (${errorMessage(err)})`, reran: [] };
  }
}
