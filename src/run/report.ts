import { errorMessage } from "../errors.js";
import type { BuilderHealth } from "../health/assess.js";
import type { Comparison } from "../health/compare.js";
import type { Inputs } from "../inputs/inputs.js";
import { adviseOn } from "../summary/advice.js";
import { skippedAdvice } from "../summary/mounts.js";
import type { BuildReport } from "../summary/render.js";
import { BuildFailedError, type BuildOutcome } from "./build.js";
import type { Connection } from "./connect.js";
import type { FellBack } from "./fallback.js";
import { describeStateStore } from "../policy/builder-state.js";
import type { CarriedMounts } from "./mounts.js";

/** What the steps of one main step returned: all that its report is made of. */
export interface StepFacts {
  readonly inputs: Pick<Inputs, "remote" | "tags" | "push" | "load">;
  /** Undefined when the step ended before it tried to connect. */
  readonly connection: Connection | undefined;
  /** The fallback builder the build started on, when the remote could not be used. */
  readonly fellBack: FellBack | undefined;
  /** The fallback builder the build ran again on, when the remote daemon was lost during the build. */
  readonly rebuiltOn: FellBack | undefined;
  readonly built: BuildOutcome | undefined;
  /** The cache mounts copied into the fallback builder; undefined when none were. */
  readonly mounts: CarriedMounts | undefined;
  /** A first build without the cache mounts, stopped to copy them in; 0 when none was stopped. */
  readonly stoppedBuildMs: number;
  /** Waiting, after the build, for the cache mounts' save; 0 when none was saved, or it ended within the export. */
  readonly saveMountsMs: number;
  /** Removing the builders the job made; 0 when it made none. */
  readonly removeMs: number;
  /** What the step failed with, if it did. */
  readonly failure: { readonly error: unknown } | undefined;
  readonly totalMs: number;
  /** The remote daemon's health, read during the build; undefined on a fallback builder. */
  readonly health: BuilderHealth | undefined;
  /** This build compared with the project's last one on the daemon; undefined on a fallback builder. */
  readonly comparison: Comparison | undefined;
}

type BuilderFacts = Pick<BuildReport, "mode" | "fallbackReason" | "builder" | "builderAddress" | "buildkitVersion" | "routing" | "builderState">;

/** Which builder ran the build, as the summary and the outputs tell it. */
export function builderFacts(facts: Pick<StepFacts, "inputs" | "connection" | "fellBack" | "rebuiltOn">): BuilderFacts {
  const remote = facts.connection?.ok ? facts.connection.builder : undefined;
  const routing = remote?.routing ?? [];
  const fallback = facts.rebuiltOn ?? facts.fellBack;
  if (fallback) {
    return {
      mode: "fallback", fallbackReason: fallback.reason, builder: fallback.target.name, builderAddress: fallback.target.name, buildkitVersion: fallback.buildkitVersion, routing,
      builderState: fallback.state ? describeStateStore(fallback.state) : "",
    };
  }
  if (remote) return { mode: "remote", fallbackReason: "", builder: remote.name, builderAddress: remote.endpoint, buildkitVersion: remote.buildkitVersion, routing, builderState: "" };
  return { mode: "remote", fallbackReason: "", builder: "", builderAddress: facts.inputs.remote?.endpoints[0]?.url ?? "", buildkitVersion: "", routing, builderState: "" };
}

/** The report of one main step, made from what its steps returned. Pure. */
export function makeReport(facts: StepFacts): BuildReport {
  const { connection, fellBack, built } = facts;
  const failedBuild = facts.failure?.error instanceof BuildFailedError ? facts.failure.error : undefined;
  // Connecting counts up to the builder the build started on: the remote one, or the fallback that replaced it.
  const firstReady = connection !== undefined && (connection.ok || fellBack !== undefined);
  const { mounts } = facts;
  return {
    // A build whose step failed afterwards (its outputs could not be written) did not succeed as a step.
    outcome: built && !facts.failure ? "succeeded" : failedBuild?.cancelled ? "cancelled" : "failed",
    ...builderFacts(facts),
    tags: facts.inputs.tags,
    pushed: facts.inputs.push,
    digest: built?.result.digest ?? "",
    connectMs: firstReady ? connection.ms + (fellBack?.startMs ?? 0) : 0,
    stoppedBuildMs: facts.stoppedBuildMs,
    restoreMountsMs: mounts?.restoreMs ?? 0,
    unpackWaitMs: mounts?.unpackWaitMs ?? 0,
    buildMs: built?.result.durationMs ?? 0,
    saveMountsMs: facts.saveMountsMs,
    removeMs: facts.removeMs,
    totalMs: facts.totalMs,
    analysis: built?.analysis ?? failedBuild?.analysis,
    advice: [...(built ? adviseOn(built.analysis, { load: facts.inputs.load }) : []), ...(mounts ? skippedAdvice(mounts.plan, mounts.carried) : [])],
    error: facts.failure ? errorMessage(facts.failure.error) : "",
    health: facts.health,
    comparison: facts.comparison,
    record: built?.record ?? failedBuild?.record ?? "",
  };
}
