import { randomBytes } from "node:crypto";
import type { BuildTarget } from "../buildx/target.js";
import type { Credentials } from "../certs/decode.js";
import type { RemoteInputs } from "../inputs/remote.js";
import type { RemoteFailure } from "../policy/fallback.js";
import { stopwatch } from "../process/host.js";
import { defaultRoutingKey } from "../routing/rendezvous.js";
import type { Job } from "./context.js";
import { writeCertFiles } from "./credentials.js";
import { RemoteFailedError, startRemoteBuilder, type RemoteBuilder } from "./remote.js";

/** The connect step's facts: the remote builder, ready, or why it cannot be used; and how long finding that out took. */
export type Connection =
  | { readonly ok: true; readonly target: BuildTarget; readonly builder: RemoteBuilder; readonly ms: number }
  | { readonly ok: false; readonly failure: RemoteFailure; readonly ms: number };

/** Writes the certificates, checks the daemons, and creates and boots the remote builder. */
export async function connect(job: Job, remote: RemoteInputs, credentials: Credentials): Promise<Connection> {
  const elapsed = stopwatch(job.ctx.now);
  await writeCertFiles(job.ws, credentials);
  // Not recorded for `buildx rm`: a remote builder lives only in the job's buildx configuration,
  // which the clean-up deletes.
  const name = `remote-buildkit-${randomBytes(4).toString("hex")}`;
  try {
    const routingKey = remote.routingKey || defaultRoutingKey(job.ctx.platform.job.repository, job.inputs.file);
    const builder = await startRemoteBuilder({
      io: job.ctx.platform.io, now: job.ctx.now, remote, routingKey, credentials, buildx: job.buildx, ws: job.ws, where: job.where, name, timeoutMs: job.inputs.connectTimeoutMs,
    });
    return { ok: true, target: { name: builder.name, where: builder.where, cache: undefined }, builder, ms: elapsed() };
  } catch (err: unknown) {
    if (err instanceof RemoteFailedError) return { ok: false, failure: err.failure, ms: elapsed() };
    throw err;
  }
}
