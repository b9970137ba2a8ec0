import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { IssuerPolicy, Policy } from "./policy.js";
import { refuse, RefusedError } from "./refusal.js";

/** The verification keys of an OIDC issuer, from its discovery document and JWKS. */
export type KeysFor = (issuer: string) => Promise<JWTVerifyGetKey>;

// Asymmetric algorithms only: `none` and the HMAC family (HS*) are refused, since an HMAC
// "signature" made with a public key would verify against that public key.
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
// Clocks of CI runners and of this server differ a little.
const CLOCK_TOLERANCE_SECONDS = 30;
// GitLab's tokens live as long as the job; none is older than a day.
const MAX_TOKEN_AGE = "24h";

export interface VerifiedToken {
  readonly policy: IssuerPolicy;
  readonly claims: JWTPayload;
}

/**
 * Verifies the token with jose: an issuer the policy lists (looked up before anything is fetched),
 * its signature by a key of that issuer's JWKS, an asymmetric algorithm, the audience, and the
 * times (exp, nbf, iat). Every refusal says what was wrong; none quotes the token.
 */
export async function verifyToken(token: string, policy: Policy, keysFor: KeysFor, now: Date): Promise<VerifiedToken> {
  let unverified: JWTPayload;
  let alg: string;
  try {
    alg = decodeProtectedHeader(token).alg ?? "";
    unverified = decodeJwt(token);
  } catch {
    return refuse(401, "malformed_token", "the token is not a JWT: pass the job's OIDC ID token as it was issued");
  }
  const issuer = unverified.iss ?? "";
  const entry = policy.issuers.find((p) => p.issuer === issuer);
  if (!entry) {
    return refuse(401, "unknown_issuer", `tokens from "${issuer}" are not accepted: this issuer's policy lists ${policy.issuers.map((p) => p.issuer).join(", ")}. Add the issuer to the policy, or use a token from one of these`);
  }
  let keys: JWTVerifyGetKey;
  try {
    keys = await keysFor(issuer);
  } catch (err: unknown) {
    return refuse(502, "provider_unreachable", `the keys of ${issuer} cannot be fetched (${err instanceof Error ? err.message : String(err)}); try again, and check that this server reaches ${issuer}`);
  }
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience: entry.audience,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE,
      requiredClaims: ["exp", "iat"],
      currentDate: now,
    });
    return { policy: entry, claims: payload };
  } catch (err: unknown) {
    if (err instanceof RefusedError) throw err;
    return refuse(...tokenRefusal(err, alg, entry, unverified));
  }
}

type RefusalArgs = [401 | 502, string, string];

function tokenRefusal(err: unknown, alg: string, entry: IssuerPolicy, claims: JWTPayload): RefusalArgs {
  const at = (seconds: number | undefined): string => (seconds === undefined ? "an unknown time" : new Date(seconds * 1000).toISOString());
  if (err instanceof errors.JWTExpired) {
    return err.claim === "iat"
      ? [401, "token_too_old", `the token was issued at ${at(claims.iat)}, more than ${MAX_TOKEN_AGE} ago: request a new one`]
      : [401, "token_expired", `the token expired at ${at(claims.exp)}: request a new one in the step that builds (ID tokens live for minutes)`];
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case "nbf":
        return [401, "token_not_yet_valid", `the token is not valid before ${at(claims.nbf)}: check the clocks of the OIDC provider and of this server`];
      case "iat":
        return [401, "token_issued_in_future", `the token says it was issued at ${at(claims.iat)}, in the future: check the clocks of the OIDC provider and of this server`];
      case "aud": {
        const given = Array.isArray(claims.aud) ? claims.aud.join(", ") : (claims.aud ?? "none");
        return [401, "wrong_audience", `the token's audience is "${given}", but ${entry.issuer} tokens must be for "${entry.audience}": set the action's issuer-audience (the GitLab id_tokens aud) to ${entry.audience}`];
      }
      default:
        return [401, "invalid_claims", `the token's ${err.claim} claim is not valid (${err.reason}): pass the job's ID token as it was issued`];
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed) {
    if (alg === "none") return [401, "unsigned_token", "the token is unsigned (alg none), which is never accepted: pass the job's ID token as it was issued"];
    if (/^HS/i.test(alg)) return [401, "hmac_refused", `the token is signed with ${alg}, a shared-secret algorithm, which is never accepted: OIDC ID tokens are signed with the provider's private key`];
    return [401, "algorithm_refused", `the token's algorithm ${alg || "(none given)"} is not accepted; accepted: ${ALGORITHMS.join(", ")}`];
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) {
    return [401, "bad_signature", `the token's signature does not verify with the keys of ${entry.issuer}: it was not signed by that provider`];
  }
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return [401, "unknown_key", `no key of ${entry.issuer}'s JWKS matches the token's key id: it was not signed by that provider`];
  }
  const fetching = err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err instanceof TypeError
    || (err instanceof errors.JOSEError && err.message.includes("JSON Web Key Set HTTP response"));
  if (fetching) {
    return [502, "provider_unreachable", `the keys of ${entry.issuer} cannot be fetched (${err.message}); try again, and check that this server reaches it`];
  }
  if (err instanceof errors.JOSEError) {
    return [401, "invalid_token", `the token is not valid (${err.message}): pass the job's ID token as it was issued`];
  }
  return [502, "provider_unreachable", `the token could not be checked (${err instanceof Error ? err.message : String(err)})`];
}
