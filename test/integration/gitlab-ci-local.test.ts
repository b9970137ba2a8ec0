import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GITLAB_CACHE_DIR } from "../../src/platform/gitlab-names.js";
import { GITLAB_TEMPLATE_PATH } from "../../tools/paths.js";
import { startBed, type Bed } from "../bed/bed.js";
import { base64 } from "../bed/certs.js";
import { cacheMountDockerfile, pushShellBase } from "../bed/fixture.js";
import { gitlabProject, runGitlabCiLocal, type PipelineRun } from "../bed/gitlab-ci-local.js";
import { running } from "../bed/processes.js";
import { manifestDigest, readImageFile } from "../bed/registry.js";
import { parseFileCommands, REPO } from "../bed/runner.js";

/**
 * A project's pipeline that includes the component, run by gitlab-ci-local (a third-party runner
 * of .gitlab-ci.yml) with its shell executor: the template's spec:inputs are checked and
 * interpolated by it, its job runs the entry from entry-dir (this checkout) as on a shell executor,
 * and its `cache:` is kept by it between jobs.
 */
describe("a pipeline that includes the component, run by gitlab-ci-local", () => {
  let bed: Bed;
  let projectDir: string;
  let image: string;
  let variables: Record<string, string>;

  before(async () => {
    bed = await startBed();
    const base = await pushShellBase(bed.dir, bed.daemon.socket, bed.registry.host);
    image = `${bed.registry.host}/acme/app`;
    const include = (inputs: Record<string, unknown>): Record<string, unknown> => ({ local: GITLAB_TEMPLATE_PATH, inputs: { "entry-dir": REPO, push: true, ...inputs } });
    projectDir = join(bed.dir, "app");
    await gitlabProject(projectDir, {
      stages: ["remote", "fallback"],
      include: [
        // Typed inputs (push: true, connect-timeout: 5) and the endpoint's regex are checked by gitlab-ci-local.
        include({ "job-name": "remote-build", stage: "remote", endpoint: bed.daemon.endpoint, "connect-timeout": 5, "ca-cert": "$BUILDKIT_CA", "client-cert": "$BUILDKIT_CERT", "client-key": "$BUILDKIT_KEY", tags: `${image}:remote`, "build-args": "RUN_ID=remote" }),
        // A fork's merge request: no certificates. No Docker daemon either: buildkitd starts in the
        // job. RUN_ID is a CI/CD variable, expanded when the job runs, and differs per pipeline.
        include({ "job-name": "fallback", stage: "fallback", tags: `${image}:fallback`, "build-args": "RUN_ID=$RUN_ID" }),
      ],
      // GitLab runs a job in its project directory; gitlab-ci-local names /builds/... for a job
      // with an image even with its shell executor, so each job says where it really runs: the
      // remote job in the project, the fallback job in gitlab-ci-local's isolated copy of it
      // (--shell-isolation), made afresh for each pipeline, into which only its cache travels.
      "remote-build": { variables: { CI_PROJECT_DIR: projectDir } },
      fallback: { variables: { CI_PROJECT_DIR: join(projectDir, ".gitlab-ci-local", "builds", "fallback") } },
    }, async (dir) => {
      await writeFile(join(dir, "Dockerfile"), cacheMountDockerfile(base));
      await writeFile(join(dir, "package-lock.json"), '{"lockfileVersion": 3}\n');
    });
    const config = join(bed.dir, "in-job-buildkitd.toml");
    await writeFile(config, `[registry."${bed.registry.host}"]\n  http = true\n  insecure = true\n`);
    variables = {
      CI_BUILDS_DIR: join(bed.dir, "builds"),
      CI_REGISTRY: bed.registry.host,
      CI_REGISTRY_IMAGE: image,
      CI_REGISTRY_USER: "gitlab-ci-token",
      CI_REGISTRY_PASSWORD: "job-token",
      BUILDKIT_CA: base64(bed.certs.ca.cert),
      BUILDKIT_CERT: base64(bed.certs.client.cert),
      BUILDKIT_KEY: base64(bed.certs.client.key),
      // The in-job buildkitd reaches the test bed's plain-HTTP registry (BuildKit's own config file).
      BUILDKITD_FLAGS: `--config ${config}`,
    };
  });
  after(async () => {
    await bed?.stop();
  });

  /** The job's environment has no Docker daemon: no DOCKER_HOST, and no socket at the default path on this machine. */
  function jobEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env["DOCKER_HOST"];
    return env;
  }

  function ok(run: PipelineRun): void {
    assert.equal(run.code, 0, `${run.command}\n${run.output}`);
  }

  it("builds remotely and hands the pushed digest to later jobs in the dotenv report", async () => {
    const run = await runGitlabCiLocal(projectDir, { jobs: ["remote-build"], variables, shellIsolation: false, env: jobEnv() });
    ok(run);
    const report = parseFileCommands(await readFile(join(projectDir, "remote-buildkit.env"), "utf8"));
    assert.equal(report["REMOTE_BUILDKIT_DIGEST"], await manifestDigest(bed.registry.host, "acme/app", "remote"));
    assert.equal(report["REMOTE_BUILDKIT_BUILDER_MODE"], "remote");
    assert.match(run.output, /Logged in to 127\.0\.0\.1:\d+ for this build/);
    assert.ok(!run.output.includes(variables["BUILDKIT_KEY"] ?? "-"), "the key's base64 leaked");
  });

  it("falls back to a buildkitd started in the job with no certificates and no Docker daemon, and a second job finds its cache mounts in GitLab's cache", async () => {
    assert.ok(!existsSync("/var/run/docker.sock"), "this test needs a machine without a Docker daemon at the default socket");
    const pipeline = (runId: string): Promise<PipelineRun> =>
      runGitlabCiLocal(projectDir, { jobs: ["fallback"], variables: { ...variables, RUN_ID: runId }, shellIsolation: true, env: jobEnv() });
    const first = await pipeline("one");
    ok(first);
    assert.match(first.output, /Building on the fallback builder \(no-credentials\)/);
    assert.match(first.output, /Starting buildkitd inside the job \(as root; no Docker daemon\)/);
    assert.match(first.output, new RegExp(`cache type=registry,ref=${image.replace(/\./g, "\\.")}/cache:acme-app-dockerfile,mode=max`));
    assert.match(first.output, /No saved cache mounts for \/root\/\.cache\/deps yet/);
    assert.match(first.output, /Saved \/root\/\.cache\/deps as the cache entry remote-buildkit-cache-mounts-/);
    assert.match(first.output, /The cache mounts are back in place for the CI's cache to keep/);
    assert.match(first.output, /Stopped the job's buildkitd/);
    assert.deepEqual((await readImageFile(bed.registry.host, "acme/app", "fallback", "runs-seen")).trim().split("\n"), ["one"]);
    await manifestDigest(bed.registry.host, "acme/app/cache", "acme-app-dockerfile");
    // gitlab-ci-local keeps the job's cache under its state directory, by the template's key.
    const cacheDir = join(projectDir, ".gitlab-ci-local", "cache", "remote-buildkit-mounts-fallback-main");
    assert.ok((await readdir(join(cacheDir, GITLAB_CACHE_DIR))).some((f) => f.endsWith(".tar")), "the packed cache mount is in GitLab's cache");

    // The next pipeline's job: a new copy of the project, a new buildkitd with an empty state.
    await rm(join(projectDir, ".gitlab-ci-local", "builds", "fallback"), { recursive: true, force: true });
    const second = await pipeline("two");
    ok(second);
    assert.match(second.output, /imported cache 'remote-buildkit-mounts-fallback-main'/);
    assert.match(second.output, /Restored \/root\/\.cache\/deps from the cache entry remote-buildkit-cache-mounts-/);
    assert.deepEqual((await readImageFile(bed.registry.host, "acme/app", "fallback", "runs-seen")).trim().split("\n"), ["one", "two"],
      "the second job's cache mount held what the first left there");
    assert.ok(!running("rbk-buildkitd-"), "a job's buildkitd is still running");
    assert.deepEqual((await readdir(tmpdir())).filter((d) => d.startsWith("rbk-buildkitd-")), [], "a job's buildkitd left its state behind");
  });
});
