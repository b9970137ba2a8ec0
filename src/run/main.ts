import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { BuildxEnv } from "../buildx/builder.js";
import { describeBuildx, locateBuildx, type BuildxCommand } from "../buildx/locate.js";
import { decodeCredentials, pemText, type Credentials } from "../certs/decode.js";
import { saveCacheMounts } from "../cachemounts/keep.js";
import { ranWithCacheMounts } from "../cachemounts/scan.js";
import { checkCertificates } from "../certs/verify.js";
import { errorMessage, UserError } from "../errors.js";
import { decideFallback, failWith, lostConnection, type RemoteFailure } from "../fallback/policy.js";
import { createWorkspace, writePrivateFile, type Workspace } from "../files/workspace.js";
import { defaultRoutingKey } from "../routing/rendezvous.js";
import { parseInputs, type RemoteInputs } from "../inputs/inputs.js";
import type { Platform } from "../platform/port.js";
import { writeDockerConfig } from "../registry/docker-config.js";
import { registryFailure, type RegistryFailure } from "../registry/registry-failure.js";
import { lostUploadRace } from "../registry/upload-race.js";
import { adviseOn } from "../summary/advice.js";
import { renderSummary, renderSummaryText, type BuildReport } from "../summary/render.js";
import { BuildFailedError, runBuild, type BuildOutcome, type BuildTarget } from "./build.js";
import { cleanUp } from "./cleanup.js";
import { StepEnd } from "./finish.js";
import { fallBack } from "./fallback.js";
import type { Job, MainContext, Mutable } from "./job.js";
import { maskBuildSecrets, maskPemLines, maskSecretInputs } from "./mask.js";
import { RemoteFailedError, startRemoteBuilder } from "./remote.js";
import { STATE } from "./state.js";

