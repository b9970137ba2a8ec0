import type { BuildxEnv } from "../buildx/builder.js";
import type { BuildxCommand, BuildxSource } from "../buildx/locate.js";
import type { Workspace } from "../files/workspace.js";
import type { Inputs } from "../inputs/inputs.js";
import type { Manifest } from "../inputs/manifest.js";
import type { Clock, Host } from "../process/host.js";
import type { Platform } from "./port.js";

/** What the main step is given by its entry point: everything it reads from outside. */
export interface MainContext {
  readonly platform: Platform;
  readonly manifest: Manifest;
  /** Aborted when the job is cancelled. */
  readonly signal: AbortSignal;
  readonly now: Clock;
  readonly host: Host;
  /** Where buildx comes from: the runner's own, or a release installed when needed. */
  readonly buildx: BuildxSource;
}

/** What the post step is given by its entry point. */
export interface PostContext {
  readonly platform: Platform;
  readonly host: Host;
}

/** What one run of the main step has settled before it connects: read by every step, written by none. */
export interface Job {
  readonly ctx: MainContext;
  readonly inputs: Inputs;
  readonly ws: Workspace;
  readonly where: BuildxEnv;
  /** Waits for buildx: found while the daemons are checked, awaited by the first step that runs it. */
  readonly buildx: () => Promise<BuildxCommand>;
}

/** The docker CLI's environment for the engine the job's builders run on: the job's Docker config when it has one (logins). */
export function dockerCliEnv(job: Job): NodeJS.ProcessEnv {
  return { ...job.ctx.host.env, ...(job.where.dockerConfig ? { DOCKER_CONFIG: job.where.dockerConfig } : {}) };
}
