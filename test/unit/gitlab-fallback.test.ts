import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { buildkitdFlags, chooseFallback, type FallbackFacts } from "../../src/policy/fallback-builder.js";
import { gitlabDirectoryCache } from "../../src/platform/gitlab-cache.js";

const gitlabImage: FallbackFacts = { inJobAllowed: true, named: "", docker: false, buildkitd: "/usr/bin/buildkitd", rootlesskit: "/usr/bin/rootlesskit", root: false };

describe("which fallback builder a job gets", () => {
  it("starts buildkitd in the GitLab job, rootless, when the job has no Docker daemon", () => {
    assert.deepEqual(chooseFallback(gitlabImage), { kind: "in-job", buildkitd: "/usr/bin/buildkitd", rootlesskit: "/usr/bin/rootlesskit" });
  });
  it("runs it as root, without rootlesskit, when the job is root", () => {
    assert.deepEqual(chooseFallback({ ...gitlabImage, root: true, rootlesskit: undefined }), { kind: "in-job", buildkitd: "/usr/bin/buildkitd", rootlesskit: undefined });
  });
  it("keeps the docker-container builder when the job has a Docker daemon (a dind service), or no buildkitd, or not rootlesskit as a user", () => {
    assert.deepEqual(chooseFallback({ ...gitlabImage, docker: true }), { kind: "docker-container" });
    assert.deepEqual(chooseFallback({ ...gitlabImage, buildkitd: undefined }), { kind: "docker-container" });
    assert.deepEqual(chooseFallback({ ...gitlabImage, rootlesskit: undefined }), { kind: "docker-container" });
  });
  it("never starts one on GitHub, whose runners have Docker; a named builder wins everywhere", () => {
    assert.deepEqual(chooseFallback({ ...gitlabImage, inJobAllowed: false }), { kind: "docker-container" });
    assert.deepEqual(chooseFallback({ ...gitlabImage, named: "mine" }), { kind: "named", name: "mine" });
  });
  it("takes BUILDKITD_FLAGS as buildctl-daemonless.sh does: split on whitespace", () => {
    assert.deepEqual(buildkitdFlags(" --oci-worker-no-process-sandbox\n --config /c.toml "), ["--oci-worker-no-process-sandbox", "--config", "/c.toml"]);
    assert.deepEqual(buildkitdFlags(undefined), []);
  });
});

describe("GitLab's cache for cache mounts: a directory the template's cache: keeps", () => {
  async function setup(): Promise<{ dir: string; cacheDir: string; held: string; pending: string; work: string }> {
    const dir = await mkdtemp(join(tmpdir(), "rbk-gl-cache-"));
    const tmp = join(dir, "tmp");
    return { dir, cacheDir: join(dir, "project", ".remote-buildkit-cache-mounts"), held: join(tmp, "held"), pending: join(tmp, "saved"), work: join(tmp, "mounts") };
  }

  it("restores nothing from an empty cache, and puts nothing back", async () => {
    const { dir, cacheDir, held, pending, work } = await setup();
    const cache = gitlabDirectoryCache(cacheDir, held, pending);
    await cache.hold();
    assert.equal(await cache.store.restore(work, "scope-lock-1", ["scope-lock-", "scope-"]), undefined);
    assert.equal(await cache.release(), false);
    await rm(dir, { recursive: true });
  });

  it("saves for the post step to put in place; restores by exact key or restore-key prefix, not across scopes, with the directory out of the project meanwhile", async () => {
    const { dir, cacheDir, held, pending, work } = await setup();
    const first = gitlabDirectoryCache(cacheDir, held, pending);
    await mkdir(work, { recursive: true });
    await writeFile(join(work, "mount-a.tar"), "contents");
    await first.store.save(work, "scope-lockA-run1");
    assert.equal(await first.release(), true);
    assert.deepEqual((await readdir(cacheDir)).sort(), ["mount-a.tar", "remote-buildkit-key"]);

    // The next job: GitLab restored the directory; the main step holds it out of the build context.
    const next = gitlabDirectoryCache(cacheDir, held, pending);
    await next.hold();
    assert.ok(!existsSync(cacheDir), "the cache directory is out of the project during the build");
    const r1 = join(dir, "r1");
    assert.equal(await next.store.restore(r1, "scope-lockA-run2", ["scope-lockA-", "scope-"]), "scope-lockA-run1");
    assert.equal(await readFile(join(r1, "mount-a.tar"), "utf8"), "contents");
    assert.deepEqual(await readdir(r1), ["mount-a.tar"], "the key file stays behind");
    assert.equal(await next.store.restore(join(dir, "r2"), "scope-lockB-run3", ["scope-lockB-", "scope-"]), "scope-lockA-run1", "a new lockfile starts from the last contents");
    assert.equal(await next.store.restore(join(dir, "r3"), "other-lockA-run3", ["other-lockA-", "other-"]), undefined);
    // Nothing saved (every step came from the layer cache): what was restored goes back for GitLab to keep.
    assert.equal(await next.release(), true);
    assert.deepEqual((await readdir(cacheDir)).sort(), ["mount-a.tar", "remote-buildkit-key"]);
    assert.equal(await readFile(join(cacheDir, "remote-buildkit-key"), "utf8"), "scope-lockA-run1\n");
    assert.equal(await next.release(), false, "a second release has nothing to put back");
    assert.deepEqual((await readdir(cacheDir)).sort(), ["mount-a.tar", "remote-buildkit-key"], "and leaves the directory as it is");
    await rm(dir, { recursive: true });
  });
});
