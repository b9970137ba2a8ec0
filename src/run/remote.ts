import { bootBuilder, createRemoteBuilder, type BuildxEnv } from "../buildx/builder.js";
import type { GcRule } from "../buildx/gc-policy.js";
import type { BuildxCommand } from "../buildx/locate.js";
import { pemText, type Credentials } from "../certs/decode.js";
import { errorMessage } from "../errors.js";
import { failureFromDiagnosis, type RemoteFailure } from "../policy/fallback.js";
import type { Workspace } from "../files/workspace.js";
import type { Endpoint, RemoteInputs } from "../inputs/remote.js";
import { describeRouting, type CandidateCheck } from "../routing/choice.js";
import type { Clock } from "../process/host.js";
import { rankEndpoints } from "../routing/rendezvous.js";
import { openDaemonWarning } from "../tls/diagnose.js";
import { precheckDaemon, RemoteUnavailableError } from "../tls/precheck.js";
import type { StepIO } from "./port.js";

export interface RemoteBuilder {
  readonly name: string;
  readonly where: BuildxEnv;
  readonly buildkitVersion: string;
  /** The daemon the build went to (the first node). */
  readonly endpoint: string;
  /** How the daemon was chosen: the candidates in rank order, and why any were skipped. */
  readonly routing: readonly string[];
  /** The daemon's garbage collection rules, as buildx showed them at boot. */
  readonly gcPolicy: readonly GcRule[];
}

/** The remote builder could not be made ready; carries the failure for the fallback policy. */
export class RemoteFailedError extends Error {
  constructor(readonly failure: RemoteFailure) {
    super(failure.message);
    this.name = "RemoteFailedError";
  }
}

export interface RemoteSetup {
  readonly io: StepIO;
  readonly now: Clock;
  readonly remote: RemoteInputs;
  readonly routingKey: string;
  readonly credentials: Credentials;
  /** Awaited once the daemons are checked: finding buildx runs meanwhile. */
  readonly buildx: () => Promise<BuildxCommand>;
  readonly ws: Workspace;
  readonly where: BuildxEnv;
  readonly name: string;
  readonly timeoutMs: number;
}

type Check = { readonly endpoint: Endpoint; readonly ok: true; readonly ms: number; readonly anonymous: boolean }
  | { readonly endpoint: Endpoint; readonly ok: false; readonly failure: RemoteFailure };

async function check(setup: RemoteSetup, endpoint: Endpoint, signal: AbortSignal): Promise<Check> {
  const { credentials, remote } = setup;
  try {
    const result = await precheckDaemon({
      host: endpoint.host,
      port: endpoint.port,
      serverName: remote.tlsServerName,
      ca: pemText(credentials.ca),
      cert: pemText(credentials.cert),
      key: pemText(credentials.key),
      timeoutMs: setup.timeoutMs,
      signal,
    }, endpoint.url, setup.now);
    return { endpoint, ok: true, ms: result.ms, anonymous: result.acceptsAnonymous };
  } catch (err: unknown) {
    if (err instanceof RemoteUnavailableError) return { endpoint, ok: false, failure: failureFromDiagnosis(err.diagnosis) };
    throw err;
  }
}

/** Of several failed daemons, the one to report: a TLS mistake before an unreachable daemon, since it must not be hidden. */
function worst(failures: readonly RemoteFailure[]): RemoteFailure {
  const first = failures.find((f) => f.misconfigured) ?? failures[0];
  if (!first) return { reason: "unreachable", message: "no remote daemon was given", misconfigured: false };
  return failures.length > 1 ? { ...first, message: `none of the ${failures.length} daemons can be used; ${first.message}` } : first;
}

const asCandidate = (endpoint: Endpoint, c: Check | undefined): CandidateCheck =>
  !c ? { url: endpoint.url, state: "pending" } : c.ok ? { url: endpoint.url, state: "healthy" } : { url: endpoint.url, state: "failed", reason: c.failure.reason };

/**
 * Checks every candidate and platform daemon at once with our own TLS connection (each within the
 * timeout) and takes the first healthy candidate in rank order as soon as every candidate ranked
 * above it has failed: a daemon that hangs below the choice costs nothing. Platform daemons are all
 * needed, so all of them are waited for.
 */
