import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { hostBuildx, installBuildx, locateBuildx } from "../../src/buildx/locate.js";
import { processHost } from "../../src/platform/host.js";
import { releaseAssetName } from "../../src/buildx/release.js";

/**
 * installBuildx against a local stand-in for GitHub's release downloads, serving the real buildx
 * binary of the test bed with a checksums.txt laid out as buildx's releases lay it out.
 */
describe("installing a buildx release through the tool cache", () => {
  let dir: string;
  let server: Server;
  let url: string;
  let pluginPath: string;
  const requests: string[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rbk-install-"));
    process.env["RUNNER_TOOL_CACHE"] = join(dir, "tool-cache");
    process.env["RUNNER_TEMP"] = join(dir, "temp");
    pluginPath = execFileSync("sh", ["-c", 'echo "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-buildx"']).toString().trim();
    const binary = await readFile(pluginPath);
    const sha = createHash("sha256").update(binary).digest("hex");
    const releases: Record<string, { checksums: string }> = {
      // The real hash of the served binary.
      "v0.38.2": { checksums: `${sha} *${releaseAssetName("v0.38.2", process.platform, process.arch)}\n` },
      // A release whose published hash does not match what is served.
      "v9.9.9": { checksums: `${"0".repeat(64)} *${releaseAssetName("v9.9.9", process.platform, process.arch)}\n` },
    };
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      const [, version = "", file = ""] = (req.url ?? "").split("/");
      const release = releases[version];
      if (!release) return void res.writeHead(404).end();
      if (file === "checksums.txt") return void res.end(release.checksums);
      if (file.startsWith("buildx-")) return void res.end(binary);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it("downloads, verifies and caches a release, then reuses the cache", async () => {
    const path = await installBuildx("v0.38.2", url, processHost());
    assert.match(execFileSync(path, ["version"]).toString(), /v0\.38\.2/);
    assert.ok(path.startsWith(join(dir, "tool-cache")));
    const before = requests.length;
    assert.equal(await installBuildx("v0.38.2", url, processHost()), path);
    assert.equal(requests.length, before, "a cached release is not downloaded again");
  });

  it("refuses a download whose checksum does not match checksums.txt", async () => {
    await assert.rejects(installBuildx("v9.9.9", url, processHost()), /has SHA-256 [0-9a-f]{64}, but checksums.txt says 0{64}; refusing to run it/);
    assert.deepEqual(await readdir(join(dir, "temp")), [], "neither the rejected binary nor checksums.txt may stay behind");
  });

  it("takes docker's buildx plugin directly, else a standalone buildx on PATH", async () => {
    const found = await locateBuildx(hostBuildx(processHost()), { wanted: "", log: () => undefined });
    assert.deepEqual([found.file, found.prefix, found.version], [pluginPath, [], "v0.38.2"]);

    // A runner whose docker has no buildx plugin, with a standalone buildx on PATH.
    const home = join(dir, "home");
    const bin = join(dir, "bin");
    await mkdir(home, { recursive: true });
    await mkdir(bin, { recursive: true });
    await symlink(pluginPath, join(bin, "buildx"));
    // The host comes from the context, so the test hands the action such a runner without touching its own environment.
    const { DOCKER_CONFIG: _dockerConfig, ...env } = process.env;
    const runner = { ...processHost(), home, env: { ...env, HOME: home, PATH: `${bin}:${process.env["PATH"] ?? ""}` } };
    const standalone = await locateBuildx(hostBuildx(runner), { wanted: "", log: () => undefined });
    assert.deepEqual([standalone.file, standalone.prefix], ["buildx", []]);
  });

  it("says which release is missing", async () => {
    await assert.rejects(installBuildx("v1.0.0", url, processHost()), /buildx-version: v1\.0\.0 could not be downloaded from http:\/\/127\.0\.0\.1:\d+\/v1\.0\.0\/checksums\.txt \(Unexpected HTTP response: 404\)/);
  });
});
