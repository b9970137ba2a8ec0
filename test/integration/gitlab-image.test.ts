import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { startDocker, type DockerEngine } from "../bed/docker.js";
import { cacheMountDockerfile, pushShellBase } from "../bed/fixture.js";
import { templateJob } from "../bed/gitlab-job.js";
import { manifestDigest, readImageFile } from "../bed/registry.js";
import { parseFileCommands } from "../bed/runner.js";
import { buildRunnerImage } from "../bed/runner-image.js";

const run = promisify(execFile);

/** Docker's default capability set, the bounding set of an unprivileged container: no CAP_SYS_ADMIN. */
const DEFAULT_CAPS = "00000000a80425fb";

/**
 * The runner image built from gitlab/image/Dockerfile on a real Docker engine, and the template's
 * job run inside it as GitLab's Docker executor runs it: `script` in one container, `after_script`
 * in a second, sharing only the builds directory; as the image's user, never privileged.
 */
describe("the GitLab runner image, built and running the component's job", () => {
  let dir: string;
  let bed: Bed;
  let engine: DockerEngine;
  let image: string;
  let base: string;
  before(async () => {
    bed = await startBed();
    base = await pushShellBase(bed.dir, bed.daemon.socket, bed.registry.host);
    // Short: the engine's sockets live below it.
    dir = await mkdtemp("/tmp/rbk-gi-");
    engine = await startDocker(join(dir, "engine"));
    image = await buildRunnerImage(engine, join(dir, "images"), () => undefined);
  });
  after(async () => {
    await engine?.stop();
    await bed?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  interface ContainerJob {
    readonly script: { code: number; output: string };
    readonly afterScript: { code: number; output: string };
    readonly projectDir: string;
  }

  /** Runs the template's job in the image: unprivileged, with only the options given (GitLab's rootless BuildKit settings, or none). */
  async function jobInImage(name: string, inputs: Record<string, string>, securityOpts: readonly string[], extraEnv: Record<string, string> = {}, capAdd: readonly string[] = []): Promise<ContainerJob> {
    const builds = join(dir, name);
    const projectDir = join(builds, "acme", "app");
    await mkdir(projectDir, { recursive: true });
    await writeFile(join(projectDir, "Dockerfile"), cacheMountDockerfile(base));
    await writeFile(join(builds, "buildkitd.toml"), `[registry."${bed.registry.host}"]\n  http = true\n  insecure = true\n`);
    // The runner's helper makes the builds directory writable for the job's user.
    await run("chmod", ["-R", "a+rwX", builds]);
    const job = await templateJob(inputs);
    const env: Record<string, string> = {
      GITLAB_CI: "true", CI: "true", CI_JOB_ID: String(Math.floor(Math.random() * 1e9)), CI_PROJECT_DIR: "/builds/acme/app",
      CI_BUILDS_DIR: "/builds", CI_PROJECT_PATH: "acme/app", CI_REGISTRY: bed.registry.host, CI_REGISTRY_IMAGE: `${bed.registry.host}/acme/app`,
      CI_REGISTRY_USER: "gitlab-ci-token", CI_REGISTRY_PASSWORD: "job-token", ...extraEnv, ...job.variables,
    };
    const container = async (lines: readonly string[]): Promise<{ code: number; output: string }> => {
      const args = ["run", "--rm", "--network", "host", ...securityOpts.flatMap((o) => ["--security-opt", o]), ...capAdd.flatMap((c) => ["--cap-add", c]),
        "-v", `${builds}:/builds`, "-w", "/builds/acme/app", ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
        image, "sh", "-e", "-c", ["grep CapBnd /proc/self/status; id -u", ...lines].join("\n")];
      return run("docker", args, { env: { ...process.env, ...engine.env }, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 })
        .then((r) => ({ code: 0, output: r.stdout + r.stderr }), (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? 1, output: `${err.stdout ?? ""}${err.stderr ?? ""}` }));
    };
    const script = await container(job.script);
    const afterScript = await container(job.afterScript);
    return { script, afterScript, projectDir };
  }

  it("builds the image from gitlab/image/Dockerfile, with the entry, buildkitd v0.34.2, rootlesskit and a user of its own", async () => {
    const out = await engine.docker(["run", "--rm", image, "sh", "-c", "id -u; node --version; buildkitd --version; rootlesskit --version; docker buildx version; ls /opt/remote-buildkit; command -v newuidmap; grep node /etc/subuid"]);
    const lines = out.split("\n");
    assert.equal(lines[0], "1000");
    assert.match(out, /^v24\./m);
    assert.match(out, /buildkitd github\.com\/moby\/buildkit v0\.34\.2/);
    assert.match(out, /rootlesskit version 3\.2\.0/i);
    assert.match(out, /github\.com\/docker\/buildx v0\.38\.2/);
    assert.match(out, /^action\.yml\ndist\npackage\.json$/m);
    assert.match(out, /newuidmap/);
    assert.match(out, /^node:100000:65536$/m);
  });

  it("runs the job's remote build inside the image, unprivileged, and reports the registry's digest", async () => {
    const job = await jobInImage("remote", { ...bed.connection(), tags: `${bed.registry.host}/acme/app:in-image`, push: "true" }, []);
    assert.equal(job.script.code, 0, job.script.output);
    assert.match(job.script.output, new RegExp(`^CapBnd:\\s+${DEFAULT_CAPS}\\n1000$`, "m"), "an unprivileged container, as the image's user");
    const report = parseFileCommands(await readFile(join(job.projectDir, "remote-buildkit.env"), "utf8"));
    assert.equal(report["REMOTE_BUILDKIT_DIGEST"], await manifestDigest(bed.registry.host, "acme/app", "in-image"));
    assert.equal(job.afterScript.code, 0, job.afterScript.output);
  });

  it("falls back to rootless buildkitd inside the job, in a container that is not privileged (seccomp and AppArmor unconfined, as GitLab's docs ask)", async (t) => {
    const fallback = (name: string, runId: string, securityOpts: readonly string[], capAdd: readonly string[]): Promise<ContainerJob> =>
      jobInImage(name, { tags: `${bed.registry.host}/acme/app:${name}`, push: "true", "build-args": `RUN_ID=${runId}` },
        securityOpts, { BUILDKITD_FLAGS: "--config /builds/buildkitd.toml" }, capAdd);
    const proveBuilt = async (job: ContainerJob, name: string, runId: string, caps: string): Promise<void> => {
      assert.match(job.script.output, new RegExp(`^CapBnd:\\s+${caps}\\n1000$`, "m"), "not privileged, as the image's user");
      assert.match(job.script.output, /Starting buildkitd inside the job \(rootless, through rootlesskit; no Docker daemon\)/);
      assert.equal(job.script.code, 0, job.script.output);
      assert.equal((await readImageFile(bed.registry.host, "acme/app", name, "runs-seen")).trim(), runId);
      await manifestDigest(bed.registry.host, "acme/app/cache", "acme-app-dockerfile");
      assert.match(job.script.output, /Stopped the job's buildkitd/);
      assert.equal(job.afterScript.code, 0, job.afterScript.output);
    };
    const gitlabSettings = ["seccomp=unconfined", "apparmor=unconfined"];
    const job = await fallback("rootless", "rootless", gitlabSettings, []);
    if (job.script.code === 0) {
      await proveBuilt(job, "rootless", "rootless", DEFAULT_CAPS);
      return;
    }
    // This machine's kernel refuses what a stock Linux host allows: newuidmap (setuid root, Debian's
    // shadow 4.13) may not write a uid_map with the subordinate ids unless the container also has
    // CAP_SYS_ADMIN; a privileged container, or root, can. The job fails fast and says so.
    assert.match(job.script.output, /the fallback builder did not start: buildkitd exited as it started: \[rootlesskit:parent\] error: failed to setup UID\/GID map: newuidmap \d+ \[0 1000 1 1 100000 65536\] failed: newuidmap: write to uid_map failed: Operation not permitted/);
    assert.match(job.script.output, new RegExp(`^CapBnd:\\s+${DEFAULT_CAPS}\\n1000$`, "m"));
    assert.equal(job.afterScript.code, 0, job.afterScript.output);
    t.diagnostic("rootless BuildKit cannot start here with GitLab's settings alone: newuidmap's write to uid_map is refused (EPERM) without CAP_SYS_ADMIN; proving the rest with that one capability added, still not privileged");
    // CAP_SYS_ADMIN is bit 21.
    const withSysAdmin = (BigInt(`0x${DEFAULT_CAPS}`) | (1n << 21n)).toString(16).padStart(16, "0");
    await proveBuilt(await fallback("rootless-sysadmin", "rootless-sysadmin", gitlabSettings, ["SYS_ADMIN"]), "rootless-sysadmin", "rootless-sysadmin", withSysAdmin);
  });
});
