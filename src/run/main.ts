import { randomBytes } from "node:crypto";
import { bootBuilder, createRemoteBuilder, type BuildxEnv } from "../buildx/builder.js";
import { describeBuildx, locateBuildx, type BuildxCommand } from "../buildx/locate.js";
import { decodeCredentials, pemText, type Credentials } from "../certs/decode.js";
import { checkCertificates } from "../certs/verify.js";
import { errorMessage } from "../errors.js";
import { createWorkspace, writePrivateFile, type Workspace } from "../files/workspace.js";
import { parseInputs, type Inputs } from "../inputs/inputs.js";
import type { Manifest } from "../inputs/manifest.js";
import type { Platform } from "../platform/port.js";
import { writeDockerConfig } from "../registry/docker-config.js";
import { adviseOn } from "../summary/advice.js";
import { renderSummary, renderSummaryText, type BuildReport } from "../summary/render.js";
import { openDaemonWarning } from "../tls/diagnose.js";
import { precheckDaemon } from "../tls/precheck.js";
import { BuildFailedError, runBuild } from "./build.js";
import { cleanUp } from "./cleanup.js";
import { maskDecoded, maskSecretInputs } from "./mask.js";
import { STATE } from "./state.js";

export interface MainContext {
  readonly platform: Platform;
  readonly manifest: Manifest;
  /** Aborted when the job is cancelled. */
  readonly signal: AbortSignal;
  readonly now: () => Date;
  readonly env: NodeJS.ProcessEnv;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The main step: check, connect, create the builder, build, report, and leave nothing behind. */
export async function runMain(ctx: MainContext): Promise<void> {
  const { platform } = ctx;
  const started = Date.now();
  maskSecretInputs(platform);
  const inputs = parseInputs(ctx.manifest, (name) => platform.getInput(name));
  const credentials = decodeCredentials(inputs);
  maskDecoded(platform, credentials, inputs);
  const facts = checkCertificates(credentials, ctx.now());
  platform.info(`Client certificate "${facts.clientSubject}", valid until ${facts.clientNotAfter.toISOString()}`);
  facts.warnings.forEach((w) => platform.warning(w));
  const logins = platform.registryLogins();

  const ws = await createWorkspace(platform.tempDir);
  platform.saveState(STATE.workspace, ws.dir);
  const builder = `remote-buildkit-${randomBytes(4).toString("hex")}`;
  const where: BuildxEnv = logins.length > 0 ? { buildxConfig: ws.buildxConfig, dockerConfig: ws.dockerConfig } : { buildxConfig: ws.buildxConfig };
  const report: Mutable<BuildReport> = {
    outcome: "failed", endpoint: inputs.endpoint.url, builder: "", buildkitVersion: "", tags: inputs.tags, pushed: inputs.push,
    digest: "", connectMs: 0, buildMs: 0, totalMs: 0, analysis: undefined, advice: [], error: "",
  };
  let buildx: BuildxCommand | undefined;
  try {
    await writeCertFiles(ws, credentials);
    if (logins.length > 0) {
      await writeDockerConfig(ws.dockerConfig, logins, ctx.env);
      platform.info(`Logged in to ${logins.map((l) => l.registry).join(", ")} for this build`);
    }
    const connecting = Date.now();
    await platform.group(`Checking the TLS connection to ${inputs.endpoint.url}`, () => precheck(platform, inputs, credentials));
    const found = await platform.group("Finding buildx", () => locateBuildx({ wanted: inputs.buildxVersion, log: (m) => platform.info(m) }));
    buildx = found;
    platform.saveState(STATE.buildx, describeBuildx(found));
    platform.saveState(STATE.builder, builder);
    report.builder = builder;
    report.buildkitVersion = await platform.group(`Creating the remote builder ${builder}`, () => startBuilder(platform, found, ws, where, builder, inputs));
    report.connectMs = Date.now() - connecting;
    const { result, analysis } = await platform.group("Building", () =>
      runBuild(found, ws, where, builder, inputs, ctx.signal, (line) => platform.info(line)));
    report.buildMs = result.durationMs;
    report.digest = result.digest;
    report.analysis = analysis;
    report.advice = adviseOn(analysis, { load: inputs.load });
    report.outcome = "succeeded";
    platform.setOutput("digest", result.digest);
    platform.setOutput("imageid", result.imageId);
    platform.setOutput("metadata", result.json);
    platform.setOutput("builder", builder);
    platform.setOutput("duration", String(result.durationMs));
  } catch (err: unknown) {
    if (err instanceof BuildFailedError) {
      report.analysis = err.analysis;
      if (err.cancelled) report.outcome = "cancelled";
    }
    report.error = errorMessage(err);
    throw err;
  } finally {
    // The post step repeats this; doing it here too keeps the key on disk no longer than the build.
    await cleanUp(platform, ws.dir, buildx, buildx ? builder : "");
    report.totalMs = Date.now() - started;
    if (inputs.summary) await platform.writeSummary(renderSummary(report));
    await platform.logSummary(renderSummaryText(report));
  }
}

async function writeCertFiles(ws: Workspace, credentials: Credentials): Promise<void> {
  await writePrivateFile(ws.caCert, pemText(credentials.ca));
  await writePrivateFile(ws.clientCert, pemText(credentials.cert));
  await writePrivateFile(ws.clientKey, pemText(credentials.key));
}

async function precheck(platform: Platform, inputs: Inputs, credentials: Credentials): Promise<void> {
  const result = await precheckDaemon(
    {
      host: inputs.endpoint.host,
      port: inputs.endpoint.port,
      serverName: inputs.tlsServerName,
      ca: pemText(credentials.ca),
      cert: pemText(credentials.cert),
      key: pemText(credentials.key),
      timeoutMs: inputs.connectTimeoutMs,
    },
    inputs.endpoint.url,
  );
  platform.info(`TLS and HTTP/2 to ${inputs.endpoint.url} answered in ${result.ms} ms`);
  if (result.acceptsAnonymous) platform.warning(openDaemonWarning(inputs.endpoint.url));
}

/** Creates and boots the builder; returns the daemon's BuildKit version. */
async function startBuilder(platform: Platform, buildx: BuildxCommand, ws: Workspace, where: BuildxEnv, name: string, inputs: Inputs): Promise<string> {
  await createRemoteBuilder(buildx, where, {
    name,
    endpoint: inputs.endpoint,
    caCert: ws.caCert,
    clientCert: ws.clientCert,
    clientKey: ws.clientKey,
    serverName: inputs.tlsServerName,
  });
  const node = await bootBuilder(buildx, where, name, inputs.connectTimeoutMs);
  platform.info(`BuildKit ${node.buildkitVersion || "(version unknown)"} on ${inputs.endpoint.url}; platforms: ${node.platforms.join(", ")}`);
  return node.buildkitVersion;
}
