import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { callBuildx } from "../buildx/builder.js";
import type { BuildxCommand } from "../buildx/locate.js";
import { exportRecordArgs, keepRecords, parseRecordRef, recordFileName, type RecordRef } from "../buildx/record.js";
import { errorMessage } from "../errors.js";
import { lastLines } from "../process/spawn.js";
import type { BuildTarget } from "../buildx/target.js";
import type { Job } from "./context.js";

/**
 * Exports the build's record (a `.dockerbuild` file Docker Desktop opens) while the builder still
 * exists, and keeps it with the job. Says where, or returns "" when it is not kept; never fails
 * the step. A failed build writes no metadata: its reference is the one buildx noted in its
 * configuration when the build started.
 */
export async function keepBuildRecord(job: Job, buildx: BuildxCommand, target: BuildTarget, buildRef: string, started: Date): Promise<string> {
  const { io, job: services } = job.ctx.platform;
  if (!keepRecords(job.ctx.host.env["DOCKER_BUILD_RECORD_UPLOAD"])) {
    io.info("The build record is not kept: DOCKER_BUILD_RECORD_UPLOAD is false");
    return "";
  }
  if (!services.keepArtifact) {
    io.info("The build record is not kept: this runner has no artifact service (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN)");
    return "";
  }
  const keep = services.keepArtifact;
  const ref = parseRecordRef(buildRef) ?? (await noted(target, started));
  if (!ref) {
    io.info("buildx gave no reference of the build: there is no build record to keep");
    return "";
  }
  const file = join(job.ws.dir, recordFileName(services.repository, ref));
  try {
    const result = await callBuildx(buildx, target.where, exportRecordArgs(ref, file), { timeoutMs: 120_000, signal: job.ctx.signal });
    if (result.code !== 0) throw new Error(`buildx history export ${result.timedOut ? "timed out" : `exited with ${result.code}`}: ${lastLines(result.stderr.trim(), 3).join(" ")}`);
    const where = await keep(file);
    io.info(`Build record ${ref.id} kept as ${where}; open it in Docker Desktop's Builds view (Import builds)`);
    return where;
  } catch (err: unknown) {
    io.warning(`The build record could not be kept: ${errorMessage(err)}`);
    return "";
  }
}

/** The newest build buildx noted for this builder since the build started: `refs/BUILDER/NODE/ID` in its configuration. */
async function noted(target: BuildTarget, started: Date): Promise<RecordRef | undefined> {
  const config = target.where.buildxConfig;
  if (!config) return undefined;
  const dir = join(config, "refs", target.name);
  const found: Array<{ ref: RecordRef; ms: number }> = [];
  for (const node of await readdir(dir).catch(() => [])) {
    for (const id of await readdir(join(dir, node)).catch(() => [])) {
      const ms = (await stat(join(dir, node, id)).catch(() => undefined))?.mtimeMs ?? 0;
      const ref = parseRecordRef(`${target.name}/${node}/${id}`);
      if (ref && ms >= started.getTime() - 1000) found.push({ ref, ms });
    }
  }
  return found.sort((a, b) => b.ms - a.ms)[0]?.ref;
}
