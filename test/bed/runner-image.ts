// The GitLab runner image, built from gitlab/image/Dockerfile on the test bed's Docker engine.
// Nothing can be pulled here, so its base images are made first under the names the Dockerfile
// uses, from what the test bed has: a debootstrapped Debian with Node 24 and the user `node`
// (node:24-bookworm-slim), the Docker CLI (docker:28-cli), buildx (docker/buildx-bin), and the
// pinned buildkitd, buildctl, rootlesskit and runc (moby/buildkit:v0.34.2-rootless).
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { BOOKWORM, rootfsTarball } from "./base-image.js";
import type { DockerEngine } from "./docker.js";
import { nodeBinaries, REPO } from "./runner.js";

function tools(): string {
  return process.env["RBK_TOOLS"] ?? join(homedir(), ".cache", "remote-buildkit", "tools");
}

/** Kept in step with scripts/testbed-install.sh and gitlab/image/Dockerfile. */
const VERSIONS = { buildkit: "v0.34.2", buildx: "v0.38.2", rootlesskit: "v3.2.0" } as const;

async function localImage(engine: DockerEngine, dir: string, tag: string, dockerfile: string, files: Readonly<Record<string, string>>): Promise<void> {
  const context = join(dir, tag.replace(/[^a-z0-9]+/g, "-"));
  await mkdir(context, { recursive: true });
  for (const [name, source] of Object.entries(files)) await copyFile(source, join(context, name));
  await writeFile(join(context, "Dockerfile"), dockerfile);
  await engine.docker(["build", "--network", "host", "--tag", tag, context]);
}

/** Makes the base images, then builds the runner image; returns its tag. */
export async function buildRunnerImage(engine: DockerEngine, dir: string, log: (line: string) => void): Promise<string> {
  const rootfs = await rootfsTarball(BOOKWORM, log);
  await engine.docker(["import", rootfs, "rbk-base/bookworm:local"]);
  const node24 = nodeBinaries()["node24"] ?? "";
  await localImage(engine, dir, "node:24-bookworm-slim",
    "FROM rbk-base/bookworm:local\nCOPY node /usr/local/bin/node\nRUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node\n", { node: node24 });
  await localImage(engine, dir, "docker:28-cli", "FROM scratch\nCOPY docker /usr/local/bin/docker\n", { docker: "/usr/local/bin/docker" });
  await localImage(engine, dir, `docker/buildx-bin:${VERSIONS.buildx.slice(1)}`, "FROM scratch\nCOPY buildx /buildx\n",
    { buildx: join(tools(), `buildx-${VERSIONS.buildx}`, "buildx") });
  const buildkit = join(tools(), `buildkit-${VERSIONS.buildkit}`);
  await localImage(engine, dir, `moby/buildkit:${VERSIONS.buildkit}-rootless`,
    "FROM scratch\nCOPY buildkitd buildctl rootlesskit buildkit-runc /usr/bin/\n", {
      buildkitd: join(buildkit, "buildkitd"),
      buildctl: join(buildkit, "buildctl"),
      rootlesskit: join(tools(), `rootlesskit-${VERSIONS.rootlesskit}`, "rootlesskit"),
      // Debian's runc, which BuildKit's image replaces with its own static build.
      "buildkit-runc": "/usr/sbin/runc",
    });
  const tag = "rbk/gitlab-runner:test";
  log("building gitlab/image/Dockerfile");
  // Host networking: the engine has no bridge, and the Dockerfile's apt-get reaches Debian's mirror.
  await engine.docker(["build", "--network", "host", "--file", join(REPO, "gitlab", "image", "Dockerfile"), "--tag", tag, REPO]);
  return tag;
}

