import { randomBytes } from "node:crypto";
import { bootBuilder, createRemoteBuilder } from "../buildx/builder.js";
import { describeBuildx, locateBuildx, type BuildxCommand } from "../buildx/locate.js";
import { decodeCredentials, pemText, type Credentials } from "../certs/decode.js";
import { checkCertificates } from "../certs/verify.js";
import { createWorkspace, writePrivateFile, type Workspace } from "../files/workspace.js";
import { parseInputs, type Inputs } from "../inputs/inputs.js";
import type { Manifest } from "../inputs/manifest.js";
import type { Platform } from "../platform/port.js";
import { openDaemonWarning } from "../tls/diagnose.js";
import { precheckDaemon } from "../tls/precheck.js";
import { runBuild } from "./build.js";
import { cleanUp } from "./cleanup.js";
import { maskDecoded, maskSecretInputs } from "./mask.js";
import { STATE } from "./state.js";

export interface MainContext {
  readonly platform: Platform;
  readonly manifest: Manifest;
  /** Aborted when the job is cancelled. */
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/** The main step: check, connect, create the builder, build, and leave nothing behind. */
export async function runMain(ctx: MainContext): Promise<void> {
  const { platform } = ctx;
  maskSecretInputs(platform);
  const inputs = parseInputs(ctx.manifest, (name) => platform.getInput(name));
  const credentials = decodeCredentials(inputs);
  maskDecoded(platform, credentials, inputs);
  const facts = checkCertificates(credentials, ctx.now());
  platform.info(`Client certificate "${facts.clientSubject}", valid until ${facts.clientNotAfter.toISOString()}`);
  facts.warnings.forEach((w) => platform.warning(w));

  const ws = await createWorkspace(platform.tempDir);
  platform.saveState(STATE.workspace, ws.dir);
  let buildx: BuildxCommand | undefined;
  const builder = `remote-buildkit-${randomBytes(4).toString("hex")}`;
  try {
    await writeCertFiles(ws, credentials);
    await platform.group(`Checking the TLS connection to ${inputs.endpoint.url}`, () => precheck(platform, inputs, credentials));
    const found = await platform.group("Finding buildx", () => locateBuildx({ wanted: inputs.buildxVersion, log: (m) => platform.info(m) }));
    buildx = found;
    platform.saveState(STATE.buildx, describeBuildx(found));
    platform.saveState(STATE.builder, builder);
    await platform.group(`Creating the remote builder ${builder}`, () => startBuilder(platform, found, ws, builder, inputs));
    const result = await platform.group("Building", () =>
      runBuild(found, ws, builder, inputs, ctx.signal, (line) => platform.info(line)));
    platform.setOutput("digest", result.digest);
    platform.setOutput("imageid", result.imageId);
    platform.setOutput("metadata", result.json);
    platform.setOutput("builder", builder);
    platform.setOutput("duration", String(result.durationMs));
    platform.info(`Built${result.digest ? ` ${result.digest}` : ""} in ${(result.durationMs / 1000).toFixed(1)} s on ${inputs.endpoint.url}`);
  } finally {
    // The post step repeats this; doing it here too keeps the key on disk no longer than the build.
    await cleanUp(platform, ws.dir, buildx, buildx ? builder : "");
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

async function startBuilder(platform: Platform, buildx: BuildxCommand, ws: Workspace, name: string, inputs: Inputs): Promise<void> {
  await createRemoteBuilder(buildx, ws.buildxConfig, {
    name,
    endpoint: inputs.endpoint,
    caCert: ws.caCert,
    clientCert: ws.clientCert,
    clientKey: ws.clientKey,
    serverName: inputs.tlsServerName,
  });
  const node = await bootBuilder(buildx, ws.buildxConfig, name, inputs.connectTimeoutMs);
  platform.info(`BuildKit ${node.buildkitVersion || "(version unknown)"} on ${inputs.endpoint.url}; platforms: ${node.platforms.join(", ")}`);
}
