import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { callBuildx } from "../buildx/builder.js";
import { compareBuilds, type Comparison, type PreviousBuild, type ThisBuild } from "../health/compare.js";
import { errorMessage } from "../errors.js";
import { seconds } from "../summary/format.js";
import { fromRepository, parseRecordDetails, parseRecordList, sameProject } from "../health/records.js";
import { lastLines } from "../process/spawn.js";
import { analyzeProgress } from "../progress/analysis.js";
import type { Job } from "./context.js";

const READ_TIMEOUT_MS = 20_000;
/** The project's records inspected to find its last build with the same Dockerfile and target. */
const LOOK_AT = 5;

/** This project's latest completed builds on the daemon, newest first, each read when asked (the first at once); or why this build is not compared. */
export type Earlier =
  | { readonly candidates: ReadonlyArray<{ readonly ref: string; readonly load: () => Promise<PreviousBuild> }> }
  | { readonly notCompared: string };

/**
 * Looks up this project's latest completed builds in the daemon's history (same Git repository,
 * Dockerfile and target) while this build runs, and starts reading the latest one's steps: a
 * running build is not in the list, and the two latest are kept in case this one finished before
 * the list was read.
 */
export async function findEarlierBuilds(job: Job, builder: string): Promise<Earlier> {
  const buildx = await job.buildx();
  const read = async (args: readonly string[]): Promise<string> => {
    const result = await callBuildx(buildx, job.where, [...args, "--builder", builder], { timeoutMs: READ_TIMEOUT_MS, signal: job.ctx.signal });
    if (result.code !== 0) throw new Error(`buildx ${args.slice(0, 2).join(" ")}: ${result.timedOut ? "timed out" : lastLines(result.stderr.trim(), 1).join("") || `exit ${result.code}`}`);
    return `${result.stdout}\n${result.stderr}`;
  };
  const project = { repository: job.ctx.platform.job.repository, dockerfile: job.inputs.file, target: job.inputs.target };
  if (!(await inGitCheckout(resolve(job.ctx.host.cwd, job.inputs.context)))) {
    return { notCompared: "the build context is not in a Git checkout, and the daemon's records name a project only by its Git repository" };
  }
  try {
    const recent = parseRecordList(await read(["history", "ls", "--format", "json"])).filter((r) => fromRepository(r.repository, project.repository)).slice(0, LOOK_AT);
    const details = await Promise.all(recent.map(async (r) => parseRecordDetails(await read(["history", "inspect", r.ref, "--format", "json"]))));
    const candidates = details.filter((d) => sameProject(d, project)).slice(0, 2).map((record) => {
      let loading: Promise<PreviousBuild> | undefined;
      const load = (): Promise<PreviousBuild> => (loading ??= read(["history", "logs", record.ref, "--progress", "rawjson"]).then((text) => ({
        ref: record.ref, buildArgs: record.buildArgs, analysis: analyzeProgress(text),
      })));
      return { ref: record.ref, load };
    });
    // Awaited after the build; until then a failure must not count as unhandled.
    candidates[0]?.load().catch(() => undefined);
    return { candidates };
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
    return compareBuilds(last ? await last.load() : undefined, current, seconds);
  } catch (err: unknown) {
    return { headline: `not compared with the last build: its record could not be read (${errorMessage(err)})`, reran: [] };
  }
}
