import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bootBuilder, createContainerBuilder, type BuildxEnv } from "./builder.js";
import type { BuildxCommand } from "./locate.js";
import { chooseBuildkitdConfig, containerBuilderArgs } from "./container.js";

/** A docker-container builder pulls BuildKit's image on its first boot. */
const CONTAINER_BOOT_MS = 180_000;

export interface LocalBuilder {
  readonly name: string;
  readonly where: BuildxEnv;
  readonly buildkitVersion: string;
  /** Made by this job, so removed by it; a builder of the runner's is left alone. */
  readonly owned: boolean;
}

export interface FallbackBuilderSpec {
  /** A builder of the runner's to use; empty to make a docker-container builder named newName. */
  readonly named: string;
  readonly newName: string;
  readonly driverOpts: readonly string[];
  /** fallback-buildkitd-config-inline. */
  readonly inlineConfig: string;
  /** The runner's own buildx configuration, whose buildkitd.default.toml the builder gets. */
  readonly runnersBuildxConfig: string;
  /** A private directory of the job's for the configuration file. */
  readonly workDir: string;
  readonly log: (message: string) => void;
}

/**
 * The fallback builder: one the runner already has (in the runner's own buildx configuration),
 * or a new docker-container builder in the job's, as docker/setup-buildx-action makes.
 */
export async function startFallbackBuilder(buildx: BuildxCommand, jobWhere: BuildxEnv, spec: FallbackBuilderSpec): Promise<LocalBuilder> {
  if (spec.named !== "") {
    const runners: BuildxEnv = jobWhere.dockerConfig ? { dockerConfig: jobWhere.dockerConfig } : {};
    const [node] = await bootBuilder(buildx, runners, spec.named, CONTAINER_BOOT_MS);
    return { name: spec.named, where: runners, buildkitVersion: node?.buildkitVersion ?? "", owned: false };
  }
  const config = chooseBuildkitdConfig(spec.inlineConfig, spec.runnersBuildxConfig, join(spec.workDir, "buildkitd.toml"));
  if (config.from === "input") await writeFile(config.file, config.inline, { mode: 0o600 });
  if (config.from !== "none") {
    spec.log(`BuildKit configuration: ${config.from === "input" ? "fallback-buildkitd-config-inline" : `the runner's ${config.file}`}`);
  }
  const args = containerBuilderArgs(spec.newName, { driverOpts: spec.driverOpts, configFile: config.from === "none" ? "" : config.file });
  if (spec.driverOpts.length > 0) spec.log(`Driver options: ${spec.driverOpts.join(", ")}`);
  await createContainerBuilder(buildx, jobWhere, args);
  const [node] = await bootBuilder(buildx, jobWhere, spec.newName, CONTAINER_BOOT_MS);
  return { name: spec.newName, where: jobWhere, buildkitVersion: node?.buildkitVersion ?? "", owned: true };
}
