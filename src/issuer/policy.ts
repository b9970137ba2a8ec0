import { load, YAMLException } from "js-yaml";
import { UserError } from "../errors.js";
import { lineAt, yamlLines } from "./yaml-lines.js";

/** Claims a rule matches on, each against one or more patterns (any of them). */
export type Rule = ReadonlyMap<string, readonly string[]>;

/** What one OIDC issuer's tokens may get. */
export interface IssuerPolicy {
  /** The token's `iss`, exactly. */
  readonly issuer: string;
  readonly audience: string;
  readonly lifetimeSeconds: number;
  /** A token is allowed when every claim of one rule matches. */
  readonly allow: readonly Rule[];
}

export interface Policy {
  readonly issuers: readonly IssuerPolicy[];
}

export const DEFAULT_AUDIENCE = "remote-buildkit";
export const DEFAULT_LIFETIME_SECONDS = 15 * 60;
const MAX_LIFETIME_SECONDS = 60 * 60;
// Shorter than a TLS handshake plus a build's first request is of no use to anyone.
const MIN_LIFETIME_SECONDS = 10;

/**
 * Claims that say whose job it is. Every rule pins one of them with a pattern that does not start
 * with `*`: a rule without one would let every repository of a public CI service build.
 */
export const OWNER_CLAIMS: readonly string[] = Object.freeze([
  "repository", "repository_owner", "repository_id", "repository_owner_id", "sub",
  "project_path", "namespace_path", "project_id", "namespace_id",
]);

const ISSUER_KEYS = new Set(["issuer", "audience", "lifetime", "allow"]);
const EXAMPLE = `issuers:
  - issuer: https://token.actions.githubusercontent.com
    audience: remote-buildkit
    lifetime: 15m
    allow:
      - repository: acme/*
        ref: refs/heads/main`;

/** Parses the policy file's text; a mistake names the file and the line at fault. */
export function parsePolicy(text: string, file: string): Policy {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err: unknown) {
    if (err instanceof YAMLException) {
      throw new UserError(`--policy (${file}) line ${(err.mark?.line ?? 0) + 1}`, `is not valid YAML: ${err.reason}`, "fix the YAML syntax (indentation, a missing colon or quote)");
    }
    throw err;
  }
  const lines = yamlLines(text);
  const fail = (path: string, problem: string, fix: string): never => {
    const line = lineAt(lines, path);
    throw new UserError(`--policy (${file})${line === undefined ? "" : ` line ${line}`}`, problem, fix);
  };
  if (!isMap(doc)) fail("", "is not a mapping with an issuers list", `write it as:\n${EXAMPLE}`);
  const root = isMap(doc) ? doc : {};
  for (const key of Object.keys(root)) if (key !== "issuers") fail(key, `"${key}" is not a setting of the policy`, "the policy has one setting, issuers");
  const list = root["issuers"];
  if (!Array.isArray(list) || list.length === 0) fail("issuers", "lists no issuers", `write it as:\n${EXAMPLE}`);
  const issuers = (Array.isArray(list) ? list : []).map((entry: unknown, i) => parseIssuer(entry, `issuers.${i}`, fail));
  issuers.forEach((p, i) => {
    if (issuers.findIndex((o) => o.issuer === p.issuer) !== i) fail(`issuers.${i}.issuer`, `issuer ${p.issuer} is listed twice`, "list each issuer once, with all its rules under its allow");
  });
  return Object.freeze({ issuers: Object.freeze(issuers) });
}

type Fail = (path: string, problem: string, fix: string) => never;

function parseIssuer(entry: unknown, path: string, fail: Fail): IssuerPolicy {
  if (!isMap(entry)) return fail(path, "an issuer is not a mapping", "give each issuer as issuer:, audience:, lifetime: and allow:");
  for (const key of Object.keys(entry)) {
    if (!ISSUER_KEYS.has(key)) fail(`${path}.${key}`, `"${key}" is not a setting of an issuer`, `use ${[...ISSUER_KEYS].join(", ")}`);
  }
  const issuer = text(entry["issuer"]);
  if (issuer === undefined || !isHttpsUrl(issuer)) {
    fail(`${path}.issuer`, "issuer must be the https URL that the tokens name in iss", "write issuer: https://token.actions.githubusercontent.com for GitHub, or your GitLab's URL, such as https://gitlab.com");
  }
  const audience = entry["audience"] === undefined ? DEFAULT_AUDIENCE : text(entry["audience"]);
  if (audience === undefined || audience === "") fail(`${path}.audience`, "audience must be a string", `write audience: ${DEFAULT_AUDIENCE}, the action's issuer-audience`);
  const lifetimeSeconds = entry["lifetime"] === undefined ? DEFAULT_LIFETIME_SECONDS : parseLifetime(entry["lifetime"], `${path}.lifetime`, fail);
  const allow = entry["allow"];
  if (!Array.isArray(allow) || allow.length === 0) {
    fail(`${path}.allow`, `issuer ${issuer ?? ""} allows no one (allow lists no rules)`, "add rules such as allow: [{repository: acme/app, ref: refs/heads/main}]");
  }
  const rules = (Array.isArray(allow) ? allow : []).map((rule: unknown, i) => parseRule(rule, `${path}.allow.${i}`, fail));
  return Object.freeze({ issuer: issuer ?? "", audience: audience ?? "", lifetimeSeconds, allow: Object.freeze(rules) });
}

function parseRule(rule: unknown, path: string, fail: Fail): Rule {
  if (!isMap(rule) || Object.keys(rule).length === 0) return fail(path, "a rule is not a mapping of claims to patterns", "write a rule as repository: acme/app (and more claims, such as ref: refs/heads/main)");
  const claims = new Map<string, readonly string[]>();
  for (const [claim, value] of Object.entries(rule)) {
    const patterns = (Array.isArray(value) ? value : [value]).map(text);
    if (patterns.length === 0 || patterns.some((p) => p === undefined || p === "")) {
      fail(`${path}.${claim}`, `the pattern for ${claim} is not a string or a list of strings`, `write ${claim}: value, or ${claim}: [one, other]`);
    }
    claims.set(claim, Object.freeze(patterns.map((p) => p ?? "")));
  }
  const owner = OWNER_CLAIMS.find((c) => claims.get(c)?.every((p) => !p.startsWith("*")));
  if (owner === undefined) {
    fail(path, "the rule does not pin whose jobs it allows", `name one of ${OWNER_CLAIMS.join(", ")} with a pattern that does not start with *, such as repository: acme/*`);
  }
  return claims;
}

function parseLifetime(value: unknown, path: string, fail: Fail): number {
  const raw = text(value) ?? "";
  const match = /^(\d+)\s*(s|m|h)$/.exec(raw);
  const unit = match?.[2] === "h" ? 3600 : match?.[2] === "m" ? 60 : 1;
  const seconds = match ? Number(match[1]) * unit : Number.NaN;
  if (!(seconds >= MIN_LIFETIME_SECONDS && seconds <= MAX_LIFETIME_SECONDS)) {
    fail(path, `lifetime "${raw}" is not a duration from ${MIN_LIFETIME_SECONDS}s to 1h`, "write lifetime: 15m (the default), or 30s, 5m, 1h");
  }
  return seconds;
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.search === "" && url.hash === "" && url.username === "";
  } catch {
    return false;
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
