import type { BuildxEnv } from "../buildx/builder.js";
import type { BuildResult } from "./build.js";
import { createWorkspace } from "../files/workspace.js";
import { parseInputs, type Inputs } from "../inputs/inputs.js";
import { decideFallback, failWith, lostConnection, type RemoteFailure } from "../policy/fallback.js";
import { stopwatch } from "../process/host.js";
import { writeDockerConfig } from "../registry/docker-config.js";
import { renderSummary, renderSummaryText, type BuildReport } from "../summary/render.js";
import { BuildFailedError, buildOnce, buildPushingAgain, type BuildOutcome } from "./build.js";
import { cleanUp } from "./cleanup.js";
import { connect, type Connection } from "./connect.js";
import type { Job, MainContext } from "./context.js";
import { checkCredentials, NO_CREDENTIALS } from "./credentials.js";
import { fallBack, type FellBack } from "./fallback.js";
import { findBuildx } from "./find-buildx.js";
import { maskBuildSecrets, maskSecretInputs } from "./mask.js";
import { saveMounts } from "./mounts.js";
import type { StepIO } from "./port.js";
import { builderFacts, makeReport } from "./report.js";
import { STATE } from "./state.js";
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
  const credentials = credentialPems ? checkCredentials(io, credentialPems, ctx.now()) : NO_CREDENTIALS;
  if ("reason" in credentials) mayFallBack(inputs, credentials);
  const logins = services.registryLogins();

  const ws = await createWorkspace(services.tempDir);
  io.saveState(STATE.workspace, ws.dir);
  await services.holdCache?.();
  const where: BuildxEnv = logins.length > 0 ? { buildxConfig: ws.buildxConfig, dockerConfig: ws.dockerConfig } : { buildxConfig: ws.buildxConfig };
  const job: Job = { ctx, inputs, ws, where, buildx: findBuildx(io, ctx.buildx, inputs.buildxVersion) };
  let connection: Connection | undefined;
  let fellBack: FellBack | undefined;
  let rebuiltOn: FellBack | undefined;
  let built: BuildOutcome | undefined;
  let saveMountsMs = 0;
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
      reading = readHealth(job, connection.builder);
      earlier = findEarlierBuilds(job, connection.builder.name);
    }
    try {
      built = await buildPushingAgain(job, target);
    } catch (err: unknown) {
      if (fellBack || !(err instanceof BuildFailedError) || err.cancelled || !lostConnection(err.stderr)) throw err;
      rebuiltOn = await fallBackFrom({ reason: "remote-failed", message: "the connection to the remote daemon was lost during the build", misconfigured: false });
      built = await buildOnce(job, rebuiltOn.target, "Building again on the fallback builder");
    }
    const mounts = (rebuiltOn ?? fellBack)?.mounts;
    if (mounts) saveMountsMs = await saveMounts(job, mounts, built.analysis.steps);
    setOutputs(io, built.result, builderFacts({ inputs, connection, fellBack, rebuiltOn }));
  } catch (err: unknown) {
    failure = { error: err };
    throw err;
  } finally {
    // The post step repeats this; doing it here too keeps the key on disk no longer than the build.
    const owned = [fellBack, rebuiltOn].flatMap((f) => (f?.owned ? [f.target.name] : []));
    await cleanUp(io, ws.dir, owned.length > 0 ? await job.buildx().catch(() => undefined) : undefined, owned);
    const health = reading && !rebuiltOn ? await reading : undefined;
    health?.warnings.forEach((w) => io.warning(w));
    const comparison = earlier && built && !rebuiltOn
      ? await compareWithEarlier(await earlier, shortRef(built.ref), { buildArgs: buildArgValues(inputs.buildArgs), noCache: inputs.noCache, analysis: built.analysis })
      : undefined;
    const report = makeReport({ inputs, connection, fellBack, rebuiltOn, built, saveMountsMs, failure, health, comparison, totalMs: total() });
    await publish(io, report, inputs.summary);
  }
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

async function publish(io: StepIO, report: BuildReport, summary: boolean): Promise<void> {
  if (summary) await io.writeSummary(renderSummary(report));
  await io.logSummary(renderSummaryText(report));
}
