import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { BlockList, isIP } from "node:net";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { loadAll } from "js-yaml";
import { REPO } from "./runner.js";

// The Kubernetes proof is the schemas of the API the manifests target; no cluster runs here.
// Vendored in test/schemas (see its SOURCES.md), so that the tests pass on any clone.
const SHARED = join(REPO, "test", "schemas", "kubernetes");
const SCHEMAS = join(SHARED, "v1.32.2-standalone-strict");
/** The image of the kit, pinned: the same in the StatefulSet and docker-run.sh. */
export const IMAGE = "moby/buildkit:v0.34.2-rootless";

export const SCHEMA_FILES: Readonly<Record<string, string>> = {
  Namespace: "namespace-v1.json",
  ServiceAccount: "serviceaccount-v1.json",
  ConfigMap: "configmap-v1.json",
  Secret: "secret-v1.json",
  StatefulSet: "statefulset-apps-v1.json",
  Service: "service-v1.json",
  PodDisruptionBudget: "poddisruptionbudget-policy-v1.json",
  NetworkPolicy: "networkpolicy-networking-v1.json",
};

export type Json = Record<string, unknown>;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

function validator(file: string): ValidateFunction {
  let validate = validators.get(file);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(file, "utf8")) as Json);
    validators.set(file, validate);
  }
  return validate;
}

/** Validates a manifest against the schema of its kind; returns Ajv's errors as text, "" if valid. */
export function schemaErrors(manifest: Json): string {
  const kind = String(manifest["kind"]);
  const file = SCHEMA_FILES[kind];
  assert.ok(file, `no schema for kind ${kind}`);
  const schemaPath = join(SCHEMAS, file);
  // The schemas enumerate apiVersion and kind but do not require them.
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as { properties: Record<string, { enum?: unknown[] }> };
  assert.deepEqual([manifest["apiVersion"]], schema.properties["apiVersion"]?.enum, `${kind}: apiVersion`);
  const validate = validator(schemaPath);
  return validate(manifest) ? "" : ajv.errorsText(validate.errors, { separator: "\n" });
}

/** A value at a path of keys and indexes; undefined where the path ends early. */
export function get(value: unknown, ...path: Array<string | number>): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

export function list(value: unknown): unknown[] {
  assert.ok(Array.isArray(value), `expected a list, got ${JSON.stringify(value)}`);
  return value;
}

export function text(value: unknown): string {
  assert.equal(typeof value, "string");
  return String(value);
}

export function kustomizationErrors(kustomization: Json): string {
  const validate = validator(join(SHARED, "kustomization.json"));
  return validate(kustomization) ? "" : ajv.errorsText(validate.errors);
}


/**
 * The manifests kustomize renders from dir, as `kubectl apply -k` would apply them: the real
 * kustomize (scripts/testbed-install.sh provides one where kubectl is missing).
 */
export function kustomizeBuild(dir: string): Json[] {
  const tries: Array<[string, string[]]> = [["kustomize", ["build", dir]], ["kubectl", ["kustomize", dir]]];
  for (const [command, args] of tries) {
    const result = spawnSync(command, args, { encoding: "utf8" });
    if (result.error) continue;
    assert.equal(result.status, 0, `${command} ${args.join(" ")}: ${result.stderr}`);
    return loadAll(result.stdout).map((d) => {
      assert.ok(d !== null && typeof d === "object" && !Array.isArray(d));
      return { ...d };
    });
  }
  throw new Error("neither kustomize nor kubectl is installed: run scripts/testbed-install.sh");
}

/** Addresses that build steps must not reach, with a port they might try. */
export const FORBIDDEN_DESTINATIONS: ReadonlyArray<readonly [string, number, string]> = [
  ["169.254.169.254", 80, "the cloud metadata service"],
  ["fd00:ec2::254", 80, "AWS's IPv6 metadata service"],
  ["10.96.0.1", 443, "the Kubernetes API's service address (kubeadm's service range)"],
  ["10.244.1.5", 443, "a pod (kubeadm's and flannel's pod range)"],
  ["172.20.0.10", 443, "a service (EKS's service range)"],
  ["192.168.1.10", 443, "a node on a private network"],
  ["100.64.0.10", 443, "a pod (a CGNAT-range pod network)"],
  ["127.0.0.1", 443, "loopback"],
  ["fe80::1", 443, "IPv6 link-local"],
];

/** What a NetworkPolicy's egress rules let a pod reach over TCP at ip:port through ipBlocks. */
export function egressAllows(policy: Json, ip: string, port: number): boolean {
  const family = isIP(ip) === 6 ? "ipv6" : "ipv4";
  return list(get(policy, "spec", "egress") ?? []).some((rule) => {
    const ports = get(rule, "ports");
    const portOk = ports === undefined || list(ports).some((p) => (get(p, "protocol") ?? "TCP") === "TCP" && (get(p, "port") === undefined || get(p, "port") === port));
    const peers = get(rule, "to");
    if (!portOk) return false;
    if (peers === undefined || list(peers).length === 0) return true;
    return list(peers).some((peer) => {
      const cidr = get(peer, "ipBlock", "cidr");
      if (typeof cidr !== "string") return false;
      const inside = (range: string): boolean => {
        const [address = "", prefix = "0"] = range.split("/");
        const block = new BlockList();
        if (isIP(address) !== (family === "ipv6" ? 6 : 4)) return false;
        block.addSubnet(address, Number(prefix), family);
        return block.check(ip, family);
      };
      return inside(cidr) && !list(get(peer, "ipBlock", "except") ?? []).map(String).some(inside);
    });
  });
}

/** Egress rules that open anything to pods or namespaces must be DNS (port 53) to the cluster's DNS. */
export function selectorEgressProblems(policy: Json): string[] {
  const problems: string[] = [];
  for (const rule of list(get(policy, "spec", "egress") ?? [])) {
    for (const peer of list(get(rule, "to") ?? [])) {
      if (get(peer, "ipBlock") !== undefined) continue;
      const ports = list(get(rule, "ports") ?? []).map((p) => get(p, "port"));
      if (ports.length === 0 || ports.some((p) => p !== 53)) problems.push(`a rule opens ${JSON.stringify(peer)} on ports ${JSON.stringify(ports)}`);
      if (get(peer, "podSelector", "matchLabels", "k8s-app") !== "kube-dns") problems.push(`a rule opens ${JSON.stringify(peer)}, not the cluster's DNS`);
    }
  }
  return problems;
}

/** Every LoadBalancer Service admits only given source ranges, none of them everyone. */
export function loadBalancerProblems(manifests: readonly Json[]): string[] {
  const problems: string[] = [];
  for (const service of manifests.filter((m) => m["kind"] === "Service" && get(m, "spec", "type") === "LoadBalancer")) {
    const name = String(get(service, "metadata", "name"));
    const ranges = get(service, "spec", "loadBalancerSourceRanges");
    if (!Array.isArray(ranges) || ranges.length === 0) problems.push(`${name} has no loadBalancerSourceRanges`);
    else if (ranges.some((r) => r === "0.0.0.0/0" || r === "::/0")) problems.push(`${name} admits every address`);
  }
  return problems;
}
