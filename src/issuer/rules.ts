import type { IssuerPolicy, Rule } from "./policy.js";

/**
 * Whether a claim value matches a pattern: `*` stands for any run of characters but `/`, `**` for
 * any run at all, so `acme/*` allows acme's repositories but none of a GitLab subgroup's.
 */
export function matchesPattern(pattern: string, value: string): boolean {
  const source = pattern.split(/(\*\*|\*)/).map((part) =>
    (part === "**" ? ".*" : part === "*" ? "[^/]*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, "s").test(value);
}

/** A claim as the rules see it: strings, numbers and booleans as text; anything else matches nothing. */
function claimText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function ruleAllows(rule: Rule, claims: Readonly<Record<string, unknown>>): boolean {
  for (const [claim, patterns] of rule) {
    const value = claimText(claims[claim]);
    if (value === undefined || !patterns.some((p) => matchesPattern(p, value))) return false;
  }
  return true;
}

/** The index of the first rule that allows the claims, or -1. */
export function allowingRule(policy: IssuerPolicy, claims: Readonly<Record<string, unknown>>): number {
  return policy.allow.findIndex((rule) => ruleAllows(rule, claims));
}

/** Who the job is: its repository (GitHub) or project path (GitLab), and its ref. */
export interface Identity {
  readonly repository: string;
  readonly ref: string;
}

export function identityOf(claims: Readonly<Record<string, unknown>>): Identity | undefined {
  const repository = claimText(claims["repository"]) ?? claimText(claims["project_path"]);
  const ref = claimText(claims["ref"]) ?? "";
  return repository ? { repository, ref } : undefined;
}

/** The identity as the certificate names it: `acme/app@refs/heads/main`. */
export function describeIdentity(identity: Identity): string {
  return identity.ref === "" ? identity.repository : `${identity.repository}@${identity.ref}`;
}

/** The URI that names the identity in the certificate: the issuer, the repository's path, the ref. */
export function identityUri(issuer: string, identity: Identity): string {
  const path = identity.repository.split("/").map(encodeURIComponent).join("/");
  const ref = identity.ref === "" ? "" : `@${encodeURIComponent(identity.ref)}`;
  return `${issuer.replace(/\/+$/, "")}/${path}${ref}`;
}
