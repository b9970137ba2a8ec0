import { bootBuilder, createContainerBuilder, type BuildxEnv } from "./builder.js";
import type { BuildxCommand } from "./locate.js";

/** A docker-container builder pulls BuildKit's image on its first boot. */
const CONTAINER_BOOT_MS = 180_000;

export interface LocalBuilder {
  readonly name: string;
  readonly where: BuildxEnv;
  readonly buildkitVersion: string;
  /** Made by this job, so removed by it; a builder of the runner's is left alone. */
  readonly owned: boolean;
}

/**
 * The fallback builder: one the runner already has (in the runner's own buildx configuration),
 * or a new docker-container builder in the job's, as docker/setup-buildx-action makes.
 */
export async function startFallbackBuilder(buildx: BuildxCommand, jobWhere: BuildxEnv, named: string, newName: string): Promise<LocalBuilder> {
  if (named !== "") {
    const runners: BuildxEnv = jobWhere.dockerConfig ? { dockerConfig: jobWhere.dockerConfig } : {};
    const [node] = await bootBuilder(buildx, runners, named, CONTAINER_BOOT_MS);
    return { name: named, where: runners, buildkitVersion: node?.buildkitVersion ?? "", owned: false };
  }
  await createContainerBuilder(buildx, jobWhere, newName);
  const [node] = await bootBuilder(buildx, jobWhere, newName, CONTAINER_BOOT_MS);
  return { name: newName, where: jobWhere, buildkitVersion: node?.buildkitVersion ?? "", owned: true };
}
