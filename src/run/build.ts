import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { argvForLog, buildArgs, type SecretSource } from "../buildx/argv.js";
import { callBuildx } from "../buildx/builder.js";
import { parseMetadata, type BuildMetadata } from "../buildx/inspect.js";
import type { BuildxCommand } from "../buildx/locate.js";
import type { BuildTarget } from "../buildx/target.js";
import { writePrivateFile, type Workspace } from "../files/workspace.js";
import type { Inputs } from "../inputs/inputs.js";
import { stopwatch, type Clock } from "../process/host.js";
import { analyze, type BuildAnalysis } from "../progress/analysis.js";
import { parseStatusLine } from "../progress/events.js";
import { PlainProgress } from "../progress/plain-log.js";
import { TimelineBuilder } from "../progress/timeline.js";
import { lostUploadRace } from "../registry/upload-race.js";
import type { Job } from "./context.js";
import { lineWriter } from "./lines.js";

export interface BuildResult extends BuildMetadata {
  readonly durationMs: number;
}

/** The build did not finish; carries what its progress showed up to then. */
export class BuildFailedError extends Error {
  constructor(message: string, readonly analysis: BuildAnalysis, readonly cancelled: boolean, readonly stderr: string) {
    super(message);
    this.name = "BuildFailedError";
  }
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
}

export async function runBuild(
  buildx: BuildxCommand,
  ws: Workspace,
  target: BuildTarget,
  inputs: Inputs,
  signal: AbortSignal,
  log: (line: string) => void,
  clock: Clock,
): Promise<BuildOutcome> {
  const secrets = await writeSecretFiles(inputs, ws);
  const args = buildArgs(inputs, {
    builder: target.name, metadataFile: ws.metadataFile, imageIdFile: ws.imageIdFile, secrets,
    extraCacheFrom: target.cache?.cacheFrom ?? [], extraCacheTo: target.cache?.cacheTo ?? [],
  });
  log(`buildx ${argvForLog(args)}`);
  const timeline = new TimelineBuilder();
  const progress = new PlainProgress(log);
  const readLine = (line: string): void => {
    const status = parseStatusLine(line);
    if (!status) return log(line);
    timeline.add(status);
    progress.add(status);
  };
  const streams = { stdout: lineWriter(readLine), stderr: lineWriter(readLine) };
  const elapsed = stopwatch(clock);
  const result = await callBuildx(buildx, target.where, args, { signal, onOutput: (chunk, stream) => streams[stream].push(chunk) });
  streams.stdout.flush();
  streams.stderr.flush();
  progress.flush();
  const durationMs = elapsed();
  const analysis = analyze(timeline.finish());
  if (result.aborted) throw new BuildFailedError("The build was cancelled", analysis, true, result.stderr);
  if (result.code !== 0) throw new BuildFailedError(`buildx build failed (exit code ${result.code}); its output is above`, analysis, false, result.stderr);
  const metadata = parseMetadata(await readFile(ws.metadataFile, "utf8"));
  // As build-push-action: the image ID is what buildx writes to --iidfile.
  const imageId = (await readFile(ws.imageIdFile, "utf8").catch(() => "")).trim() || metadata.imageId;
  return { result: { ...metadata, imageId, durationMs }, analysis };
}

/** Builds once on the target, in a log group of that title. */
export async function buildOnce(job: Job, target: BuildTarget, title: string): Promise<BuildOutcome> {
  const { io } = job.ctx.platform;
  const buildx = await job.buildx();
  return io.group(title, () => runBuild(buildx, job.ws, target, job.inputs, job.ctx.signal, (line) => io.info(line), job.ctx.now));
}

/** Builds; when the registry lost a race between two uploads of one layer, builds once more, from the cache, to push again. */
export async function buildPushingAgain(job: Job, target: BuildTarget): Promise<BuildOutcome> {
  try {
    return await buildOnce(job, target, "Building");
  } catch (err: unknown) {
    if (!(job.inputs.push && err instanceof BuildFailedError && !err.cancelled && lostUploadRace(err.stderr))) throw err;
    job.ctx.platform.io.warning("The registry refused a layer that was being uploaded twice at once (a race some registries lose when builders push the same layer together); building once more, from the cache, to push again");
    return buildOnce(job, target, "Building again to push");
  }
}
