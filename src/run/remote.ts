import { bootBuilder, createRemoteBuilder, type BuildxEnv } from "../buildx/builder.js";
import type { BuildxCommand } from "../buildx/locate.js";
import { pemText, type Credentials } from "../certs/decode.js";
import { errorMessage } from "../errors.js";
import type { Workspace } from "../files/workspace.js";
import type { RemoteInputs } from "../inputs/inputs.js";
import type { Platform } from "../platform/port.js";
import { openDaemonWarning } from "../tls/diagnose.js";
import { precheckDaemon, RemoteUnavailableError } from "../tls/precheck.js";
import { failureFromDiagnosis, type RemoteFailure } from "../fallback/policy.js";

export interface RemoteBuilder {
  readonly name: string;
  readonly where: BuildxEnv;
  readonly buildkitVersion: string;
}

/** The remote builder could not be made ready; carries the failure for the fallback policy. */
export class RemoteFailedError extends Error {
  constructor(readonly failure: RemoteFailure) {
    super(failure.message);
    this.name = "RemoteFailedError";
  }
}

export interface RemoteSetup {
  readonly platform: Platform;
  readonly remote: RemoteInputs;
  readonly credentials: Credentials;
  readonly buildx: BuildxCommand;
  readonly ws: Workspace;
  readonly where: BuildxEnv;
  readonly name: string;
  readonly timeoutMs: number;
}

/**
 * Checks the daemon with our own TLS connection, then creates and boots the remote builder, each
 * within the timeout. Throws RemoteFailedError with the precise reason.
 */
export async function startRemoteBuilder(setup: RemoteSetup): Promise<RemoteBuilder> {
  const { platform, remote, credentials, ws } = setup;
  const url = remote.endpoint.url;
  await platform.group(`Checking the TLS connection to ${url}`, async () => {
    try {
      const result = await precheckDaemon({
        host: remote.endpoint.host,
        port: remote.endpoint.port,
        serverName: remote.tlsServerName,
        ca: pemText(credentials.ca),
        cert: pemText(credentials.cert),
        key: pemText(credentials.key),
        timeoutMs: setup.timeoutMs,
      }, url);
      platform.info(`TLS and HTTP/2 to ${url} answered in ${result.ms} ms`);
      if (result.acceptsAnonymous) platform.warning(openDaemonWarning(url));
    } catch (err: unknown) {
      if (err instanceof RemoteUnavailableError) throw new RemoteFailedError(failureFromDiagnosis(err.diagnosis));
      throw err;
    }
  });
  return platform.group(`Creating the remote builder ${setup.name}`, async () => {
    try {
      await createRemoteBuilder(setup.buildx, setup.where, {
        name: setup.name,
        endpoint: remote.endpoint,
        caCert: ws.caCert,
        clientCert: ws.clientCert,
        clientKey: ws.clientKey,
        serverName: remote.tlsServerName,
      });
      const node = await bootBuilder(setup.buildx, setup.where, setup.name, setup.timeoutMs);
      platform.info(`BuildKit ${node.buildkitVersion || "(version unknown)"} on ${url}; platforms: ${node.platforms.join(", ")}`);
      return { name: setup.name, where: setup.where, buildkitVersion: node.buildkitVersion };
    } catch (err: unknown) {
      throw new RemoteFailedError({ reason: "remote-failed", message: `the remote builder at ${url} did not start: ${errorMessage(err)}`, misconfigured: false });
    }
  });
}
