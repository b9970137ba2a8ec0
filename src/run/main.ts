import type { BuildxEnv } from "../buildx/builder.js";
import type { BuildResult } from "./build.js";
import { createWorkspace } from "../files/workspace.js";
import { parseInputs, type Inputs } from "../inputs/inputs.js";
import { decideFallback, failWith, lostConnection, type RemoteFailure } from "../policy/fallback.js";
import { stopwatch } from "../process/host.js";
import { errorMessage } from "../errors.js";
import { writeDockerConfig } from "../registry/docker-config.js";
import { registryFailure } from "../registry/registry-failure.js";
import { renderSummary, renderSummaryText, type BuildReport } from "../summary/render.js";
import { BuildFailedError, buildOnce, buildPushingAgain, type BuildOutcome } from "./build.js";
import { cleanUp } from "./cleanup.js";
import { StepEnd } from "./finish.js";
import { connect, type Connection } from "./connect.js";
import type { Job, MainContext } from "./context.js";
import { checkCredentials, NO_CREDENTIALS } from "./credentials.js";
import { fallBack, type FellBack } from "./fallback.js";
import { findBuildx } from "./find-buildx.js";
import { maskBuildSecrets, maskSecretInputs } from "./mask.js";
import type { CarriedMounts } from "./mounts.js";
import { buildOnFallbackOrDisk } from "./fallback-build.js";
import type { StepIO } from "./port.js";
import { builderFacts, makeReport } from "./report.js";
import { STATE } from "./state.js";
import { daemonReader, listHistory } from "./daemon-reads.js";
import { readHealth } from "./health.js";
import { buildArgValues, shortRef } from "../health/records.js";
import { compareWithEarlier, findEarlierBuilds, type Earlier } from "./previous.js";
import type { BuilderHealth } from "../health/assess.js";

/**
 * The main step: connect (or fall back), build, carry the cache mounts, report, and leave nothing
 * behind. Each step returns its facts; the report is made from them at the end.
 */
export async function runMain(ctx: MainContext): Promise<void> {
  const { io, job: services } = ctx.platform;
  const total = stopwatch(ctx.now);
  maskSecretInputs(io);
  const { inputs, credentialPems } = parseInputs(ctx.manifest, (name) => io.getInput(name));
  maskBuildSecrets(io, inputs);
  // Certificates are checked before anything else happens: a mistake in them fails in moments.
  // From here on only their decoded blocks travel, and only to the connect step, which writes them.
  const issuer = inputs.remote?.issuer;
  const credentials = !credentialPems ? NO_CREDENTIALS
    // Keyless: loaded only when used (it brings @peculiar/x509 to make the job's key and request).
    : issuer ? await (await import("../keyless/obtain.js")).obtainCertificate({ io, env: ctx.host.env, caCertPem: credentialPems.caCertPem, issuer, now: ctx.now(), timeoutMs: inputs.connectTimeoutMs })
    : checkCredentials(io, credentialPems, ctx.now());
  if ("reason" in credentials) mayFallBack(inputs, credentials);
  const logins = services.registryLogins();

  const ws = await createWorkspace(services.tempDir, services.tempDirVariable).catch(async (error: unknown) => {
    // No workspace yet, so nothing to clean up: the summary still tells why the step failed.
    const report = makeReport({ inputs, connection: undefined, fellBack: undefined, rebuiltOn: undefined, built: undefined, mounts: undefined, stoppedBuildMs: 0, saveMountsMs: 0, removeMs: 0, failure: { error }, health: undefined, comparison: undefined, totalMs: total() });
    await endStep(io, inputs.summary, { error }, undefined, () => report);
    throw error;
  });
  io.saveState(STATE.workspace, ws.dir);
  await services.holdCache?.();
  const where: BuildxEnv = logins.length > 0 ? { buildxConfig: ws.buildxConfig, dockerConfig: ws.dockerConfig } : { buildxConfig: ws.buildxConfig };
  const job: Job = { ctx, inputs, ws, where, buildx: findBuildx(io, ctx.buildx, inputs.buildxVersion) };
  let connection: Connection | undefined;
  let fellBack: FellBack | undefined;
  let rebuiltOn: FellBack | undefined;
  let built: BuildOutcome | undefined;
  let mounts: CarriedMounts | undefined;
  let saveMountsMs = 0;
  let stoppedBuildMs = 0;
  let failure: { readonly error: unknown } | undefined;
  let reading: Promise<BuilderHealth> | undefined;
  let earlier: Promise<Earlier> | undefined;
  try {
    if (logins.length > 0) {
      await writeDockerConfig(ws.dockerConfig, logins, ctx.host);
      io.info(`Logged in to ${logins.map((l) => l.registry).join(", ")} for this build`);
    }
    connection = inputs.remote && !("reason" in credentials) ? await connect(job, inputs.remote, credentials)
      : { ok: false, failure: "reason" in credentials ? credentials : NO_CREDENTIALS, ms: 0 };
    // The policy decides before anything waits for buildx: a failure it will not fall back from is told at once.
    const fallBackFrom = async (why: RemoteFailure): Promise<FellBack> => {
      mayFallBack(inputs, why);
      return fallBack(job, why);
    };
    const target = connection.ok ? connection.target : (fellBack = await fallBackFrom(connection.failure)).target;
    // Read while the build runs, so that they cost the step nothing it would not wait for anyway.
    if (connection.ok) {
      const read = daemonReader(job, connection.builder.name);
      const history = listHistory(read);
      reading = readHealth(job, connection.builder, read, history);
      earlier = findEarlierBuilds(job, read, history);
    }
    try {
      if (fellBack) {
        ({ built, mounts, stoppedMs: stoppedBuildMs, saveMountsMs } = await buildOnFallbackOrDisk(job, fellBack, (on, watch) => buildPushingAgain(job, on, watch), (again) => (fellBack = again)));
      } else built = await buildPushingAgain(job, target);
    } catch (err: unknown) {
      if (err instanceof BuildFailedError && !err.cancelled) failOnRegistry(err);
      if (fellBack || !(err instanceof BuildFailedError) || err.cancelled || !lostConnection(err.stderr)) throw err;
      rebuiltOn = await fallBackFrom({ reason: "remote-failed", message: "the connection to the remote daemon was lost during the build", misconfigured: false });
      ({ built, mounts, stoppedMs: stoppedBuildMs, saveMountsMs } = await buildOnFallbackOrDisk(job, rebuiltOn, (on, watch) => buildOnce(job, on, "Building again on the fallback builder", watch), (again) => (rebuiltOn = again)));
    }
    try {
      setOutputs(io, built.result, builderFacts({ inputs, connection, fellBack, rebuiltOn }));
    } catch (err: unknown) {
      throw new Error(`The build succeeded, but the step's outputs could not be written: ${errorMessage(err)}`);
    }
  } catch (err: unknown) {
    failure = { error: err };
  }
  // Before the clean-up, which takes away the builder these reads go through; neither ever fails the step.
  const health = reading && !rebuiltOn ? await reading.catch(() => undefined) : undefined;
  health?.warnings.forEach((w) => io.warning(w));
  const ownRef = built ? shortRef(built.ref) : "";
  const comparison = earlier && built && !rebuiltOn
    ? await earlier.then((e) => compareWithEarlier(e, ownRef, { buildArgs: buildArgValues(inputs.buildArgs), noCache: inputs.noCache, analysis: built.analysis })).catch(() => undefined)
    : undefined;
  // The post step repeats the clean-up; doing it here too keeps the key on disk no longer than the build.
  // A builder whose state in memory filled up was removed before its replacement started.
  const made = [fellBack, rebuiltOn].flatMap((f) => (f?.owned ? [f] : []));
  const owned = { names: made.map((f) => f.target.name), containers: made.flatMap((f) => (f.ownContainer ? [f.target.name] : [])) };
  let removeMs = 0;
  const removing = async (): Promise<void> => {
    const elapsed = stopwatch(ctx.now);
    await cleanUp(io, ws.dir, owned.names.length > owned.containers.length ? await job.buildx().catch(() => undefined) : undefined, owned, ctx.host.env);
    removeMs = owned.names.length > 0 ? elapsed() : 0;
  };
  await endStep(io, inputs.summary, failure, removing,
    () => makeReport({ inputs, connection, fellBack, rebuiltOn, built, mounts, stoppedBuildMs, saveMountsMs, removeMs, failure, health, comparison, totalMs: total() }));
}

