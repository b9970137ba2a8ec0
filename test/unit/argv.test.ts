import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { argvForLog, buildArgs, createBuilderArgs, csvField, type BuildPlan } from "../../src/buildx/argv.js";
import { parseInputs } from "../../src/inputs/inputs.js";
import { realManifest } from "./manifest.js";

const manifest = realManifest();
const CREDENTIALS = { endpoint: "tcp://bk:1234", "ca-cert": "x", "client-cert": "x", "client-key": "x" };
const PLAN: BuildPlan = { builder: "b1", metadataFile: "/t/meta.json", imageIdFile: "/t/iid", secrets: [], extraCacheFrom: [], extraCacheTo: [] };
const PREFIX = ["build", "--builder", "b1", "--iidfile", "/t/iid", "--metadata-file", "/t/meta.json", "--progress=rawjson"];

function argv(raw: Record<string, string>, plan: BuildPlan = PLAN): string[] {
  return buildArgs(parseInputs(manifest, (name) => ({ ...CREDENTIALS, ...raw })[name] ?? "").inputs, plan);
}

describe("buildArgs", () => {
  const cases: Array<[string, Record<string, string>, string[]]> = [
    ["defaults", {}, ["--", "."]],
    ["context and file", { context: "./app", file: "./app/Dockerfile.prod" }, ["--file", "./app/Dockerfile.prod", "--", "./app"]],
    ["tags and push", { tags: "r/app:1, r/app:latest", push: "true" }, ["--push", "--tag", "r/app:1", "--tag", "r/app:latest", "--", "."]],
    ["load", { load: "true" }, ["--load", "--", "."]],
    ["build args keep their commas", { "build-args": "A=1,2\nB=x" }, ["--build-arg", "A=1,2", "--build-arg", "B=x", "--", "."]],
    ["labels and annotations", { labels: "a=b", annotations: "index:c=d" }, ["--annotation", "index:c=d", "--label", "a=b", "--", "."]],
    ["platforms joined", { platforms: "linux/amd64\nlinux/arm64" }, ["--platform", "linux/amd64,linux/arm64", "--", "."]],
    ["caches", { "cache-from": "type=registry,ref=r/c", "cache-to": "type=registry,ref=r/c,mode=max" },
      ["--cache-from", "type=registry,ref=r/c", "--cache-to", "type=registry,ref=r/c,mode=max", "--", "."]],
    ["no-cache and pull", { "no-cache": "true", pull: "true" }, ["--no-cache", "--pull", "--", "."]],
    ["no-cache-filters", { "no-cache-filters": "deps,app" }, ["--no-cache-filter", "deps", "--no-cache-filter", "app", "--", "."]],
    ["provenance and sbom", { provenance: "mode=max", sbom: "true" }, ["--provenance=mode=max", "--sbom=true", "--", "."]],
    ["target", { target: "runtime" }, ["--target", "runtime", "--", "."]],
    ["outputs that make an image", { outputs: "type=oci,dest=image.tar\ntype=registry" }, ["--output", "type=oci,dest=image.tar", "--output", "type=registry", "--", "."]],
    ["ssh", { ssh: "default" }, ["--ssh", "default", "--", "."]],
    ["run options", { "add-hosts": "db:10.0.0.2", network: "host", "shm-size": "2g", ulimit: "nofile=1024:1024", allow: "network.host" },
      ["--add-host", "db:10.0.0.2", "--allow", "network.host", "--network", "host", "--shm-size", "2g", "--ulimit", "nofile=1024:1024", "--", "."]],
    ["build contexts", { "build-contexts": "base=docker-image://alpine" }, ["--build-context", "base=docker-image://alpine", "--", "."]],
    ["attests, one per line, commas kept", { attests: "type=sbom,generator=image\ntype=provenance,mode=max" },
      ["--attest", "type=sbom,generator=image", "--attest", "type=provenance,mode=max", "--", "."]],
    ["call check, its result as JSON", { call: "check" }, ["--call=check,format=json", "--", "."]],
    ["call outline", { call: "outline" }, ["--call=outline", "--", "."]],
    ["a call other than build exports and pushes nothing", { call: "check", tags: "r/app:1", push: "true", load: "true", outputs: "type=local,dest=out", "cache-to": "type=registry,ref=r/c" },
      ["--call=check,format=json", "--tag", "r/app:1", "--", "."]],
    ["call build is buildx's default", { call: "build" }, ["--", "."]],
    ["cgroup-parent", { "cgroup-parent": "/ci-builds" }, ["--cgroup-parent", "/ci-builds", "--", "."]],
  ];
  for (const [what, raw, tail] of cases) {
    it(what, () => {
      assert.deepEqual(argv(raw), [...PREFIX, ...tail]);
    });
  }

  it("passes secrets as files, variables or user files, never as values", () => {
    const args = argv({ secrets: "token=s3cr3t-value", "secret-envs": "npm=NPM_TOKEN", "secret-files": "rc=/home/u/.npmrc" }, {
      ...PLAN,
      secrets: [{ id: "token", file: "/t/secrets/0" }, { id: "rc", file: "/home/u/.npmrc" }, { id: "npm", env: "NPM_TOKEN" }],
    });
    assert.deepEqual(args.slice(PREFIX.length), [
      "--secret", "id=token,src=/t/secrets/0", "--secret", "id=rc,src=/home/u/.npmrc", "--secret", "id=npm,env=NPM_TOKEN", "--", ".",
    ]);
    assert.ok(!args.join(" ").includes("s3cr3t-value"));
  });
});

