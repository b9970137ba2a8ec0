import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { DEFAULT_BUILDKIT_IMAGE, startDocker, type DockerEngine } from "../bed/docker.js";

const run = promisify(execFile);

/**
 * The test bed's Docker engine: buildx's docker-container driver, the builder
 * docker/setup-buildx-action makes and the fallback's default, boots on it with the locally made
 * BuildKit image under its default name, and builds with RUN steps.
 */
describe("the test bed's Docker engine and buildx's docker-container driver", () => {
  let dir: string;
  let docker: DockerEngine;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    // Short: the engine's unix sockets live below it.
    dir = await mkdtemp("/tmp/rbk-dk-");
    docker = await startDocker(join(dir, "engine"));
    await mkdir(join(dir, "buildx"));
    env = { ...process.env, ...docker.env, BUILDX_CONFIG: join(dir, "buildx") };
  });
  after(async () => {
    await run("docker", ["buildx", "rm", "--force", "bed-check"], { env }).catch(() => undefined);
    await docker.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("boots a docker-container builder with no image option, builds a RUN step and loads the image", async () => {
    await run("docker", ["buildx", "create", "--name", "bed-check", "--driver", "docker-container"], { env });
    const inspect = await run("docker", ["buildx", "inspect", "--bootstrap", "--builder", "bed-check"], { env, timeout: 120_000 });
    assert.match(inspect.stdout, /Status:\s+running/);
    assert.match(inspect.stdout, /BuildKit version:\s+v0\.34\.2/, "the locally made image runs the pinned buildkitd");
    const containers = await docker.containers();
    assert.deepEqual(containers, ["buildx_buildkit_bed-check0"]);
    const image = await docker.docker(["inspect", "--format", "{{.Config.Image}}", "buildx_buildkit_bed-check0"]);
    assert.equal(image, DEFAULT_BUILDKIT_IMAGE);

    const context = join(dir, "context");
    await mkdir(context);
    await run("cp", ["/bin/busybox", join(context, "busybox")]);
    await writeFile(join(context, "Dockerfile"), [
      "FROM scratch",
      "COPY busybox /bin/busybox",
      'RUN ["/bin/busybox", "sh", "-c", "/bin/busybox id -u > /built-by && /bin/busybox cat /proc/self/status | /bin/busybox grep -c CapEff >> /built-by"]',
      "",
    ].join("\n"));
    const build = await run("docker", ["buildx", "build", "--builder", "bed-check", "--progress=plain", "--load", "--tag", "bed/check:1", context],
      { env, timeout: 180_000 });
    assert.match(build.stderr, /RUN \["\/bin\/busybox", "sh"/);
    const out = await docker.docker(["run", "--rm", "--entrypoint", "/bin/busybox", "bed/check:1", "cat", "/built-by"]);
    assert.equal(out, "0\n1", "the RUN step ran as root inside the builder's container");

    await run("docker", ["buildx", "rm", "bed-check"], { env });
    assert.deepEqual(await docker.containers(), [], "buildx rm removed the builder's container");
  });
});