/** The main step: connect (or fall back), build, report, and leave nothing behind. */
export async function runMain(ctx: MainContext): Promise<void> {
  const { platform } = ctx;
  const started = Date.now();
  maskSecretInputs(platform);
  const inputs = parseInputs(ctx.manifest, (name) => platform.getInput(name));
  maskBuildSecrets(platform, inputs);
  // Certificates are checked before anything else happens: a mistake in them fails in moments.
  const credentials = inputs.remote ? checkCredentials(platform, inputs.remote, ctx.now()) : NO_CREDENTIALS;
  if ("reason" in credentials && decideFallback(inputs.fallback, credentials) === "fail") throw failWith(credentials, inputs.fallback);
  const logins = platform.registryLogins();

  const report: Mutable<BuildReport> = {
    outcome: "failed", mode: "remote", builderAddress: inputs.remote?.endpoints[0]?.url ?? "", routing: [], fallbackReason: "", builder: "", buildkitVersion: "",
    tags: inputs.tags, pushed: inputs.push, digest: "", connectMs: 0, restoreMountsMs: 0, buildMs: 0, saveMountsMs: 0, totalMs: 0, analysis: undefined, advice: [], error: "",
  };
  const owned: string[] = [];
  let buildx: BuildxCommand | undefined;
  let workspaceDir = "";
  let failure: { error: unknown } | undefined;
  // Finding buildx takes a process or two; it runs while the daemons are checked.
  const finding = findBuildx(platform, inputs.buildxVersion);
  try {
    const ws = await createWorkspace(platform.tempDir, TEMP_DIR_VARIABLE[platform.name]);
    workspaceDir = ws.dir;
    platform.saveState(STATE.workspace, ws.dir);
    const where: BuildxEnv = logins.length > 0 ? { buildxConfig: ws.buildxConfig, dockerConfig: ws.dockerConfig } : { buildxConfig: ws.buildxConfig };
    if (logins.length > 0) {
      await writeDockerConfig(ws.dockerConfig, logins, ctx.env);
      platform.info(`Logged in to ${logins.map((l) => l.registry).join(", ")} for this build`);
    }
    const connecting = Date.now();
    const remote = "reason" in credentials ? credentials : await connectRemote({ ctx, inputs, ws, where, report }, credentials, finding);
    const found = await finding();
    buildx = found;
    const job: Job = { ctx, inputs, ws, where, buildx: found, report, owned, mounts: undefined };
    const target = "reason" in remote ? await fallBack(job, remote) : remote;
    report.connectMs = Date.now() - connecting - report.restoreMountsMs;
    const { result, analysis } = await buildOnTarget(job, target);
    const mounts = job.mounts;
    if (mounts && analysis.steps.length > 0 && !ranWithCacheMounts(analysis.steps, mounts.plan.mounts)) {
      platform.info("The cache mounts are as restored: every step that uses them came from the layer cache");
    } else if (mounts) {
      const saving = Date.now();
      await platform.group("Saving the cache mounts", () =>
        saveCacheMounts(mounts.plan, mounts.store, found, mounts.target, join(ws.dir, "cache-mounts-out"), (m) => platform.info(m)));
      report.saveMountsMs = Date.now() - saving;
    }
    report.buildMs = result.durationMs;
    report.digest = result.digest;
    report.analysis = analysis;
    report.advice = adviseOn(analysis, { load: inputs.load });
    // Before the outcome: a step whose outputs cannot be written fails, and its summary must say so.
    try {
      for (const [name, value] of Object.entries({
        digest: result.digest, imageid: result.imageId, metadata: result.json, builder: report.builder,
        duration: String(result.durationMs), "builder-mode": report.mode, "fallback-reason": report.fallbackReason,
      })) platform.setOutput(name, value);
    } catch (err: unknown) {
      throw new Error(`The build succeeded, but the step's outputs could not be written: ${errorMessage(err)}`);
    }
    report.outcome = "succeeded";
  } catch (err: unknown) {
    if (err instanceof BuildFailedError) {
      report.analysis = err.analysis;
      if (err.cancelled) report.outcome = "cancelled";
    }
    report.error = errorMessage(err);
    failure = { error: err };
  }
  const end = new StepEnd(failure);
  // The post step repeats this; doing it here too keeps the key on disk no longer than the build.
  await end.run("Removing the builder, certificates and secrets", async () => cleanUp(platform, workspaceDir, buildx ?? (await finding().catch(() => undefined)), owned));
  report.totalMs = Date.now() - started;
  if (end.laterErrors.length > 0) report.error = [report.error, ...end.laterErrors].filter(Boolean).join("\n");
  if (inputs.summary) await end.run("Writing the step summary", () => platform.writeSummary(renderSummary(report)));
  await end.run("Printing the summary", () => platform.logSummary(renderSummaryText(report)));
  end.settle();
}

/** The variable that names the job's scratch directory, for an error that says which to fix. */
const TEMP_DIR_VARIABLE: Readonly<Record<Platform["name"], string>> = { github: "RUNNER_TEMP", gitlab: "CI_BUILDS_DIR" };

const NO_CREDENTIALS: RemoteFailure = {
  reason: "no-credentials",
  message: "no endpoint or no certificates were given (a pull request from a fork gets no secrets)",
  misconfigured: false,
};

/** Decodes, masks and checks the certificates; a mistake is a misconfiguration, with the input named. */
function checkCredentials(platform: Platform, remote: RemoteInputs, now: Date): Credentials | RemoteFailure {
  try {
    const credentials = decodeCredentials(remote);
    maskPemLines(platform, credentials);
    const facts = checkCertificates(credentials, now);
    platform.info(`Client certificate "${facts.clientSubject}", valid until ${facts.clientNotAfter.toISOString()}`);
    facts.warnings.forEach((w) => platform.warning(w));
    return credentials;
  } catch (err: unknown) {
    if (err instanceof UserError) return { reason: "tls-error", message: err.message, misconfigured: true, cause: err };
    throw err;
  }
}

/**
 * Finds buildx at once and returns how to wait for it; its messages wait for that, so that they
 * show in their own log group. The buildx found is kept in the state for the post step.
 */
