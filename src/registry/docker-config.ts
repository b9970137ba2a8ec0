import { existsSync } from "node:fs";
import { mkdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { writePrivateFile } from "../files/workspace.js";
import type { Host } from "../process/host.js";
import { dockerConfigWithLogins, type RegistryLogin } from "./auth.js";

/**
 * Writes a job-private Docker config (DOCKER_CONFIG) holding the logins, on top of the user's own
 * config, so that no password reaches a command line or the user's home. Its cli-plugins and
 * contexts folders point at the user's, so that `docker buildx` is still found and the config's
 * current context (a rootless engine's, say) still names the same Docker engine.
 */
export async function writeDockerConfig(dir: string, logins: readonly RegistryLogin[], host: Pick<Host, "env" | "home">): Promise<void> {
  const original = host.env["DOCKER_CONFIG"] || join(host.home, ".docker");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await readFile(join(original, "config.json"), "utf8").catch(() => "");
  await writePrivateFile(join(dir, "config.json"), dockerConfigWithLogins(existing, logins));
  for (const shared of ["cli-plugins", "contexts"]) {
    if (existsSync(join(original, shared))) await symlink(join(original, shared), join(dir, shared));
  }
}
