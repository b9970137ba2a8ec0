import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserError } from "../../src/errors.js";
import { parseIssuerArgs } from "../../src/issuer/args.js";
import { parsePolicy } from "../../src/issuer/policy.js";
import { allowingRule, identityOf, identityUri, matchesPattern } from "../../src/issuer/rules.js";
import { parseInputs } from "../../src/inputs/inputs.js";
import { realManifest } from "./manifest.js";

const GOOD = `# The policy of the issuer
issuers:
  - issuer: https://token.actions.githubusercontent.com
    lifetime: 30m
    allow:
      - repository: acme/*
        ref: [refs/heads/main, refs/tags/v*]
      - repository: acme/deploy
        environment: production
  - issuer: https://gitlab.example.com
    audience: buildkit
    allow:
      - project_path: platform/**
        ref_protected: true
`;

function policyError(text: string): UserError {
  try {
    parsePolicy(text, "/etc/rbk/policy.yaml");
  } catch (err: unknown) {
    assert.ok(err instanceof UserError, String(err));
    return err;
  }
  assert.fail("the policy was accepted");
}

describe("the issuer's policy", () => {
  it("reads issuers, audiences (default remote-buildkit), lifetimes (default 15 min) and rules", () => {
    const policy = parsePolicy(GOOD, "policy.yaml");
    const [github, gitlab] = policy.issuers;
    assert.equal(github?.audience, "remote-buildkit");
    assert.equal(github?.lifetimeSeconds, 1800);
    assert.equal(gitlab?.audience, "buildkit");
    assert.equal(gitlab?.lifetimeSeconds, 900);
    assert.deepEqual(github?.allow[0]?.get("ref"), ["refs/heads/main", "refs/tags/v*"]);
    assert.deepEqual(gitlab?.allow[0]?.get("ref_protected"), ["true"]);
  });

  const mistakes: Array<[string, string, number, RegExp]> = [
    ["a lifetime over an hour", GOOD.replace("lifetime: 30m", "lifetime: 2h"), 4, /lifetime "2h" is not a duration from 10s to 1h/],
    ["a misspelt setting", GOOD.replace("    allow:\n      - repository: acme/*", "    alow:\n      - repository: acme/*"), 5, /"alow" is not a setting of an issuer/],
    ["a rule that pins no owner", GOOD.replace("project_path: platform/**", "project_path: \"*\""), 13, /the rule does not pin whose jobs it allows/],
    ["a rule with no owner claim at all", GOOD.replace("      - repository: acme/deploy\n        environment: production", "      - environment: production"), 8, /the rule does not pin whose jobs it allows/],
    ["an issuer over plain http", GOOD.replace("https://gitlab.example.com", "http://gitlab.example.com"), 10, /issuer must be the https URL/],
    ["an issuer listed twice", GOOD.replace("https://gitlab.example.com", "https://token.actions.githubusercontent.com"), 10, /listed twice/],
    ["broken YAML", GOOD.replace("    lifetime: 30m", "    lifetime: [30m"), 5, /is not valid YAML/],
    ["an issuer with no rules", GOOD.replace(/ {4}allow:\n {6}- project_path[^\n]*\n[^\n]*\n$/, "    allow: []\n"), 12, /allows no one/],
  ];
  for (const [what, text, line, problem] of mistakes) {
    it(`refuses ${what}, naming line ${line}`, () => {
      const err = policyError(text);
      assert.equal(err.subject, `--policy (/etc/rbk/policy.yaml) line ${line}`, err.message);
      assert.match(err.message, problem);
      assert.match(err.message, /Fix: /);
    });
  }

  it("matches claims: * within a path segment, ** across, every claim of one rule", () => {
    assert.ok(matchesPattern("acme/*", "acme/app"));
    assert.ok(!matchesPattern("acme/*", "acme/sub/app"));
    assert.ok(!matchesPattern("acme/*", "acme-evil/app"));
    assert.ok(matchesPattern("platform/**", "platform/sub/app"));
    assert.ok(matchesPattern("refs/tags/v*", "refs/tags/v1.2.3"));
    assert.ok(!matchesPattern("acme/app", "acme/app2"));
    assert.ok(!matchesPattern("acme/a.p", "acme/axp"), "a dot is a dot");
    const [github, gitlab] = parsePolicy(GOOD, "policy.yaml").issuers;
    assert.ok(github && gitlab);
    assert.equal(allowingRule(github, { repository: "acme/app", ref: "refs/heads/main" }), 0);
    assert.equal(allowingRule(github, { repository: "acme/app", ref: "refs/heads/feature" }), -1);
    assert.equal(allowingRule(github, { repository: "acme/deploy", ref: "refs/heads/x", environment: "production" }), 1);
    assert.equal(allowingRule(github, { repository: "acme/deploy", ref: "refs/heads/x" }), -1, "a missing claim matches nothing");
    assert.equal(allowingRule(gitlab, { project_path: "platform/a/b", ref_protected: "true" }), 0);
    assert.equal(allowingRule(gitlab, { project_path: "platform/a/b", ref_protected: "false" }), -1);
  });

  it("names the identity: repository (or project_path) and ref, in a URI under the issuer", () => {
    const github = identityOf({ repository: "acme/app", ref: "refs/heads/main" });
    assert.deepEqual(github, { repository: "acme/app", ref: "refs/heads/main" });
    assert.equal(identityUri("https://token.actions.githubusercontent.com", { repository: "acme/app", ref: "refs/heads/fix#1" }),
      "https://token.actions.githubusercontent.com/acme/app@refs%2Fheads%2Ffix%231");
    assert.deepEqual(identityOf({ project_path: "group/sub/app", ref: "main" }), { repository: "group/sub/app", ref: "main" });
    assert.equal(identityOf({ sub: "x" }), undefined);
  });
});

