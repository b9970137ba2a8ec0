import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { load } from "js-yaml";
import { parseIssuerArgs } from "../../src/issuer/args.js";
import { parsePolicy } from "../../src/issuer/policy.js";
import { REPO } from "../bed/runner.js";

const COMPONENT = join(REPO, "deploy", "kubernetes", "components", "issuer");

function yaml(file: string): Record<string, unknown> {
  const doc: unknown = load(readFileSync(file, "utf8"));
  assert.ok(typeof doc === "object" && doc !== null && !Array.isArray(doc), file);
  return doc as Record<string, unknown>;
}

/** Follows a path of keys and indexes through parsed YAML. */
function at(doc: unknown, ...path: Array<string | number>): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[key] : undefined), doc);
}

describe("the issuer's kustomize component (deploy/kubernetes/components/issuer)", () => {
  it("is a Component that lists every manifest beside it and makes the policy ConfigMap from policy.yaml", () => {
    const kustomization = yaml(join(COMPONENT, "kustomization.yaml"));
    assert.equal(kustomization["kind"], "Component");
    const manifests = readdirSync(COMPONENT).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml" && f !== "policy.yaml").sort();
    assert.deepEqual([...(kustomization["resources"] as string[])].sort(), manifests);
    assert.deepEqual(at(kustomization, "configMapGenerator", 0, "files"), ["policy.yaml"]);
  });

  it("ships an example policy the issuer accepts", () => {
    const policy = parsePolicy(readFileSync(join(COMPONENT, "policy.yaml"), "utf8"), "policy.yaml");
    assert.deepEqual(policy.issuers.map((p) => p.issuer), ["https://token.actions.githubusercontent.com", "https://gitlab.com"]);
  });

  it("runs the issuer with arguments its parser accepts, from files the volumes mount", () => {
    const deployment = yaml(join(COMPONENT, "deployment.yaml"));
    const container = at(deployment, "spec", "template", "spec", "containers", 0);
    assert.deepEqual(at(container, "command"), ["node", "/opt/remote-buildkit/dist/cli.js", "issuer"]);
    const command = parseIssuerArgs(at(container, "args") as string[]);
    assert.ok(command !== "help");
    const mounts = new Map((at(container, "volumeMounts") as Array<{ name: string; mountPath: string }>).map((m) => [m.mountPath, m.name]));
    assert.equal(mounts.get(command.caDir), "ca");
    assert.equal(mounts.get("/policy"), "policy");
    assert.ok(command.tlsCert.startsWith("/tls/") && command.tlsKey.startsWith("/tls/"));
    assert.equal(at(container, "ports", 0, "containerPort"), command.port);
    assert.equal(at(container, "securityContext", "readOnlyRootFilesystem"), true);
    const volumes = at(deployment, "spec", "template", "spec", "volumes") as Array<Record<string, unknown>>;
    assert.equal(at(volumes.find((v) => v["name"] === "ca"), "secret", "secretName"), "buildkit-issuer-ca");
  });

  it("mounts the CA's key in the issuer alone: no other manifest names its Secret", () => {
    const root = join(REPO, "deploy", "kubernetes");
    const others = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml") && !f.startsWith(join("components", "issuer")));
    assert.ok(others.length > 5, "the kit's other manifests are read");
    for (const file of others) assert.ok(!readFileSync(join(root, file), "utf8").includes("buildkit-issuer-ca"), file);
  });
});