async function checkDaemons(setup: RemoteSetup, ranked: readonly Endpoint[]): Promise<{ chosen: number | "none"; candidates: CandidateCheck[]; results: readonly (Check | undefined)[]; platforms: readonly Check[] }> {
  const { io, remote } = setup;
  const stop = new AbortController();
  const results: (Check | undefined)[] = ranked.map(() => undefined);
  const candidateChecks = ranked.map((endpoint, i) => check(setup, endpoint, stop.signal).then((c) => (results[i] = c)));
  const platformChecks = Promise.all(remote.platformEndpoints.map((p) => check(setup, p.endpoint, stop.signal)));
  const report = (c: Check): void => io.info(c.ok ? `${c.endpoint.url}: TLS and HTTP/2 answered in ${c.ms} ms` : `${c.endpoint.url}: ${c.failure.message}`);
  try {
    // Awaited in rank order while all run at once: the first healthy one is chosen as soon as
    // every one ranked above it has failed.
    let chosen: number | "none" = "none";
    for (const [i, pending] of candidateChecks.entries()) {
      const c = await pending;
      report(c);
      if (c.ok) {
        chosen = i;
        break;
      }
    }
    const platforms = await platformChecks;
    platforms.forEach(report);
    // Fixed now: the checks still running are not waited for, and their connections are closed.
    const candidates = ranked.map((e, i) => asCandidate(e, results[i]));
    return { chosen, candidates, results: [...results], platforms };
  } finally {
    stop.abort();
  }
}

/**
 * Ranks the endpoints for the routing key, picks the daemon (checkDaemons), and creates and boots
 * the builder: that daemon, plus a node for each platform daemon.
 */
export async function startRemoteBuilder(setup: RemoteSetup): Promise<RemoteBuilder> {
  const { io, remote } = setup;
  const ranked = rankEndpoints(setup.routingKey, remote.endpoints);
  const daemons = [...ranked, ...remote.platformEndpoints.map((p) => p.endpoint)];
  const checked = await io.group(`Checking the TLS connection to ${daemons.map((d) => d.url).join(", ")}`, () => checkDaemons(setup, ranked));
  const chosen = typeof checked.chosen === "number" ? checked.results[checked.chosen] : undefined;
  if (ranked.length > 0 && !chosen) throw new RemoteFailedError(worst(checked.results.flatMap((c) => (c && !c.ok ? [c.failure] : []))));
  const downPlatform = checked.platforms.findIndex((c) => !c.ok);
  const down = checked.platforms[downPlatform];
  if (down && !down.ok) {
    throw new RemoteFailedError({ ...down.failure, message: `the daemon for ${remote.platformEndpoints[downPlatform]?.platform}: ${down.failure.message}` });
  }
  for (const c of [chosen, ...checked.platforms]) if (c?.ok && c.anonymous) io.warning(openDaemonWarning(c.endpoint.url));

  const routing = typeof checked.chosen === "number" ? describeRouting(checked.candidates, checked.chosen, setup.routingKey) : [];
  routing.forEach((line) => io.info(`Routing: ${line}`));

  const nodes = [
    ...(chosen ? [{ endpoint: chosen.endpoint, platform: "" }] : []),
    ...remote.platformEndpoints.map((p) => ({ endpoint: p.endpoint, platform: p.platform })),
  ];
  const first = nodes[0]?.endpoint.url ?? "";
  // Outside the try below: not finding buildx is no reason to fall back.
  const buildx = await setup.buildx();
  return io.group(`Creating the remote builder ${setup.name}`, async () => {
    try {
      for (const [i, node] of nodes.entries()) {
        await createRemoteBuilder(buildx, setup.where, {
          name: setup.name,
          append: i > 0,
          platform: node.platform,
          endpoint: node.endpoint,
          caCertFile: setup.ws.caCertFile,
          clientCertFile: setup.ws.clientCertFile,
          clientKeyFile: setup.ws.clientKeyFile,
          serverName: remote.tlsServerName,
        });
      }
      const booted = await bootBuilder(buildx, setup.where, setup.name, setup.timeoutMs);
      for (const n of booted) io.info(`BuildKit ${n.buildkitVersion || "(version unknown)"} on ${n.endpoint}; platforms: ${n.platforms.join(", ")}`);
      return { name: setup.name, where: setup.where, buildkitVersion: booted[0]?.buildkitVersion ?? "", endpoint: first, routing, gcPolicy: booted[0]?.gcPolicy ?? [] };
    } catch (err: unknown) {
      throw new RemoteFailedError({ reason: "remote-failed", message: `the remote builder at ${first} did not start: ${errorMessage(err)}`, misconfigured: false });
    }
  });
}
