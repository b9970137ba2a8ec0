import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { argvForLog, buildArgs, type SecretSource } from "../buildx/argv.js";
import { callBuildx } from "../buildx/builder.js";
import { parseMetadata, type BuildMetadata } from "../buildx/inspect.js";
import { checkVerdict, describeWarning, parseCheckResult, warningPath, warningsFromMetadata, warningsFromStatusLine, type BuildWarning } from "../buildx/warnings.js";
import type { BuildxCommand } from "../buildx/locate.js";
import { keepRecords } from "../buildx/record.js";
import type { BuildTarget } from "../buildx/target.js";
import { writePrivateFile, type Workspace } from "../files/workspace.js";
import { isRecord } from "../json.js";
import type { Inputs } from "../inputs/inputs.js";
import { stopwatch, type Clock } from "../process/host.js";
import { analyze, type BuildAnalysis } from "../progress/analysis.js";
import { parseStatusLine, type SolveStatus } from "../progress/events.js";
import { NoSpaceWatch } from "../progress/no-space.js";
import { PlainProgress } from "../progress/plain-log.js";
import { TimelineBuilder } from "../progress/timeline.js";
import { lostUploadRace } from "../registry/upload-race.js";
import { lostConnection } from "../policy/fallback.js";
import { reportWarnings } from "./checks.js";
import type { Job } from "./context.js";
import { lineWriter } from "./lines.js";
import { keepBuildRecord } from "./record.js";

export interface BuildResult extends BuildMetadata {
  readonly durationMs: number;
}

/** The build did not finish; carries what its progress showed up to then. */
export class BuildFailedError extends Error {
  constructor(
    message: string,
    readonly analysis: BuildAnalysis,
    readonly cancelled: boolean,
    readonly stderr: string,
    readonly warnings: readonly BuildWarning[] = [],
    /** The builder ran out of space (NoSpaceWatch). */
    readonly noSpace = false,
  ) {
    super(message);
    this.name = "BuildFailedError";
  }

  /** Where the failed build's record is kept; set once kept. */
  record = "";
}

/** Secret values go to files only the job can read; buildx gets their paths, never the values. */
async function writeSecretFiles(inputs: Inputs, ws: Workspace): Promise<SecretSource[]> {
  const sources: SecretSource[] = [];
  for (const [index, secret] of inputs.secrets.entries()) {
    const file = join(ws.secretsDir, String(index));
    await rm(file, { force: true }); // a second build (after a fallback) writes them again
    await writePrivateFile(file, secret.value);
    sources.push({ id: secret.key, file });
  }
  for (const s of inputs.secretFiles) sources.push({ id: s.key, file: s.value });
  for (const s of inputs.secretEnvs) sources.push({ id: s.key, env: s.value });
  return sources;
}

export interface BuildOutcome {
  readonly result: BuildResult;
  readonly analysis: BuildAnalysis;
  /** The Dockerfile's build-check warnings. */
  readonly warnings: readonly BuildWarning[];
  /** BuildKit's reference of the build (`builder/node/ref`), for its record; empty when buildx gave none. */
  readonly ref: string;
  /** Where the build's record is kept; empty when it is not. */
  readonly record: string;
}

