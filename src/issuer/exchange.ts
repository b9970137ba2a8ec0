import type { Authority } from "../cli/issue.js";
import { issueClientCertificate } from "./certificate.js";
import { checkRequest } from "./csr.js";
import type { Policy } from "./policy.js";
import { RefusedError, refuse, type Refusal } from "./refusal.js";
import { allowingRule, describeIdentity, identityOf } from "./rules.js";
import { verifyToken, type KeysFor } from "./verify-token.js";

export interface ExchangeSetup {
  readonly policy: Policy;
  readonly authority: Authority;
  readonly caPem: string;
  readonly keysFor: KeysFor;
}

/** The answer to one request, and the line the issuer logs about it (never the token). */
export interface Answer {
  readonly status: number;
  readonly body: Readonly<Record<string, string>>;
  readonly log: string;
}

/** POST /v1/certificates: `{token, csr}` in, a client certificate for minutes out, or why not. */
export async function exchange(setup: ExchangeSetup, body: string, now: Date): Promise<Answer> {
  let who = "";
  try {
    const { token, csr } = parseBody(body);
    const verified = await verifyToken(token, setup.policy, setup.keysFor, now);
    const identity = identityOf(verified.claims);
    if (!identity) {
      refuse(403, "no_identity", "the token names no repository or project_path claim, so the certificate could not name whose it is: use a CI job's ID token");
    }
    who = ` for ${describeIdentity(identity)} (${verified.policy.issuer})`;
    if (allowingRule(verified.policy, verified.claims) < 0) {
      refuse(403, "not_allowed", `no rule of the issuer's policy for ${verified.policy.issuer} allows ${describeIdentity(identity)}${claimSummary(verified.claims)}: add a rule for it to the policy, or build from an allowed repository and ref`);
    }
    const request = await checkRequest(csr);
    const cert = await issueClientCertificate(setup.authority, request.publicKey, verified.policy.issuer, identity, verified.policy.lifetimeSeconds, now);
    const expires = cert.notAfter.toISOString();
    return {
      status: 200,
      body: { certificate: cert.pem, ca: setup.caPem, expires },
      log: `issued serial ${cert.serial}${who}, expires ${expires}`,
    };
  } catch (err: unknown) {
    const refusal: Refusal = err instanceof RefusedError
      ? err.refusal
      : { status: 500, error: "internal", message: `the issuer failed (${err instanceof Error ? err.message : String(err)})` };
    return { status: refusal.status, body: { error: refusal.error, message: refusal.message }, log: `refused ${refusal.error}${who}: ${refusal.message}` };
  }
}

function parseBody(body: string): { token: string; csr: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return refuse(400, "bad_request", 'the body is not JSON: send {"token": "<OIDC JWT>", "csr": "<PEM certificate request>"}');
  }
  const fields = typeof parsed === "object" && parsed !== null ? new Map(Object.entries(parsed)) : new Map<string, unknown>();
  const token = fields.get("token");
  const csr = fields.get("csr");
  if (typeof token !== "string" || token === "" || typeof csr !== "string" || csr === "") {
    return refuse(400, "bad_request", 'the body must hold the strings token and csr: send {"token": "<OIDC JWT>", "csr": "<PEM certificate request>"}');
  }
  return { token, csr };
}

/** The claims people write rules on, to say what was refused. */
function claimSummary(claims: Readonly<Record<string, unknown>>): string {
  const shown = ["environment", "workflow_ref", "ref_type", "ref_protected", "pipeline_source"]
    .filter((c) => typeof claims[c] === "string" || typeof claims[c] === "boolean")
    .map((c) => `${c} ${String(claims[c])}`);
  return shown.length > 0 ? ` (${shown.join(", ")})` : "";
}
