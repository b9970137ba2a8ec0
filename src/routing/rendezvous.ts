import { createHash } from "node:crypto";

/** 64 bits of SHA-256 of key and endpoint: the endpoint's weight for this key. */
function weight(key: string, endpoint: string): bigint {
  return createHash("sha256").update(key).update("\0").update(endpoint).digest().readBigUInt64BE(0);
}

/**
 * Rendezvous (highest-random-weight) hashing: the endpoints ranked for a key. The same key ranks
 * them the same way on every run, and adding or removing an endpoint moves only the keys whose
 * first choice it is or becomes.
 */
export function rankEndpoints<T extends { readonly url: string }>(key: string, endpoints: readonly T[]): T[] {
  return endpoints
    .map((e) => ({ e, w: weight(key, e.url) }))
    .sort((a, b) => (a.w === b.w ? a.e.url.localeCompare(b.e.url) : a.w > b.w ? -1 : 1))
    .map(({ e }) => e);
}

/** The default routing key: the same project and Dockerfile land on the same warm daemon. */
export function defaultRoutingKey(repository: string, file: string): string {
  return `${repository}:${file || "Dockerfile"}`;
}
