import type { Clock } from "../process/host.js";
import { diagnose, type Diagnosis } from "./diagnose.js";
import { probeTls, type ProbeTarget } from "./probe.js";

/** The remote daemon cannot be used; carries the precise reason. */
export class RemoteUnavailableError extends Error {
  constructor(readonly diagnosis: Diagnosis) {
    super(`${diagnosis.message}. Fix: ${diagnosis.fix}`);
    this.name = "RemoteUnavailableError";
  }
}

export interface PrecheckResult {
  readonly ms: number;
  /** The daemon also served a client that sent no certificate. */
  readonly acceptsAnonymous: boolean;
}

/**
 * Connects as buildx will, and, at the same time, without a client certificate, to find a daemon
 * that anyone could use. Throws RemoteUnavailableError with the diagnosis when the first fails.
 */
export async function precheckDaemon(target: ProbeTarget, endpoint: string, clock: Clock): Promise<PrecheckResult> {
  const { cert: _cert, key: _key, ...anonymous } = target;
  const [withCert, withoutCert] = await Promise.all([probeTls(target, clock), probeTls(anonymous, clock)]);
  if (!withCert.ok) {
    throw new RemoteUnavailableError(diagnose(withCert, { endpoint, serverName: target.serverName, timeoutMs: target.timeoutMs }));
  }
  return { ms: withCert.ms, acceptsAnonymous: withoutCert.ok };
}