describe("the issuer's command line", () => {
  it("reads the five options", () => {
    assert.deepEqual(parseIssuerArgs(["--listen", "0.0.0.0:8443", "--ca", "certs", "--policy=p.yaml", "--tls-cert", "c.pem", "--tls-key", "k.pem"]),
      { host: "0.0.0.0", port: 8443, caDir: "certs", policy: "p.yaml", tlsCert: "c.pem", tlsKey: "k.pem" });
    assert.equal(parseIssuerArgs(["--help"]), "help");
  });
  it("names what is missing or wrong", () => {
    assert.throws(() => parseIssuerArgs(["--listen", "0.0.0.0:8443"]), /--ca, --policy, --tls-cert, --tls-key: required/);
    assert.throws(() => parseIssuerArgs(["--listen", "8443", "--ca", "c", "--policy", "p", "--tls-cert", "c", "--tls-key", "k"]), /--listen: "8443" is not HOST:PORT/);
    assert.throws(() => parseIssuerArgs(["--port", "1"]), /"--port": is not an option of issuer/);
  });
});

describe("the action's keyless inputs", () => {
  const manifest = realManifest();
  const parse = (raw: Record<string, string>): ReturnType<typeof parseInputs>["inputs"] => parseInputs(manifest, (name) => raw[name] ?? "").inputs;
  it("with issuer and no client certificate: keyless, ca-cert optional, audience remote-buildkit by default", () => {
    const inputs = parse({ endpoint: "tcp://buildkit:1234", issuer: "https://issuer.example.com/" });
    assert.deepEqual(inputs.remote?.issuer, { url: "https://issuer.example.com", audience: "remote-buildkit" });
  });
  it("certificates, when given, win over the issuer", () => {
    const inputs = parse({ endpoint: "tcp://buildkit:1234", issuer: "https://issuer.example.com", "ca-cert": "CA", "client-cert": "C", "client-key": "K" });
    assert.equal(inputs.remote?.issuer, undefined);
  });
  it("refuses an issuer over plain http: the job's token would travel in the clear", () => {
    assert.throws(() => parse({ endpoint: "tcp://buildkit:1234", issuer: "http://issuer.example.com" }), /issuer: "http:\/\/issuer\.example\.com" is not an https URL/);
  });
  it("needs an endpoint with the issuer", () => {
    assert.throws(() => parse({ issuer: "https://issuer.example.com" }), /endpoint: is required when issuer is given/);
  });
});
