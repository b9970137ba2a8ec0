import { join } from "node:path";
import { callBuildx } from "../buildx/builder.js";
import { exportRecordArgs, keepRecords, parseRecordRef, recordFileName } from "../buildx/record.js";
import { errorMessage } from "../errors.js";
import type { Job } from "./job.js";

/**
 * Exports the build's record (a `.dockerbuild` file Docker Desktop opens) while the builder still
 * exists, and keeps it with the job. Says where, or returns "" when it is not kept; never fails
 * the step, which has built what it was asked to.
 */
export async function keepBuildRecord(job: Job, buildRef: string): Promise<string> {
  const { platform } = job.ctx;
  if (!keepRecords(job.ctx.env["DOCKER_BUILD_RECORD_UPLOAD"])) {
    platform.info("The build record is not kept: DOCKER_BUILD_RECORD_UPLOAD is false");
    return "";
  }
  const ref = parseRecordRef(buildRef);
  if (!ref) {
    platform.info("buildx gave no reference of the build: there is no build record to keep");
    return "";
  }
  const file = join(job.ws.dir, recordFileName(platform.repository, ref));
  try {
    const result = await callBuildx(job.buildx, job.where, exportRecordArgs(ref, file), { timeoutMs: 120_000, signal: job.ctx.signal });
    if (result.code !== 0) throw new Error(`buildx history export ${result.timedOut ? "timed out" : `exited with ${result.code}`}: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
    const where = await platform.keepArtifact(file);
    platform.info(`Build record ${ref.id} kept as ${where}; open it in Docker Desktop's Builds view (Import builds)`);
    return where;
  } catch (err: unknown) {
    platform.warning(`The build record could not be kept: ${errorMessage(err)}`);
    return "";
  }
}