/** Throws when the `fallback` input does not allow falling back from this failure. */
function mayFallBack(inputs: Inputs, failure: RemoteFailure): void {
  if (decideFallback(inputs.fallback, failure) === "fail") throw failWith(failure, inputs.fallback);
}

function setOutputs(io: StepIO, result: BuildResult, builder: Pick<BuildReport, "builder" | "mode" | "fallbackReason">): void {
  io.setOutput("digest", result.digest);
  io.setOutput("imageid", result.imageId);
  io.setOutput("metadata", result.json);
  io.setOutput("builder", builder.builder);
  io.setOutput("duration", String(result.durationMs));
  io.setOutput("builder-mode", builder.mode);
  io.setOutput("fallback-reason", builder.fallbackReason);
}

/**
 * The end of the step: the clean-up, then the summary and the report in the log, each even when
 * one before it failed. The step's first error wins; a later one is added as a further line, to
 * the error and to the summary, which must not tell of a success while the step fails.
 */
async function endStep(
  io: StepIO, summary: boolean, failure: { readonly error: unknown } | undefined,
  removing: (() => Promise<unknown>) | undefined, report: () => BuildReport | Promise<BuildReport>,
): Promise<void> {
  const end = new StepEnd(failure);
  if (removing) await end.run("Removing the builder, certificates and secrets", removing);
  let made: BuildReport | undefined;
  await end.run("Making the report", async () => (made = await report()));
  if (made) {
    const told = end.laterErrors.length === 0 ? made
      : { ...made, outcome: made.outcome === "succeeded" ? "failed" : made.outcome, error: [made.error, ...end.laterErrors].filter(Boolean).join("\n") } as const;
    if (summary) await end.run("Writing the step summary", () => io.writeSummary(renderSummary(told)));
    await end.run("Printing the summary", () => io.logSummary(renderSummaryText(told)));
  }
  end.settle();
}

/** A registry's failure is no reason to rebuild elsewhere: the error names the registry, and keeps the build's progress. */
function failOnRegistry(err: BuildFailedError): void {
  const failure = registryFailure(err.stderr);
  if (!failure) return;
  throw new BuildFailedError(
    `The registry ${failure.registry} failed the build (${failure.cause}); the builder itself is fine, so the build does not fall back. ` +
      `Fix: check that ${failure.registry} is up, reachable from the BuildKit daemon and logged in to, and the image names in the Dockerfile, tags, outputs and cache inputs`,
    err.analysis, false, err.stderr);
}
