import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { loadAll } from "js-yaml";
import { REPO } from "../bed/runner.js";

// The Kubernetes proof is the schemas of the API the manifests target; no cluster runs here.
// Vendored in test/schemas (see its SOURCES.md), so that the test passes on any clone.
const VENDORED = join(REPO, "test", "schemas", "kubernetes");
const SCHEMAS = join(VENDORED, "v1.32.2-standalone-strict");
const KUBERNETES = join(REPO, "deploy", "kubernetes");
const SINGLE_HOST = join(REPO, "deploy", "single-host");
const IMAGE = "moby/buildkit:v0.32.2-rootless";

const SCHEMA_FILES: Readonly<Record<string, string>> = {
  Namespace: "namespace-v1.json",
  ServiceAccount: "serviceaccount-v1.json",
  ConfigMap: "configmap-v1.json",
  Secret: "secret-v1.json",
  StatefulSet: "statefulset-apps-v1.json",
  Service: "service-v1.json",
  PodDisruptionBudget: "poddisruptionbudget-policy-v1.json",
  NetworkPolicy: "networkpolicy-networking-v1.json",
};

type Json = Record<string, unknown>;

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
function schemaErrors(manifest: Json): string {
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

function yamlFiles(): string[] {
  return readdirSync(KUBERNETES).filter((f) => f.endsWith(".yaml")).sort();
}

function documents(file: string): Json[] {
  return loadAll(readFileSync(join(KUBERNETES, file), "utf8")).map((d) => {
    assert.ok(d !== null && typeof d === "object" && !Array.isArray(d), `${file}: a document that is not a mapping`);
    return { ...d };
  });
}

function manifests(): Json[] {
  return yamlFiles().filter((f) => f !== "kustomization.yaml").flatMap(documents);
}

function byKind(kind: string, name?: string): Json {
  const found = manifests().filter((m) => m["kind"] === kind && (name === undefined || get(m, "metadata", "name") === name));
  assert.equal(found.length, 1, `expected one ${kind} ${name ?? ""}`);
  return found[0] ?? {};
}

/** A value at a path of keys and indexes; undefined where the path ends early. */
function get(value: unknown, ...path: Array<string | number>): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

function list(value: unknown): unknown[] {
  assert.ok(Array.isArray(value), `expected a list, got ${JSON.stringify(value)}`);
  return value;
}

function text(value: unknown): string {
  assert.equal(typeof value, "string");
  return String(value);
}

/** A JSON Patch operation as kustomize applies it: `replace` needs the path, `add` its parent. */
function patchAt(document: Json, op: "replace" | "add", pointer: string, value: unknown): Json {
  const copy = structuredClone(document);
  const keys = pointer.split("/").slice(1).map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  const last = keys.pop();
  assert.ok(last !== undefined);
  const parent = get(copy, ...keys.map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
  assert.ok(parent !== null && typeof parent === "object" && !Array.isArray(parent), `the patch path ${pointer} has no parent`);
  assert.ok(op === "add" || last in parent, `the patch path ${pointer} does not exist`);
  (parent as Record<string, unknown>)[last] = value;
  return copy;
}

/** The manifests as kustomize renders them through kustomizations (base first): replicas and patches. */
function render(...kustomizations: Json[]): Json[] {
  let rendered = manifests();
  const named = (kind: unknown, name: unknown) => (m: Json): boolean => m["kind"] === kind && get(m, "metadata", "name") === name;
  for (const kustomization of kustomizations) {
    for (const entry of list(kustomization["replicas"] ?? [])) {
      const targets = rendered.filter(named("StatefulSet", get(entry, "name")));
      assert.equal(targets.length, 1, `replicas names ${String(get(entry, "name"))}, which is not a StatefulSet here`);
      rendered = rendered.map((m) => (named("StatefulSet", get(entry, "name"))(m) ? patchAt(m, "replace", "/spec/replicas", get(entry, "count")) : m));
    }
    for (const patch of list(kustomization["patches"] ?? [])) {
      const matches = named(get(patch, "target", "kind"), get(patch, "target", "name"));
      assert.equal(rendered.filter(matches).length, 1, `a patch targets ${JSON.stringify(get(patch, "target"))}, which matches nothing`);
      for (const operation of list(loadAll(text(get(patch, "patch")))[0])) {
        const op = get(operation, "op");
        assert.ok(op === "replace" || op === "add", `unsupported patch op ${String(op)}`);
        rendered = rendered.map((m) => (matches(m) ? patchAt(m, op, text(get(operation, "path")), get(operation, "value")) : m));
      }
    }
  }
  return rendered;
}

function find(all: readonly Json[], kind: string, name: string): Json {
  const found = all.find((m) => m["kind"] === kind && get(m, "metadata", "name") === name);
  assert.ok(found, `no ${kind} ${name}`);
  return found;
}

/** The overlay that deploy/README.md shows, as users copy it. */
function readmeOverlay(): Json {
  const readme = readFileSync(join(REPO, "deploy", "README.md"), "utf8");
  const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "").filter((b) => /^kind: Kustomization$/m.test(b));
  assert.equal(blocks.length, 1, "deploy/README.md shows one kustomization");
  const [overlay] = loadAll(blocks[0] ?? "");
  assert.ok(overlay !== null && typeof overlay === "object" && !Array.isArray(overlay));
  return { ...overlay };
}

function kustomizationErrors(kustomization: Json): string {
  const validate = validator(join(VENDORED, "kustomization.json"));
  return validate(kustomization) ? "" : ajv.errorsText(validate.errors);
}

function container(statefulSet: Json): Json {
  const containers = list(get(statefulSet, "spec", "template", "spec", "containers"));
  assert.equal(containers.length, 1);
  return { ...(containers[0] as Json) };
}

function mountPath(statefulSet: Json, volume: string): string {
  const mount = list(container(statefulSet)["volumeMounts"]).find((m) => get(m, "name") === volume);
  return text(get(mount, "mountPath"));
}

function flag(args: readonly string[], name: string): string | undefined {
  const values = args.filter((a) => a.startsWith(`${name}=`)).map((a) => a.slice(name.length + 1));
  assert.ok(values.length <= 1, `${name} is given ${values.length} times`);
  return values[0];
}

describe("deploy/kubernetes", () => {
  it("every manifest parses and validates against the Kubernetes 1.32 schemas", () => {
    const all = manifests();
    assert.deepEqual([...new Set(all.map((m) => String(m["kind"])))].sort(), Object.keys(SCHEMA_FILES).sort(), "every kind, and no kind without a schema");
    assert.equal(all.length, 9);
    for (const manifest of all) assert.equal(schemaErrors(manifest), "", `${String(manifest["kind"])} is invalid`);
  });

  it("the validation is strict: a misspelt field or a wrong type fails", () => {
    const statefulSet = byKind("StatefulSet");
    assert.match(schemaErrors(patchAt(statefulSet, "replace", "/spec/replicas", "two")), /replicas must be integer/);
    const typo = structuredClone(statefulSet);
    (get(typo, "spec") as Json)["replica"] = 1;
    assert.match(schemaErrors(typo), /must NOT have additional properties/);
  });

  it("kustomization.yaml validates, and lists every manifest but the placeholder Secret", () => {
    const [kustomization, ...more] = documents("kustomization.yaml");
    assert.equal(more.length, 0);
    assert.ok(kustomization);
    assert.equal(kustomizationErrors(kustomization), "");
    assert.match(kustomizationErrors({ ...kustomization, resources: "statefulset.yaml" }), /resources must be array/);
    assert.deepEqual(list(kustomization["resources"]).map(String).sort(), yamlFiles().filter((f) => f !== "kustomization.yaml" && f !== "secret.yaml"));
    assert.equal(kustomization["namespace"], "buildkit");
  });

  it("its two knobs, the replica count and the storage size, patch paths that exist, and the result validates", () => {
    const [kustomization = {}] = documents("kustomization.yaml");
    const statefulSet = find(render(kustomization), "StatefulSet", "buildkitd");
    assert.equal(get(statefulSet, "spec", "replicas"), 1);
    assert.equal(get(statefulSet, "spec", "volumeClaimTemplates", 0, "spec", "resources", "requests", "storage"), "50Gi");
    assert.equal(schemaErrors(statefulSet), "");
  });

  it("the overlay deploy/README.md shows validates, turns both knobs, and renders valid manifests", () => {
    const [base = {}] = documents("kustomization.yaml");
    const overlay = readmeOverlay();
    assert.equal(kustomizationErrors(overlay), "");
    const rendered = render(base, overlay);
    for (const manifest of rendered) assert.equal(schemaErrors(manifest), "", `${String(manifest["kind"])} is invalid after the overlay`);
    const statefulSet = find(rendered, "StatefulSet", "buildkitd");
    assert.equal(get(statefulSet, "spec", "replicas"), 2);
    assert.equal(get(statefulSet, "spec", "volumeClaimTemplates", 0, "spec", "resources", "requests", "storage"), "200Gi");
    assert.equal(get(statefulSet, "spec", "volumeClaimTemplates", 0, "spec", "storageClassName"), "fast-ssd");
    assert.equal(get(find(rendered, "Service", "buildkitd"), "spec", "type"), "LoadBalancer");
    assert.equal(get(find(rendered, "Service", "buildkitd-headless"), "spec", "clusterIP"), "None");
  });

  it("runs rootless buildkitd that always requires client certificates, from the Secret's files", () => {
    const statefulSet = byKind("StatefulSet");
    const main = container(statefulSet);
    assert.equal(main["image"], IMAGE);
    const args = list(main["args"]).map(String);
    const certs = mountPath(statefulSet, "certs");
    const secretVolume = list(get(statefulSet, "spec", "template", "spec", "volumes")).find((v) => get(v, "name") === "certs");
    const secret = byKind("Secret");
    assert.equal(get(secretVolume, "secret", "secretName"), get(secret, "metadata", "name"));
    assert.equal(secret["type"], "kubernetes.io/tls");
    const keys = Object.keys(get(secret, "stringData") as Json).sort();
    assert.deepEqual(keys, ["ca.crt", "tls.crt", "tls.key"]);
    assert.equal(flag(args, "--tlscacert"), `${certs}/ca.crt`);
    assert.equal(flag(args, "--tlscert"), `${certs}/tls.crt`);
    assert.equal(flag(args, "--tlskey"), `${certs}/tls.key`);
    assert.ok(args.includes("--oci-worker-no-process-sandbox"));
    assert.deepEqual(args.filter((a) => a.startsWith("--addr=")), ["--addr=unix:///run/user/1000/buildkit/buildkitd.sock", "--addr=tcp://0.0.0.0:1234"]);
    const security = get(main, "securityContext");
    assert.equal(get(security, "seccompProfile", "type"), "Unconfined");
    assert.equal(get(security, "appArmorProfile", "type"), "Unconfined");
    assert.equal(get(security, "runAsUser"), 1000);
    assert.equal(get(statefulSet, "spec", "template", "spec", "automountServiceAccountToken"), false);
  });

  it("reads buildkitd.toml from the ConfigMap, which equals the single-host file and keeps cache mounts longest", () => {
    const statefulSet = byKind("StatefulSet");
    const args = list(container(statefulSet)["args"]).map(String);
    const configMap = byKind("ConfigMap");
    const configVolume = list(get(statefulSet, "spec", "template", "spec", "volumes")).find((v) => get(v, "name") === "config");
    assert.equal(get(configVolume, "configMap", "name"), get(configMap, "metadata", "name"));
    // buildkitd silently runs on defaults when --config names a file that does not exist.
    assert.equal(flag(args, "--config"), `${mountPath(statefulSet, "config")}/buildkitd.toml`);
    const toml = text(get(configMap, "data", "buildkitd.toml"));
    assert.equal(toml, readFileSync(join(SINGLE_HOST, "buildkitd.toml"), "utf8"));
    assert.match(toml, /\[\[worker\.oci\.gcpolicy\]\]\n {2}filters = \["type==exec\.cachemount"\]\n {2}keepDuration = "720h"/);
  });

  it("keeps the cache on a volume per daemon, probes with buildctl, and sets requests and limits", () => {
    const statefulSet = byKind("StatefulSet");
    const main = container(statefulSet);
    const claim = get(statefulSet, "spec", "volumeClaimTemplates", 0, "metadata", "name");
    assert.equal(mountPath(statefulSet, text(claim)), "/home/user/.local/share/buildkit");
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      assert.deepEqual(get(main, probe, "exec", "command"), ["buildctl", "debug", "workers"], probe);
    }
    for (const bound of ["requests", "limits"]) {
      assert.ok(get(main, "resources", bound, "cpu") && get(main, "resources", bound, "memory"), `resources.${bound}`);
    }
  });

  it("wires the Services, the PodDisruptionBudget and the NetworkPolicy to the daemons' port and labels", () => {
    const statefulSet = byKind("StatefulSet");
    const labels = get(statefulSet, "spec", "template", "metadata", "labels") as Json;
    const matches = (selector: unknown): boolean => Object.entries(selector as Json).every(([k, v]) => labels[k] === v);
    const port = list(container(statefulSet)["ports"])[0];
    assert.equal(get(port, "name"), "buildkit");
    assert.equal(get(port, "containerPort"), 1234);
    const headless = byKind("Service", "buildkitd-headless");
    assert.equal(get(headless, "spec", "clusterIP"), "None");
    assert.equal(get(statefulSet, "spec", "serviceName"), "buildkitd-headless");
    for (const service of [headless, byKind("Service", "buildkitd")]) {
      assert.ok(matches(get(service, "spec", "selector")));
      assert.deepEqual(list(get(service, "spec", "ports")).map((p) => [get(p, "port"), get(p, "targetPort")]), [[1234, "buildkit"]]);
    }
    assert.ok(matches(get(statefulSet, "spec", "selector", "matchLabels")));
    assert.ok(matches(get(byKind("PodDisruptionBudget"), "spec", "selector", "matchLabels")));
    const policy = byKind("NetworkPolicy");
    assert.ok(matches(get(policy, "spec", "podSelector", "matchLabels")));
    assert.deepEqual(get(policy, "spec", "policyTypes"), ["Ingress"]);
    assert.deepEqual(get(policy, "spec", "ingress"), [{ ports: [{ port: 1234, protocol: "TCP" }] }]);
  });
});

