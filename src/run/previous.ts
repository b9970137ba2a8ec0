import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { compareBuilds, ranWithCacheMount, type Comparison, type PreviousBuild, type ThisBuild } from "../health/compare.js";
import { errorMessage } from "../errors.js";
import { seconds } from "../summary/format.js";
import { fromRepository, parseRecordDetails, parseRecordList, sameProject, shortRef, type RecordDetails } from "../health/records.js";
import { mountsCreatedAt } from "../health/usage.js";
import { analyzeProgress, type BuildAnalysis } from "../progress/analysis.js";
import type { Job } from "./context.js";
import type { DaemonRead } from "./daemon-reads.js";

/** The project's records inspected to find its last build with the same Dockerfile and target. */
const LOOK_AT = 5;

/** This project's latest completed builds on the daemon, newest first, each read when asked (the first at once); or why this build is not compared. */
export type Earlier =
  | {
    readonly candidates: ReadonlyArray<{ readonly ref: string; readonly load: () => Promise<PreviousBuild> }>;
    /** When each cache mount on the daemon was created, read after the build, when a step that ran uses one. */
    readonly mountsCreatedAt: () => Promise<ReadonlyMap<string, number>>;
  }
  | { readonly notCompared: string };

/**
 * Looks up this project's latest completed builds in the daemon's history (same Git repository,
 * Dockerfile and target) while this build runs, and starts reading the latest one's steps: a
 * running build is not in the list, and the two latest are kept in case this one finished before
 * the list was read. The two newest records of the repository are inspected, and the newest one's
 * steps read, at once: usually they are the project's, and every further call would come after
 * the build. Older records are inspected only when these two are not both the project's.
 */
export async function findEarlierBuilds(job: Job, read: DaemonRead, history: Promise<string>): Promise<Earlier> {
  const project = { repository: job.ctx.platform.job.repository, dockerfile: job.inputs.file, target: job.inputs.target };
  if (!(await inGitCheckout(resolve(job.ctx.host.cwd, job.inputs.context)))) {
    return { notCompared: "the build context is not in a Git checkout, and the daemon's records name a project only by its Git repository" };
  }
  try {
    const recent = parseRecordList(await history).filter((r) => fromRepository(r.repository, project.repository)).slice(0, LOOK_AT);
    const steps = new Map<string, Promise<BuildAnalysis>>();
    const stepsOf = (ref: string): Promise<BuildAnalysis> => {
      const reading = steps.get(ref) ?? read(["history", "logs", ref, "--progress", "rawjson"]).then(analyzeProgress);
      steps.set(ref, reading);
      return reading;
    };
    // Awaited after the build; until then a failure must not count as unhandled.
    if (recent[0]) stepsOf(recent[0].ref).catch(() => undefined);
    const inspect = (refs: readonly string[]): Promise<RecordDetails[]> => Promise.all(refs.map(async (ref) => parseRecordDetails(await read(["history", "inspect", ref, "--format", "json"]))));
    const first = (await inspect(recent.slice(0, 2).map((r) => r.ref))).filter((d) => sameProject(d, project));
    // Two are kept: one of them can be this build, if it finished before the list was read.
    const details = first.length >= 2 ? first : [...first, ...(await inspect(recent.slice(2).map((r) => r.ref))).filter((d) => sameProject(d, project))];
    const completedAt = (ref: string): number => recent.find((r) => r.ref === shortRef(ref))?.completedAt ?? Number.NaN;
    return {
      candidates: details.slice(0, 2).map((record) => ({
        ref: record.ref, load: async () => ({ ref: record.ref, buildArgs: record.buildArgs, analysis: await stepsOf(record.ref), completedAt: completedAt(record.ref) }),
      })),
      mountsCreatedAt: async () => mountsCreatedAt(await read(["du", "--format", "json", "--filter", "type=exec.cachemount"])),
    };
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
  const last = earlier.candidates.find((c) => c.ref !== ownRef);
  try {
    const previous = last ? await last.load() : undefined;
    // The mounts' ages tell whether one came back empty; a build whose steps all came from the cache does not ask.
    const mounts = previous && ranWithCacheMount(current.analysis) ? await earlier.mountsCreatedAt().catch(() => undefined) : undefined;
    return compareBuilds(previous, mounts ? { ...current, mountsCreatedAt: mounts } : current, seconds);
  } catch (err: unknown) {
    return { headline: `not compared with the last build: its record could not be read (${errorMessage(err)})`, reran: [] };
  }
}
