import type { BuildxEnv } from "../buildx/builder.js";
import type { BuildxCommand } from "../buildx/locate.js";
import type { Carried, MountPlan } from "../cachemounts/keep.js";
import type { Workspace } from "../files/workspace.js";
import type { Inputs } from "../inputs/inputs.js";
import type { Manifest } from "../inputs/manifest.js";
import type { CacheStore, Platform } from "../platform/port.js";
import type { BuildReport } from "../summary/render.js";
import type { BuildTarget } from "./build.js";

/** What the main step is given by its entry point. */
export interface MainContext {
  readonly platform: Platform;
  readonly manifest: Manifest;
  /** Aborted when the job is cancelled. */
  readonly signal: AbortSignal;
  readonly now: () => Date;
  readonly env: NodeJS.ProcessEnv;
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What one run of the main step needs along the way. */
export interface Job {
  /** Cache mounts carried through the CI's cache, once a fallback builder runs. */
  mounts: { readonly plan: MountPlan; readonly store: CacheStore; readonly target: BuildTarget; readonly tools: string | undefined; readonly carried: Carried } | undefined;
  readonly ctx: MainContext;
  readonly inputs: Inputs;
  readonly ws: Workspace;
  readonly where: BuildxEnv;
  readonly buildx: BuildxCommand;
  readonly report: Mutable<BuildReport>;
  /** Builders made in the job's buildx configuration, removed at the end. */
  readonly owned: string[];
}
