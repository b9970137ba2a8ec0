import { decodePem, secretLines, type Credentials } from "../certs/decode.js";
import { checkCertificates } from "../certs/verify.js";
import { UserError } from "../errors.js";
import type { IssuerInputs } from "../inputs/remote.js";
import type { RemoteFailure } from "../policy/fallback.js";
import { HttpsFailedError, requestJson } from "./https.js";
import { jobIdToken } from "./id-token.js";
import { newKeyAndRequest } from "./request.js";

/** What the keyless path needs of the step's log (the run layer's StepIO has it). */
export interface KeylessLog {
  mask(secret: string): void;
  info(message: string): void;
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export interface KeylessSetup {
  readonly io: KeylessLog;
  readonly env: NodeJS.ProcessEnv;
  /** The ca-cert input as given (empty when not): it checks the issuer's and the daemon's certificates. */
  readonly caCertPem: string;
  readonly issuer: IssuerInputs;
  readonly now: Date;
  readonly timeoutMs: number;
}

// Node's codes for a certificate the issuer presents that cannot be trusted: a mistake, not an outage.
const TLS_MISTAKE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_)/;

/**
 * Keyless credentials: the job's ID token and a request for a key made here go to the issuer; its
 * client certificate comes back. Fits the fallback rules: no ID token (a fork's pull request) is no
 * credentials; an issuer that cannot be reached or fails is unreachable; a refusal and an
 * untrusted issuer certificate are misconfigurations, reported with the issuer's message.
 */
export function obtainCertificate(setup: KeylessSetup): Promise<Credentials | RemoteFailure> {
  return setup.io.group(`Getting a client certificate from the issuer ${setup.issuer.url}`, () => exchangeToken(setup));
}

async function exchangeToken(setup: KeylessSetup): Promise<Credentials | RemoteFailure> {
  const { io, issuer } = setup;
  const id = await jobIdToken(setup.env, issuer.audience, setup.timeoutMs);
  if (id.kind === "none") return { reason: "no-credentials", message: id.why, misconfigured: false };
  if (id.kind === "failed") return { reason: "unreachable", message: id.why, misconfigured: false };
  io.mask(id.token);
  const caInput = setup.caCertPem === "" ? undefined : decodePem("ca-cert", setup.caCertPem, "certificate");
  const { keyPem, csrPem } = await newKeyAndRequest();
  const key = decodePem("the key made in the job", keyPem, "private key");
  secretLines(key).forEach((line) => io.mask(line));

  const where = `${issuer.url}/v1/certificates`;
  let reply: { status: number; body: unknown };
  try {
    reply = await requestJson(new URL(where), {
      method: "POST",
      headers: {},
      body: JSON.stringify({ token: id.token, csr: csrPem }),
      ...(caInput ? { ca: caInput.map((b) => b.text).join("\n") } : {}),
      timeoutMs: setup.timeoutMs,
    });
  } catch (err: unknown) {
    if (!(err instanceof HttpsFailedError)) throw err;
    if (TLS_MISTAKE.test(err.code)) {
      return { reason: "tls-error", message: `the issuer at ${issuer.url} presents a certificate this job does not trust (${err.code}: ${err.message}). Fix: give the issuer a certificate from a public CA, or from the CA passed as ca-cert`, misconfigured: true };
    }
    return { reason: err.code === "ETIMEDOUT" ? "timeout" : "unreachable", message: `the issuer at ${issuer.url} cannot be reached (${err.code}: ${err.message})`, misconfigured: false };
  }
  const body = typeof reply.body === "object" && reply.body !== null ? new Map(Object.entries(reply.body)) : new Map<string, unknown>();
  const text = (name: string): string => (typeof body.get(name) === "string" ? String(body.get(name)) : "");
  if (reply.status >= 400 && reply.status < 500) {
    return { reason: "issuer-refused", message: `the issuer at ${issuer.url} refused the job's certificate request (${text("error") || reply.status}): ${text("message") || "no reason given"}`, misconfigured: true };
  }
  if (reply.status !== 200 || text("certificate") === "") {
    return { reason: "unreachable", message: `the issuer at ${issuer.url} failed (${reply.status}${text("message") ? `: ${text("message")}` : ""})`, misconfigured: false };
  }
  try {
    const credentials: Credentials = {
      ca: caInput ?? decodePem("the issuer's ca", text("ca"), "certificate"),
      cert: decodePem("the issuer's certificate", text("certificate"), "certificate"),
      key,
    };
    const facts = checkCertificates(credentials, setup.now);
    // Its short life is the point: the expiry warnings meant for stored certificates do not apply.
    const minutes = Math.round((facts.clientNotAfter.getTime() - setup.now.getTime()) / 60_000);
    io.info(`Client certificate "${facts.clientSubject}" from the issuer ${issuer.url}, valid until ${facts.clientNotAfter.toISOString()} (${minutes} min); its key was made in this job`);
    return credentials;
  } catch (err: unknown) {
    if (err instanceof UserError) return { reason: "tls-error", message: `the certificate from the issuer at ${issuer.url} cannot be used: ${err.message}`, misconfigured: true };
    throw err;
  }
}