function findBuildx(platform: Platform, wanted: string): () => Promise<BuildxCommand> {
  const messages: string[] = [];
  const found = locateBuildx({ wanted, log: (m) => messages.push(m) });
  // Awaited below; until then a failure must not count as unhandled.
  found.catch(() => undefined);
  let waited: Promise<BuildxCommand> | undefined;
  return () => (waited ??= platform.group("Finding buildx", async () => {
    try {
      const buildx = await found;
      platform.saveState(STATE.buildx, describeBuildx(buildx));
      return buildx;
    } finally {
      messages.forEach((m) => platform.info(m));
    }
  }));
}

/** The remote builder, ready; or why it cannot be used. */
async function connectRemote(
  job: Pick<Job, "ctx" | "inputs" | "ws" | "where" | "report">,
  credentials: Credentials,
  buildx: () => Promise<BuildxCommand>,
): Promise<BuildTarget | RemoteFailure> {
  const { platform } = job.ctx;
  const remote = job.inputs.remote;
  if (!remote) return NO_CREDENTIALS;
  await writeCertFiles(job.ws, credentials);
  // Not recorded for `buildx rm`: a remote builder lives only in the job's buildx configuration,
  // which the clean-up deletes.
  const name = `remote-buildkit-${randomBytes(4).toString("hex")}`;
  try {
    const routingKey = remote.routingKey || defaultRoutingKey(platform.repository, job.inputs.file);
    const builder = await startRemoteBuilder({
      platform, remote, routingKey, credentials, buildx, ws: job.ws, where: job.where, name, timeoutMs: job.inputs.connectTimeoutMs,
    });
    job.report.builder = builder.name;
    job.report.builderAddress = builder.endpoint;
    job.report.routing = builder.routing;
    job.report.buildkitVersion = builder.buildkitVersion;
    return { name: builder.name, where: builder.where, cache: undefined };
  } catch (err: unknown) {
    if (err instanceof RemoteFailedError) return err.failure;
    throw err;
  }
}

/**
 * Builds; when the remote daemon dies mid-build and the policy allows, builds once more on the
 * fallback; when the registry lost a race between two uploads of one layer, pushes once more.
 */
async function buildOnTarget(job: Job, target: BuildTarget): Promise<BuildOutcome> {
  const { platform } = job.ctx;
  const build = (on: BuildTarget): Promise<BuildOutcome> =>
    runBuild(job.buildx, job.ws, on, job.inputs, job.ctx.signal, (line) => platform.info(line));
  try {
    return await platform.group("Building", () => build(target));
  } catch (err: unknown) {
    if (job.inputs.push && err instanceof BuildFailedError && !err.cancelled && lostUploadRace(err.stderr)) {
      platform.warning("The registry refused a layer that was being uploaded twice at once (a race some registries lose when builders push the same layer together); building once more, from the cache, to push again");
      return platform.group("Building again to push", () => build(target));
    }
    const registry = err instanceof BuildFailedError && !err.cancelled ? registryFailure(err.stderr) : undefined;
    if (registry && err instanceof BuildFailedError) throw registryFailedError(err, registry);
    const remoteDied = job.report.mode === "remote" && err instanceof BuildFailedError && !err.cancelled && lostConnection(err.stderr);
    if (!remoteDied) throw err;
    const failure: RemoteFailure = { reason: "remote-failed", message: "the connection to the remote daemon was lost during the build", misconfigured: false };
    const fallback = await fallBack(job, failure);
    return platform.group("Building again on the fallback builder", () => build(fallback));
  }
}

/** A registry's failure is no reason to rebuild elsewhere: the error names the registry, and keeps the build's progress. */
function registryFailedError(err: BuildFailedError, failure: RegistryFailure): BuildFailedError {
  return new BuildFailedError(
    `The registry ${failure.registry} failed the build (${failure.cause}); the builder itself is fine, so the build does not fall back. ` +
      `Fix: check that ${failure.registry} is up and reachable from the BuildKit daemon, and the image names in the Dockerfile, tags, outputs and cache inputs`,
    err.analysis, false, err.stderr);
}

async function writeCertFiles(ws: Workspace, credentials: Credentials): Promise<void> {
  await writePrivateFile(ws.caCert, pemText(credentials.ca));
  await writePrivateFile(ws.clientCert, pemText(credentials.cert));
  await writePrivateFile(ws.clientKey, pemText(credentials.key));
}
