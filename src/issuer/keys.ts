import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import type { KeysFor } from "./verify-token.js";

const TIMEOUT_MS = 5_000;
// The discovery document names where the keys are; it changes rarely. The JWKS itself is cached
// by jose and fetched again when a token names a key id it does not hold (keys rotate).
const DISCOVERY_MAX_AGE_MS = 60 * 60 * 1000;

/**
 * The keys of each issuer, from its OIDC discovery document (`/.well-known/openid-configuration`)
 * and the `jwks_uri` it names. Only issuers of the policy are ever asked (verify-token checks `iss`
 * first), and concurrent requests share one fetch.
 */
export function discoveredKeys(fetchJson: (url: string, timeoutMs: number) => Promise<unknown> = fetchJsonOverHttps): KeysFor {
  const cache = new Map<string, { readonly at: number; readonly keys: Promise<JWTVerifyGetKey> }>();
  return (issuer) => {
    const cached = cache.get(issuer);
    if (cached && Date.now() - cached.at < DISCOVERY_MAX_AGE_MS) return cached.keys;
    const keys = discover(issuer, fetchJson);
    cache.set(issuer, { at: Date.now(), keys });
    // A failed discovery is tried again by the next request, not remembered for an hour.
    keys.catch(() => cache.delete(issuer));
    return keys;
  };
}

async function discover(issuer: string, fetchJson: (url: string, timeoutMs: number) => Promise<unknown>): Promise<JWTVerifyGetKey> {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const doc = await fetchJson(url, TIMEOUT_MS);
  const record = typeof doc === "object" && doc !== null ? new Map(Object.entries(doc)) : new Map<string, unknown>();
  if (record.get("issuer") !== issuer) throw new Error(`${url} names the issuer ${JSON.stringify(record.get("issuer"))}, not ${issuer}`);
  const jwksUri = record.get("jwks_uri");
  if (typeof jwksUri !== "string" || !jwksUri.startsWith("https://")) throw new Error(`${url} names no https jwks_uri`);
  return createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: TIMEOUT_MS });
}

async function fetchJsonOverHttps(url: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" }, redirect: "error" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}