export async function runBuild(
  buildx: BuildxCommand,
  ws: Workspace,
  target: BuildTarget,
  inputs: Inputs,
  signal: AbortSignal,
  log: (line: string) => void,
  clock: Clock,
  watch?: (status: SolveStatus) => void,
): Promise<BuildOutcome> {
  const secrets = await writeSecretFiles(inputs, ws);
  const args = buildArgs(inputs, {
    builder: target.name, metadataFile: ws.metadataFile, imageIdFile: ws.imageIdFile, secrets,
    extraCacheFrom: target.cache?.cacheFrom ?? [], extraCacheTo: target.cache?.cacheTo ?? [],
  });
  log(`buildx ${argvForLog(args)}`);
  const timeline = new TimelineBuilder();
  const progress = new PlainProgress(log);
  const space = new NoSpaceWatch();
  const streamed: BuildWarning[] = [];
  const readLine = (line: string): void => {
    const status = parseStatusLine(line);
    if (!status) return log(line);
    streamed.push(...warningsFromStatusLine(line));
    timeline.add(status);
    progress.add(status);
    space.add(status);
    watch?.(status);
  };
  // A check's result is a JSON document on stdout, read below and told in our own words.
  const streams = { stdout: lineWriter(inputs.call === "check" ? () => undefined : readLine), stderr: lineWriter(readLine) };
  const elapsed = stopwatch(clock);
  // rawjson progress carries no readable warnings: buildx writes them to the metadata file, if asked.
  const result = await callBuildx(buildx, target.where, args, {
    signal, env: { BUILDX_METADATA_WARNINGS: "true" }, onOutput: (chunk, stream) => streams[stream].push(chunk),
  });
  streams.stdout.flush();
  streams.stderr.flush();
  progress.flush();
  const durationMs = elapsed();
  const analysis = analyze(timeline.finish());
  if (result.aborted) throw new BuildFailedError("The build was cancelled", analysis, true, result.stderr);
  const check = inputs.call === "check" ? parseCheckResult(result.stdout) : undefined;
  if (check && (check.warnings.length > 0 || check.error)) {
    const where = (w: BuildWarning): string => describeWarning(w, warningPath(w.file, inputs.context, inputs.file, ""));
    const message = check.error || [checkVerdict(check.warnings.length), ...check.warnings.map(where)].join("\n");
    throw new BuildFailedError(message, analysis, false, "", check.warnings);
  }
  if (result.code !== 0) throw new BuildFailedError(`buildx build failed (exit code ${result.code}); its output is above`, analysis, false, result.stderr, streamed, space.seenIn(result.stderr));
  if (check) log(checkVerdict(0));
  // A build always writes its metadata; a check, outline or list of targets may not.
  const reading = readFile(ws.metadataFile, "utf8");
  const metadataText = inputs.call === "build" ? await reading : await reading.catch(() => "{}");
  const metadata = parseMetadata(metadataText);
  // As build-push-action: the image ID is what buildx writes to --iidfile.
  const imageId = (await readFile(ws.imageIdFile, "utf8").catch(() => "")).trim() || metadata.imageId;
  const fields: unknown = JSON.parse(metadataText);
  const ref = isRecord(fields) && typeof fields["buildx.build.ref"] === "string" ? fields["buildx.build.ref"] : "";
  return { result: { ...metadata, imageId, durationMs }, analysis, warnings: warningsFromMetadata(fields), ref, record: "" };
}

/**
 * Builds once on the target, in a log group of that title. As build-push-action: each build's
 * check warnings are annotated and its record kept, a failed build's too; a check, outline or list
 * of targets builds nothing to keep a record of, and a daemon lost or a job cancelled leaves none.
 */
export async function buildOnce(job: Job, target: BuildTarget, title: string, watch?: BuildWatch): Promise<BuildOutcome> {
  const { io } = job.ctx.platform;
  const buildx = await job.buildx();
  const started = job.ctx.now();
  const recorded = job.inputs.call === "build";
  if (recorded && keepRecords(job.ctx.host.env["DOCKER_BUILD_RECORD_UPLOAD"])) job.ctx.platform.job.prepareArtifacts?.();
  return io.group(title, async () => {
    try {
      const outcome = await runBuild(buildx, job.ws, target, job.inputs, watch?.signal ?? job.ctx.signal, (line) => io.info(line), job.ctx.now, watch?.onStatus);
      reportWarnings(io, job.inputs, outcome.warnings, job.ctx.host.cwd);
      return recorded ? { ...outcome, record: await keepBuildRecord(job, buildx, target, outcome.ref, started) } : outcome;
    } catch (err: unknown) {
      if (!(err instanceof BuildFailedError)) throw err;
      reportWarnings(io, job.inputs, err.warnings, job.ctx.host.cwd);
      if (recorded && !err.cancelled && !lostConnection(err.stderr)) err.record = await keepBuildRecord(job, buildx, target, "", started);
      throw err;
    }
  });
}

/** Builds; when the registry lost a race between two uploads of one layer, builds once more, from the cache, to push again. */
export async function buildPushingAgain(job: Job, target: BuildTarget, watch?: BuildWatch): Promise<BuildOutcome> {
  try {
    return await buildOnce(job, target, "Building", watch);
  } catch (err: unknown) {
    if (!(job.inputs.push && err instanceof BuildFailedError && !err.cancelled && lostUploadRace(err.stderr))) throw err;
    job.ctx.platform.io.warning("The registry refused a layer that was being uploaded twice at once (a race some registries lose when builders push the same layer together); building once more, from the cache, to push again");
    return buildOnce(job, target, "Building again to push", watch);
  }
}

/** A build watched as it runs, and stopped by its own signal (which the job's cancel also aborts). */
export interface BuildWatch {
  readonly signal: AbortSignal;
  readonly onStatus: (status: SolveStatus) => void;
}
