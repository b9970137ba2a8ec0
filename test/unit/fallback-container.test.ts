import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { UserError } from "../../src/errors.js";
import { chooseBuildkitdConfig, containerBuilderArgs, FALLBACK_BUILDKITD_FLAGS, runnersBuildxConfig } from "../../src/buildx/container.js";
import { parseInputs } from "../../src/inputs/inputs.js";
import { realManifest } from "./manifest.js";

const manifest = realManifest();

describe("the fallback's docker-container builder", () => {
  it("passes each driver option and the configuration file as setup-buildx-action does", () => {
    assert.deepEqual(containerBuilderArgs("fb", { driverOpts: ["network=host", "image=mirror.example.com/moby/buildkit:v0.34.2"], configFile: "/w/buildkitd.toml" }), [
      "create", "--name", "fb", "--driver", "docker-container", "--buildkitd-flags", "--allow-insecure-entitlement=network.host --oci-worker-gc=false",
      "--driver-opt", "network=host", "--driver-opt", "image=mirror.example.com/moby/buildkit:v0.34.2",
      "--buildkitd-config", "/w/buildkitd.toml",
    ]);
    assert.deepEqual(containerBuilderArgs("fb", { driverOpts: [], configFile: "" }).slice(0, 7), ["create", "--name", "fb", "--driver", "docker-container", "--buildkitd-flags", FALLBACK_BUILDKITD_FLAGS]);
  });

  it("finds the runner's buildx configuration where buildx looks", () => {
    assert.equal(runnersBuildxConfig({ BUILDX_CONFIG: "/b", DOCKER_CONFIG: "/d" }, "/home/r"), "/b");
    assert.equal(runnersBuildxConfig({ DOCKER_CONFIG: "/d" }, "/home/r"), "/d/buildx");
    assert.equal(runnersBuildxConfig({}, "/home/r"), "/home/r/.docker/buildx");
  });

  it("takes the inline configuration first, then the runner's buildkitd.default.toml, else none", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rbk-unit-"));
    try {
      assert.deepEqual(chooseBuildkitdConfig("", dir, "/w/b.toml"), { from: "none" });
      await writeFile(join(dir, "buildkitd.default.toml"), '[registry."docker.io"]\n  mirrors = ["mirror.example.com"]\n');
      assert.deepEqual(chooseBuildkitdConfig("  ", dir, "/w/b.toml"), { from: "runner", file: join(dir, "buildkitd.default.toml") });
      assert.deepEqual(chooseBuildkitdConfig('debug = true\n', dir, "/w/b.toml"), { from: "input", file: "/w/b.toml", inline: "debug = true\n" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("reads fallback-driver-opts one per line, commas kept, and rejects what is not key=value", () => {
    const { inputs } = parseInputs(manifest, (n) => ({ "fallback-driver-opts": "network=host\nenv.NO_PROXY=a,b\n# a comment\n" })[n] ?? "");
    assert.deepEqual(inputs.fallbackDriverOpts, ["network=host", "env.NO_PROXY=a,b"]);
    assert.throws(() => parseInputs(manifest, (n) => ({ "fallback-driver-opts": "host" })[n] ?? ""),
      (err: unknown) => err instanceof UserError && err.subject === "fallback-driver-opts" && /"host" is not key=value/.test(err.message));
  });
});
