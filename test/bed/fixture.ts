import { execFileSync } from "node:child_process";
import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO } from "./runner.js";

/** A fixture of test/fixtures as a build context, with Debian's static busybox as its only base. */
export async function fixtureContext(dir: string, name = "app"): Promise<string> {
  const context = join(dir, name);
  await mkdir(context, { recursive: true });
  await cp(join(REPO, "test", "fixtures", name), context, { recursive: true });
  await cp("/bin/busybox", join(context, "busybox"));
  return context;
}

/**
 * Pushes a small base image with a shell (Debian's static busybox) to the test bed's registry,
 * built by the daemon itself, and returns its reference: stages that run commands need one.
 */
export async function pushShellBase(dir: string, socket: string, registryHost: string): Promise<string> {
  const context = join(dir, "shell-base");
  await mkdir(context, { recursive: true });
  await cp("/bin/busybox", join(context, "busybox"));
  await writeFile(join(context, "Dockerfile"), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n');
  const ref = `${registryHost}/base/busybox:1`;
  execFileSync("buildctl", ["--addr", `unix://${socket}`, "build", "--frontend", "dockerfile.v0", "--local", `context=${context}`,
    "--local", `dockerfile=${context}`, "--output", `type=image,name=${ref},push=true,registry.insecure=true`], { stdio: "ignore" });
  return ref;
}

/**
 * A Dockerfile on `base` whose one RUN step appends the build argument RUN_ID to a cache mount and
 * copies the mount's list into the image as /runs-seen: what the mount held, run after run. It is
 * slow on an empty mount, as a dependency step is, so that a build holding the mounts back stops for it.
 */
export function cacheMountDockerfile(base: string): string {
  return [
    `FROM ${base}`,
    "ARG RUN_ID=unset",
    "RUN --mount=type=cache,id=deps-cache,target=/root/.cache/deps,uid=0 \\",
    "    if [ ! -f /root/.cache/deps/runs ]; then sleep 4; fi && echo \"$RUN_ID\" >> /root/.cache/deps/runs && cp /root/.cache/deps/runs /runs-seen",
    "",
  ].join("\n");
}
