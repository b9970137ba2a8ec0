import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  FORBIDDEN_DESTINATIONS, egressAllows, get, kustomizeBuild, list, loadBalancerProblems, schemaErrors, selectorEgressProblems, type Json,
} from "../bed/kubernetes.js";
import { REPO } from "../bed/runner.js";

// What `kubectl apply -k` applies for each shipped pool, rendered by the real kustomize.
const POOLS: ReadonlyArray<readonly [string, string]> = [
  ["deploy/kubernetes", "buildkit"],
  ["deploy/kubernetes/overlays/release", "buildkit-release"],
  ["deploy/kubernetes/overlays/pull-requests", "buildkit-pull-requests"],
];

const renders = new Map<string, Json[]>();
function rendered(dir: string): Json[] {
  const done = renders.get(dir) ?? kustomizeBuild(join(REPO, dir));
  renders.set(dir, done);
  return structuredClone(done);
}

function one(manifests: readonly Json[], kind: string, name: string): Json {
  const found = manifests.filter((m) => m["kind"] === kind && get(m, "metadata", "name") === name);
  assert.equal(found.length, 1, `expected one ${kind} ${name}`);
  return found[0] ?? {};
}

describe("the pools kustomize renders", () => {
  for (const [dir, namespace] of POOLS) {
    it(`${dir}: valid manifests, all in the namespace ${namespace}, which keeps its Pod Security label`, () => {
      const manifests = rendered(dir);
      for (const manifest of manifests) assert.equal(schemaErrors(manifest), "", `${String(manifest["kind"])} ${String(get(manifest, "metadata", "name"))}`);
      const ns = one(manifests, "Namespace", namespace);
      assert.equal(get(ns, "metadata", "labels", "pod-security.kubernetes.io/enforce"), "privileged");
      for (const manifest of manifests.filter((m) => m["kind"] !== "Namespace")) assert.equal(get(manifest, "metadata", "namespace"), namespace);
    });

    it(`${dir}: build steps reach DNS and registries, never the metadata service, loopback or the cluster's private ranges`, () => {
      const policy = one(rendered(dir), "NetworkPolicy", "buildkitd");
      assert.deepEqual(get(policy, "spec", "policyTypes"), ["Ingress", "Egress"]);
      for (const [ip, port, what] of FORBIDDEN_DESTINATIONS) assert.equal(egressAllows(policy, ip, port), false, `${what} (${ip}:${port}) is open`);
      // A public registry on HTTPS, a Debian mirror over HTTP; nothing else, such as SSH.
      assert.equal(egressAllows(policy, "104.16.0.1", 443), true);
      assert.equal(egressAllows(policy, "2606:4700::1", 443), true);
      assert.equal(egressAllows(policy, "151.101.2.132", 80), true);
      assert.equal(egressAllows(policy, "104.16.0.1", 22), false);
      assert.deepEqual(selectorEgressProblems(policy), []);
    });

    it(`${dir}: every LoadBalancer admits only the runners' ranges, which the NetworkPolicy admits too`, () => {
      const manifests = rendered(dir);
      assert.deepEqual(loadBalancerProblems(manifests), []);
      const balancers = manifests.filter((m) => m["kind"] === "Service" && get(m, "spec", "type") === "LoadBalancer");
      const from = get(one(manifests, "NetworkPolicy", "buildkitd"), "spec", "ingress", 0, "from");
      for (const service of balancers) {
        // Local keeps the runner's address as the source, so that the ipBlock below can match it.
        assert.equal(get(service, "spec", "externalTrafficPolicy"), "Local");
        assert.deepEqual(list(from).map((peer) => get(peer, "ipBlock", "cidr")), get(service, "spec", "loadBalancerSourceRanges"));
      }
    });
  }

  it("the checks can fail: an open egress rule, a missing except and a LoadBalancer open to all are caught", () => {
    const policy = one(rendered("deploy/kubernetes"), "NetworkPolicy", "buildkitd");
    const open = structuredClone(policy);
    list(get(open, "spec", "egress")).push({ ports: [{ port: 443, protocol: "TCP" }] });
    assert.equal(egressAllows(open, "10.96.0.1", 443), true);
    const leaky = structuredClone(policy);
    const except = list(get(leaky, "spec", "egress", 1, "to", 0, "ipBlock", "except"));
    except.splice(except.indexOf("169.254.0.0/16"), 1);
    assert.equal(egressAllows(leaky, "169.254.169.254", 80), true);
    const dns = structuredClone(policy);
    list(get(dns, "spec", "egress", 0, "ports")).push({ port: 443, protocol: "TCP" });
    assert.match(selectorEgressProblems(dns).join("\n"), /on ports \[53,53,443\]/);
    assert.deepEqual(loadBalancerProblems([{ kind: "Service", metadata: { name: "x" }, spec: { type: "LoadBalancer" } }]), ["x has no loadBalancerSourceRanges"]);
    assert.deepEqual(loadBalancerProblems([{ kind: "Service", metadata: { name: "y" }, spec: { type: "LoadBalancer", loadBalancerSourceRanges: ["0.0.0.0/0"] } }]), ["y admits every address"]);
  });

  it("the pools are apart: each its own namespace, Secret and cache volumes, labelled with its name", () => {
    const release = rendered("deploy/kubernetes/overlays/release");
    const pulls = rendered("deploy/kubernetes/overlays/pull-requests");
    for (const [manifests, pool] of [[release, "release"], [pulls, "pull-requests"]] as const) {
      const statefulSet = one(manifests, "StatefulSet", "buildkitd");
      assert.equal(get(statefulSet, "metadata", "namespace"), `buildkit-${pool}`);
      assert.equal(get(statefulSet, "metadata", "labels", "remote-buildkit/pool"), pool);
      // The Secret is looked up in the pool's namespace: the one certs init --pool POOL prints.
      const volume = list(get(statefulSet, "spec", "template", "spec", "volumes")).find((v) => get(v, "name") === "certs");
      assert.equal(get(volume, "secret", "secretName"), "buildkitd-tls");
    }
  });

  it("release: each daemon has a LoadBalancer of its own, one per replica, for the action's endpoint list", () => {
    const manifests = rendered("deploy/kubernetes/overlays/release");
    const replicas = Number(get(one(manifests, "StatefulSet", "buildkitd"), "spec", "replicas"));
    assert.ok(replicas >= 2);
    const exposed = manifests.filter((m) => m["kind"] === "Service" && get(m, "metadata", "labels", "remote-buildkit/exposes") === "replica");
    assert.equal(exposed.length, replicas, "one Service per replica: add or remove one in components/external-replicas with the replica count");
    const selected = exposed.map((s) => get(s, "spec", "selector", "statefulset.kubernetes.io/pod-name")).sort();
    assert.deepEqual(selected, Array.from({ length: replicas }, (_, i) => `buildkitd-${i}`));
    for (const service of exposed) {
      assert.equal(get(service, "spec", "type"), "LoadBalancer");
      assert.equal(get(service, "spec", "selector", "app.kubernetes.io/name"), "buildkitd");
      assert.deepEqual(list(get(service, "spec", "ports")).map((p) => [get(p, "port"), get(p, "targetPort")]), [[1234, "buildkit"]]);
    }
    // The in-cluster pools expose nothing.
    for (const dir of ["deploy/kubernetes", "deploy/kubernetes/overlays/pull-requests"]) {
      assert.equal(rendered(dir).filter((m) => get(m, "spec", "type") === "LoadBalancer").length, 0, dir);
    }
  });
});
