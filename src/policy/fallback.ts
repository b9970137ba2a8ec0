import { lastLines } from "../process/spawn.js";
import type { FallbackPolicy } from "../inputs/inputs.js";
import type { Diagnosis } from "../tls/diagnose.js";

/** Why the fallback builder ran: the `fallback-reason` output. */
export type FallbackReason = "no-credentials" | "unreachable" | "timeout" | "tls-error" | "remote-failed";

/** The remote builder cannot be used, and why. */
export interface RemoteFailure {
  readonly reason: FallbackReason;
  readonly message: string;
  /** A mistake in certificates or TLS settings: a silent fallback would hide it. */
  readonly misconfigured: boolean;
  /** The error to fail with, when it says more than the message (it names the input). */
  readonly cause?: Error;
}

export type FallbackDecision = "fall-back" | "fall-back-and-warn" | "fail";

/** What the `fallback` input says to do about a failure. */
export function decideFallback(policy: FallbackPolicy, failure: RemoteFailure): FallbackDecision {
  if (policy === "never") return "fail";
  if (!failure.misconfigured) return "fall-back";
  return policy === "always" ? "fall-back-and-warn" : "fail";
}

export function failureFromDiagnosis(diagnosis: Diagnosis): RemoteFailure {
  const message = `${diagnosis.message}. Fix: ${diagnosis.fix}`;
  if (diagnosis.kind === "misconfigured") return { reason: "tls-error", message, misconfigured: true };
  return { reason: diagnosis.reason === "timeout" ? "timeout" : "unreachable", message, misconfigured: false };
}

/**
 * Whether buildx's error output says the connection to the daemon was lost mid-build (daemon
 * killed or restarted, network gone), rather than that the build itself failed.
 */
export function lostConnection(stderr: string): boolean {
  return /code = Unavailable|error reading from server|transport is closing|connection reset by peer|connection refused|broken pipe|http2: client connection lost|no active session/i
    .test(lastLines(stderr, 30).join("\n"));
}

/** The error to fail with when the policy says fail. */
export function failWith(failure: RemoteFailure, policy: FallbackPolicy): Error {
  return failure.cause ?? new Error(policy === "never" ? `${failure.message} (fallback is never)` : failure.message);
}