it("refuses a call buildx does not know, naming the input", () => {
  assert.throws(() => argv({ call: "lint" }), /call.*"lint" is not one of build, check, outline, targets/s);
});

describe("buildArgs for hostile and image-less inputs", () => {
  it("passes --iidfile only where buildx makes an image: never beside a local or tar export", () => {
    const withId = (outputs: string): boolean => argv({ outputs }).includes("--iidfile");
    for (const outputs of ["type=local,dest=out", "out", "type=tar,dest=x.tar", "type=registry\ntype=local,dest=out"]) assert.equal(withId(outputs), false, outputs);
    for (const outputs of ["", "type=oci,dest=x.tar", "type=docker", "type=image,push=true", "type=registry", "type=cacheonly"]) assert.equal(withId(outputs), true, outputs);
  });

  it("ends the options before the context, so a context like a flag stays a path", () => {
    for (const context of ["--no-cache", "--output=type=local,dest=/tmp/x", "--help"]) {
      const args = argv({ context });
      assert.deepEqual(args.slice(-2), ["--", context]);
      assert.equal(args.indexOf("--"), args.length - 2, "one -- only, just before the context");
    }
  });
});

describe("argvForLog", () => {
  it("hides the GitHub token of a gha cache, and nothing else", () => {
    assert.equal(argvForLog(["--cache-to", "type=gha,scope=s,ghtoken=ghs_abc123,repository=a/b", "--tag", "r/app"]),
      "--cache-to type=gha,scope=s,ghtoken=***,repository=a/b --tag r/app");
  });
});

describe("createBuilderArgs", () => {
  it("makes a remote builder from the certificate files", () => {
    assert.deepEqual(createBuilderArgs({
      name: "rb", append: false, platform: "", endpoint: { url: "tcp://bk:1234", host: "bk", port: 1234 },
      caCertFile: "/t/ca.pem", clientCertFile: "/t/cert.pem", clientKeyFile: "/t/key.pem", serverName: "",
    }), ["create", "--name", "rb", "--driver", "remote", "--driver-opt", "cacert=/t/ca.pem,cert=/t/cert.pem,key=/t/key.pem", "tcp://bk:1234"]);
  });

  it("adds the server name and quotes paths that hold commas", () => {
    const args = createBuilderArgs({
      name: "rb", append: false, platform: "", endpoint: { url: "tcp://10.0.0.1:1234", host: "10.0.0.1", port: 1234 },
      caCertFile: "/t,1/ca.pem", clientCertFile: "/t/cert.pem", clientKeyFile: "/t/key.pem", serverName: "buildkit.internal",
    });
    assert.equal(args[6], '"cacert=/t,1/ca.pem",cert=/t/cert.pem,key=/t/key.pem,servername=buildkit.internal');
  });

  it("appends a node for a platform", () => {
    assert.deepEqual(createBuilderArgs({
      name: "rb", append: true, platform: "linux/arm64", endpoint: { url: "tcp://arm:1234", host: "arm", port: 1234 },
      caCertFile: "/t/ca.pem", clientCertFile: "/t/cert.pem", clientKeyFile: "/t/key.pem", serverName: "",
    }), ["create", "--name", "rb", "--append", "--driver", "remote", "--platform", "linux/arm64", "--driver-opt", "cacert=/t/ca.pem,cert=/t/cert.pem,key=/t/key.pem", "tcp://arm:1234"]);
  });

  it("csvField leaves plain fields alone and doubles quotes", () => {
    assert.equal(csvField("a=b"), "a=b");
    assert.equal(csvField('a="b"'), '"a=""b"""');
  });
});
