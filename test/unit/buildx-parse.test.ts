import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseInspect, parseMetadata } from "../../src/buildx/inspect.js";
import { pluginCandidates } from "../../src/buildx/locate.js";
import { checksumFor, parseBuildxVersion, releaseAssetName } from "../../src/buildx/release.js";
import { REPO } from "../bed/runner.js";

describe("parseInspect", () => {
  it("reads the node of real `buildx inspect` output (buildx v0.36.1, buildkitd v0.32.2)", () => {
    const [node, ...others] = parseInspect(readFileSync(join(REPO, "test", "fixtures", "buildx-inspect.txt"), "utf8"));
    assert.deepEqual(others, []);
    assert.deepEqual({ ...node, platforms: [...(node?.platforms ?? [])], gcPolicy: undefined }, {
      name: "cap0",
      endpoint: "tcp://127.0.0.1:42195",
      status: "running",
      buildkitVersion: "v0.32.2",
      platforms: ["linux/amd64", "linux/amd64/v2", "linux/amd64/v3", "linux/386"],
      error: "",
      gcPolicy: undefined,
    });
  });
  it("sees each node, and one that is inactive though buildx exited 0", () => {
    const nodes = parseInspect("Name: b\nDriver: remote\n\nNodes:\nName:   b0\nEndpoint: tcp://x:1\nStatus:   running\n\nName:   b1\nEndpoint: tcp://y:1\nStatus:   inactive\nError:    connection refused\n");
    assert.deepEqual(nodes.map((n) => [n.endpoint, n.status, n.error]), [["tcp://x:1", "running", ""], ["tcp://y:1", "inactive", "connection refused"]]);
  });
  it("does not take the builder's own fields for the node's", () => {
    assert.deepEqual(parseInspect("Name: b\nStatus: running\n"), []);
  });
});

describe("parseMetadata", () => {
  it("reads the digest and image ID as build-push-action does", () => {
    const m = parseMetadata(JSON.stringify({ "containerimage.digest": "sha256:aa", "containerimage.config.digest": "sha256:bb", "image.name": "r/app" }));
    assert.equal(m.digest, "sha256:aa");
    assert.equal(m.imageId, "sha256:bb");
    assert.deepEqual(JSON.parse(m.json), { "containerimage.digest": "sha256:aa", "containerimage.config.digest": "sha256:bb", "image.name": "r/app" });
  });
  it("leaves both empty for a build that exported no image", () => {
    const m = parseMetadata("{}");
    assert.equal(m.digest, "");
    assert.equal(m.imageId, "");
  });
});

describe("buildx releases", () => {
  const cases: Array<[string, string, string]> = [
    ["linux", "x64", "buildx-v0.36.1.linux-amd64"],
    ["linux", "arm64", "buildx-v0.36.1.linux-arm64"],
    ["linux", "arm", "buildx-v0.36.1.linux-arm-v7"],
    ["darwin", "arm64", "buildx-v0.36.1.darwin-arm64"],
    ["win32", "x64", "buildx-v0.36.1.windows-amd64.exe"],
  ];
  for (const [platform, arch, asset] of cases) {
    it(`names the ${platform}/${arch} asset`, () => assert.equal(releaseAssetName("v0.36.1", platform, arch), asset));
  }
  it("refuses an architecture buildx does not publish", () => {
    assert.throws(() => releaseAssetName("v0.36.1", "linux", "mips"), /no release for the mips/);
  });
  it("finds an asset's checksum in checksums.txt, in both shasum styles", () => {
    const a = "a".repeat(64);
    const b = "b".repeat(64);
    const text = `${a}  buildx-v0.36.1.linux-arm64\n${b} *buildx-v0.36.1.linux-amd64\n`;
    assert.equal(checksumFor(text, "buildx-v0.36.1.linux-amd64"), b);
    assert.equal(checksumFor(text, "buildx-v0.36.1.linux-arm64"), a);
    assert.equal(checksumFor(text, "buildx-v0.36.1.linux-s390x"), undefined);
  });
  it("reads the version buildx prints", () => {
    assert.equal(parseBuildxVersion("github.com/docker/buildx v0.36.1 1a2b3c\n"), "v0.36.1");
    assert.equal(parseBuildxVersion("github.com/docker/buildx 0.13.1+ds1-3 \n"), undefined);
  });
});

describe("pluginCandidates", () => {
  it("looks where the docker CLI looks for plugins, the user's folder first", () => {
    assert.deepEqual(pluginCandidates({}, "/home/runner"), [
      "/home/runner/.docker/cli-plugins/docker-buildx",
      "/usr/local/lib/docker/cli-plugins/docker-buildx",
      "/usr/local/libexec/docker/cli-plugins/docker-buildx",
      "/usr/lib/docker/cli-plugins/docker-buildx",
      "/usr/libexec/docker/cli-plugins/docker-buildx",
    ]);
  });
  it("follows DOCKER_CONFIG, as docker does", () => {
    assert.equal(pluginCandidates({ DOCKER_CONFIG: "/etc/ci/docker" }, "/home/runner")[0], "/etc/ci/docker/cli-plugins/docker-buildx");
  });
});
