import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { runCommand } from "../process/spawn.js";
import { elfNeeds } from "./elf.js";

/** Where loaders look for libraries: musl's order, then glibc's multiarch directories. */
const LIBRARY_DIRS = ["/lib", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64"];

/** The builder's own BuildKit container, and the busybox copied out of it. */
export interface ContainerTools {
  /** The root filesystem with the busybox, sent to copies as the named context `tools`. */
  readonly dir: string;
  readonly container: string;
  /** The environment `docker` runs with for this builder's engine (DOCKER_HOST, DOCKER_CONFIG). */
  readonly env: NodeJS.ProcessEnv;
  /** Whether copies stream through the container (stream.ts); false once a stream failed in this job, since the next would too. */
  readonly stream: boolean;
}

/**
 * A root filesystem with just a busybox (sh, tar, mkdir) and what it needs to start, copied out of
 * the builder's own BuildKit container (moby/buildkit is Alpine: busybox and musl; about 1.5 MB).
 * It is at hand wherever the builder runs, so the cache mounts are copied without pulling the
 * stage's image. Undefined when the container has no usable busybox.
 */
export async function toolsFromContainer(container: string, dir: string, env: NodeJS.ProcessEnv): Promise<ContainerTools | undefined> {
  const copy = async (path: string): Promise<boolean> => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    const result = await runCommand("docker", ["cp", "-L", `${container}:${path}`, join(dir, path)], { env, timeoutMs: 30_000 }).catch(() => undefined);
    return result?.code === 0;
  };
  if (!(await copy("/bin/busybox"))) return undefined;
  const needs = elfNeeds(await readFile(join(dir, "bin", "busybox")));
  if (!needs) return undefined;
  if (needs.interpreter && !(await copy(needs.interpreter))) return undefined;
  for (const library of needs.needed) {
    if (needs.interpreter.endsWith(`/${library}`)) continue;
    let found = false;
    for (const libDir of LIBRARY_DIRS) {
      if ((found = await copy(`${libDir}/${library}`))) break;
    }
    if (!found) return undefined;
  }
  return { dir, container, env, stream: true };
}

