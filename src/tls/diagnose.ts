import type { ProbeResult } from "./probe.js";

/**
 * `unreachable`: nothing answered as a daemon would (down, wrong address, firewall).
 * `misconfigured`: something answered and refused us, or we refused it: a certificate or name
 * problem that retrying elsewhere would only hide.
 */
export type FailureKind = "unreachable" | "misconfigured";

export interface Diagnosis {
  readonly kind: FailureKind;
  /** Short stable code, for outputs and tests. */
  readonly reason: string;
  /** What happened and who rejected what. */
  readonly message: string;
  readonly fix: string;
}

export interface DiagnosisContext {
  readonly endpoint: string;
  readonly serverName: string;
  readonly timeoutMs: number;
}

type Failure = Extract<ProbeResult, { ok: false }>;

const UNTRUSTED_SERVER = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE",
]);

/** Turns a failed probe into one precise explanation. */
export function diagnose(failure: Failure, ctx: DiagnosisContext): Diagnosis {
  const at = ctx.endpoint;
  const seconds = ctx.timeoutMs / 1000;
  const code = failure.code;
  if (code === "TIMEOUT") {
    const where: Record<typeof failure.stage, string> = {
      tcp: `${at} did not accept a TCP connection within ${seconds} s (packets dropped: a firewall, or the host is down)`,
      tls: `${at} accepted TCP but did not complete a TLS handshake within ${seconds} s (not a TLS service, or a proxy that holds connections)`,
      http2: `${at} completed TLS but sent no HTTP/2 answer within ${seconds} s (not a BuildKit daemon, or overloaded)`,
    };
    return unreachable("timeout", where[failure.stage], "check that the daemon runs and that this runner can reach its port; raise connect-timeout only if the network is slow");
  }
  if (code === "ECONNREFUSED") {
    return unreachable("refused", `nothing is listening at ${at} (connection refused)`, "check that buildkitd runs with --addr tcp://0.0.0.0:PORT and that endpoint names that port");
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return unreachable("dns", `the host of ${at} does not resolve (${code})`, "check the host name in endpoint");
  }
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ECONNRESET" && failure.stage === "tcp") {
    return unreachable("unreachable", `no route to ${at} (${code})`, "check that this runner's network can reach the daemon");
  }
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || code === "ERR_SSL_PACKET_LENGTH_TOO_LONG") {
    return misconfigured("not-tls", `${at} answered, but not with TLS`, "start buildkitd with --tlscert, --tlskey and --tlscacert, or point endpoint at its TLS port");
  }
  if (UNTRUSTED_SERVER.has(code)) {
    return misconfigured("server-untrusted", `this runner rejected the daemon's server certificate: it was not issued by the CA in ca-cert (${code})`, "set ca-cert to the CA that issued the daemon's --tlscert");
  }
  if (code === "CERT_HAS_EXPIRED") {
    return misconfigured("server-expired", "this runner rejected the daemon's server certificate: it has expired", "renew the daemon's server certificate");
  }
  if (code === "CERT_NOT_YET_VALID") {
    return misconfigured("server-not-yet-valid", "this runner rejected the daemon's server certificate: it is not valid yet (clock skew?)", "check the clocks of the runner and of the machine that issued the certificate");
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const names = /.*altnames: (.*)$/.exec(failure.detail)?.[1] ?? "other names";
    const expected = ctx.serverName || "the endpoint's host";
    return misconfigured("server-name", `this runner rejected the daemon's server certificate: it is for ${names}, not ${expected}`, "set tls-server-name to one of the certificate's names, or reissue the server certificate with this host in its subject alternative names");
  }
  if (code === "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED") {
    return misconfigured("client-cert-required", "the daemon requires a client certificate and received none", "pass client-cert and client-key");
  }
  if (code === "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA" || code === "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE") {
    return misconfigured("client-untrusted", "the daemon rejected this runner's client certificate: it does not trust the CA that issued it", "issue the client certificate from the CA the daemon was started with (--tlscacert)");
  }
  if (code === "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED") {
    return misconfigured("client-expired", "the daemon rejected this runner's client certificate as expired", "issue a new client certificate and update the client-cert and client-key secrets");
  }
  if (code === "ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE" || code === "ERR_SSL_TLSV1_ALERT_ACCESS_DENIED") {
    return misconfigured("client-rejected", `the daemon refused this runner's client certificate (${code})`, "issue a client certificate with extendedKeyUsage clientAuth from the daemon's CA");
  }
  if (code === "NOT_HTTP2" || code === "CLOSED" && failure.stage === "http2") {
    return misconfigured("not-buildkit", `${at} completed TLS but did not speak HTTP/2 as BuildKit's gRPC API does`, "check that endpoint names buildkitd's port and not another TLS service");
  }
  if (failure.stage === "tcp" || code === "CLOSED" || code === "ECONNRESET") {
    return unreachable("unreachable", `the connection to ${at} failed at the ${failure.stage} stage (${code}: ${failure.detail})`, "check that the daemon runs and is reachable");
  }
  return misconfigured("tls", `the TLS handshake with ${at} failed (${code}: ${failure.detail})`, "check ca-cert, client-cert and client-key against the daemon's --tlscacert, --tlscert and --tlskey");
}

function unreachable(reason: string, message: string, fix: string): Diagnosis {
  return { kind: "unreachable", reason, message, fix };
}

function misconfigured(reason: string, message: string, fix: string): Diagnosis {
  return { kind: "misconfigured", reason, message, fix };
}

/** The warning for a daemon that also served a client that sent no certificate. */
export function openDaemonWarning(endpoint: string): string {
  return `SECURITY: the daemon at ${endpoint} also accepts connections WITHOUT a client certificate. ` +
    "Anyone who can reach this port can run builds, and so arbitrary commands, on it. " +
    "Start buildkitd with --tlscacert so that it requires client certificates.";
}
