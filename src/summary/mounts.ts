import type { Carried, MountPlan, RestoreFacts, SaveFacts } from "../cachemounts/keep.js";
import { describeFigures } from "../cachemounts/payoff.js";
import type { StepReport } from "../progress/analysis.js";
import { seconds } from "./format.js";

/** What a step of the copy into or out of the builder (dockerfiles.ts) does, in a few words. */
export function copyStepLabel(name: string): string {
  const tar = /tar (?:--numeric-owner )?-([xc])f \S+ -C [\\"']*([^\\"'\s]+)/.exec(name);
  if (tar) return `${tar[1] === "x" ? "unpacking into" : "packing"} ${tar[2]}`;
  const from = /\] FROM (\S+?)(@sha256:\w+)?$/.exec(name);
  if (from) return `pulling ${from[1]}`;
  if (/\[context restored\] load from client/.test(name)) return "sending the archives";
  if (/COPY --from=mount\d+ \/rbk-out\//.test(name)) return "collecting the archives";
  if (/^exporting to client/.test(name)) return "sending them to the runner";
  return name.length > 50 ? `${name.slice(0, 49)}…` : name;
}

/** The slowest steps of a copy into or out of the builder, for the log: what to make cheaper next. */
export function slowestCopySteps(steps: readonly StepReport[]): string {
  const slow = [...steps].filter((s) => s.durationMs >= 100).sort((a, b) => b.durationMs - a.durationMs).slice(0, 3);
  return slow.length === 0 ? "" : ` (slowest: ${slow.map((s) => `${copyStepLabel(s.name)} ${seconds(s.durationMs)}`).join(", ")})`;
}

/** How a copy went, for its log line: streamed through the builder's container, or why it was not. */
function wayNote(facts: { readonly via: "stream" | "session"; readonly streamError?: string }): string {
  if (facts.streamError !== undefined) return ` through buildx, since the stream through the builder's container failed (${facts.streamError})`;
  return facts.via === "stream" ? " streamed through its container" : "";
}

/** The log line for a restore: what was copied in, from which entry, and where its time went. */
export function restoreLine(facts: RestoreFacts): string {
  if (!facts.ok) return `Could not restore the cache mounts: ${facts.error}`;
  const { fetched } = facts;
  return `Restored ${facts.copied.map((m) => m.target).join(", ")} from the cache entry ${fetched.entry}: ${seconds(fetched.ms)} from the CI's cache, ${seconds(facts.copyMs)} into the builder${wayNote(facts)}${slowestCopySteps(facts.steps)}`;
}

/** The log line for a save: what was copied out, under which key, and where its time went. */
export function saveLine(plan: MountPlan, facts: SaveFacts): string {
  if (!facts.ok) return `Could not save the cache mounts: ${facts.error}`;
  const what = facts.saved.length > 0 ? facts.saved.map((m) => m.target).join(", ") : "the figures of the skipped mounts";
  return `Saved ${what} as the cache entry ${facts.key}: ${seconds(facts.copyMs)} out of the builder${wayNote(facts)}, ${seconds(facts.storeMs)} to the CI's cache${slowestCopySteps(facts.steps)}`;
}

function targetOf(plan: MountPlan, id: string): string {
  return plan.mounts.find((m) => m.id === id)?.target ?? id;
}

/** How the mounts are copied on the fallback's own docker-container builder. */
export function toolsLine(found: boolean): string {
  return found
    ? "The cache mounts are copied with the BuildKit container's own busybox: no image is pulled for them"
    : "The BuildKit container has no usable /bin/busybox: the cache mounts are copied with the sh and tar of their stages' images";
}

/** The stages' images unpacked alongside the restore, for the log: how long, or why not. */
export function unpackLine(images: readonly string[], ms: number, error: string | undefined): string {
  return error === undefined ? `Unpacked ${images.join(", ")} into the builder alongside the copy, for the build: ${seconds(ms)}`
    : `Could not unpack ${images.join(", ")} ahead of the build (the build unpacks what it needs): ${error}`;
}

/** A mount left out by the skip rule, for the log. */
export function skippedLine(plan: MountPlan, id: string, why: string): string {
  return `Not carrying ${targetOf(plan, id)}: ${why}`;
}

/** Each mount's figures, as saved with the entry, for the log. */
export function figuresLines(plan: MountPlan, facts: SaveFacts): string[] {
  return facts.ok ? facts.figures.map((f) => `  ${targetOf(plan, f.id)}: ${describeFigures(f)}`) : [];
}

/** The summary's word on mounts left out because they did not pay. */
export function skippedAdvice(plan: MountPlan, carried: Carried): string[] {
  return [...carried.skipped].map(([id, why]) => `Cache mount ${targetOf(plan, id)} was not carried: ${why}. It is tried again once its steps, run on an empty mount, show it would pay.`);
}