describe("deploy/single-host", () => {
  it("the systemd unit starts buildkitd with all three TLS files and the shared buildkitd.toml", () => {
    const unit = readFileSync(join(SINGLE_HOST, "buildkitd.service"), "utf8");
    const exec = /^ExecStart=((?:.*\\\n)*.*)$/m.exec(unit)?.[1]?.replace(/\\\n/g, " ").split(/\s+/) ?? [];
    const value = (name: string): string | undefined => exec[exec.indexOf(name) + 1];
    assert.equal(exec[0], "/usr/local/bin/buildkitd");
    assert.equal(value("--tlscacert"), "/etc/buildkit/tls/ca.pem");
    assert.equal(value("--tlscert"), "/etc/buildkit/tls/server-cert.pem");
    assert.equal(value("--tlskey"), "/etc/buildkit/tls/server-key.pem");
    assert.equal(value("--config"), "/etc/buildkit/buildkitd.toml");
    assert.match(unit, /^Type=notify$/m);
    assert.match(unit, /^WantedBy=multi-user\.target$/m);
  });

  it("the docker run line uses the same image as Kubernetes, requires client certificates, and is valid shell", () => {
    const script = readFileSync(join(SINGLE_HOST, "docker-run.sh"), "utf8");
    const line = /^docker run ((?:.*\\\n)*.*)$/m.exec(script)?.[1]?.replace(/\\\n/g, " ").split(/\s+/) ?? [];
    const value = (name: string): string | undefined => line[line.indexOf(name) + 1];
    assert.equal(container(byKind("StatefulSet"))["image"], IMAGE);
    assert.ok(line.includes(IMAGE));
    assert.equal(value("--tlscacert"), "/certs/ca.pem");
    assert.ok(line.includes("/etc/buildkit/tls:/certs:ro"));
    assert.ok(line.includes(`/etc/buildkit/buildkitd.toml:${value("--config") ?? "?"}:ro`), "the config mount and --config differ");
    for (const option of ["seccomp=unconfined", "apparmor=unconfined"]) assert.ok(line.includes(option), option);
    const syntax = spawnSync("sh", ["-n", join(SINGLE_HOST, "docker-run.sh")], { encoding: "utf8" });
    assert.equal(syntax.status, 0, syntax.stderr);
  });
});
