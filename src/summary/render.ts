import { splitStage, type BuildAnalysis, type StepReport } from "../progress/analysis.js";
import type { BuilderHealth } from "../health/assess.js";
import type { Comparison } from "../health/compare.js";
import { seconds } from "./format.js";
import { comparisonText, healthLines, healthSection } from "./health.js";

/** What the summary tells of one run of the main step. */
export interface BuildReport {
  readonly outcome: "succeeded" | "failed" | "cancelled";
  readonly mode: "remote" | "fallback";
  /** The remote endpoint, or the fallback builder's name. */
  readonly builderAddress: string;
  /** With several endpoints: the candidates up to the chosen one, and why any were skipped. */
  readonly routing: readonly string[];
  /** Why the fallback builder ran; empty for a remote build. */
  readonly fallbackReason: string;
  /** Where a fallback builder of the job's kept its state (`in memory (a tmpfs of up to 12.0 GiB)`); empty for others. */
  readonly builderState: string;
  readonly builder: string;
  readonly buildkitVersion: string;
  readonly tags: readonly string[];
  readonly pushed: boolean;
  readonly digest: string;
  /** TLS pre-check, builder creation and boot. */
  readonly connectMs: number;
  /** Fetching the cache mounts from the CI's cache and copying them into a fallback builder; 0 when not carried. */
  readonly restoreMountsMs: number;
  /** A first build on a fallback builder, without the cache mounts, stopped when a step needed them; 0 when none was. */
  readonly stoppedBuildMs: number;
  /** Waiting, after the restore, for the stages' images unpacked beside it (new lockfiles); 0 when none were. */
  readonly unpackWaitMs: number;
  /** The buildx build alone; 0 when it did not run. */
  readonly buildMs: number;
  /** Waiting, after the build, for the cache mounts' copy out of a fallback builder and save in the CI's cache (begun beside the export); 0 when none was saved. */
  readonly saveMountsMs: number;
  /** Removing the builders the job made (their state volumes are deleted in the background). */
  readonly removeMs: number;
  /** The whole step. */
  readonly totalMs: number;
  readonly analysis: BuildAnalysis | undefined;
  readonly advice: readonly string[];
  readonly error: string;
  /** The remote daemon's disk, GC limits, recent builds and advisories; undefined when not read. */
  readonly health: BuilderHealth | undefined;
  /** This build compared with the project's last one on the same daemon; undefined when not compared. */
  readonly comparison: Comparison | undefined;
  /** Where the build's record (`.dockerbuild`) is kept; empty when it is not. */
  readonly record: string;
}

/** GitHub refuses a step summary over 1 MiB; stay well under it. */
export const SUMMARY_LIMIT_BYTES = 1_000_000;
const SLOWEST = 10;
const CHART_STEPS = 150;

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\s+/g, " ")}\``;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function headline(report: BuildReport): string[] {
  const a = report.analysis;
  const rows: Array<[string, string]> = [];
  if (report.tags.length > 0) rows.push(["Image", `${report.tags.map(code).join(", ")}${report.pushed && report.outcome === "succeeded" ? " (pushed)" : ""}`]);
  if (report.digest) rows.push(["Digest", code(report.digest)]);
  rows.push(["Builder", builderText(report, code)]);
  if (report.routing.length > 0) rows.push(["Routing", report.routing.map((r) => r.replace(/\|/g, "\\|")).join("<br>")]);
  rows.push(["Time", seconds(report.totalMs)]);
  if (report.comparison) rows.push(["Since the last build", comparisonText(report.comparison).map((l) => l.replace(/\|/g, "\\|")).join("<br>")]);
  if (a) rows.push(["Cache", `${a.cachedSteps} of ${a.buildSteps} steps cached (${percent(a.cachedSteps, a.buildSteps)})`]);
  if (report.record) rows.push(["Build record", `${report.record.replace(/\|/g, "\\|")} (open it in Docker Desktop)`]);
  return [`### remote-buildkit: build ${report.outcome}`, "", "| | |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

function builderText(report: BuildReport, quote: (text: string) => string): string {
  const version = report.buildkitVersion ? ` (BuildKit ${report.buildkitVersion})` : "";
  const state = report.builderState ? `; state ${report.builderState}` : "";
  if (report.mode === "fallback") return `fallback ${quote(report.builderAddress)}${version}, because: ${report.fallbackReason}${state}`;
  return `remote ${quote(report.builderAddress)}${version}${report.builder ? `, ${quote(report.builder)}` : ""}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${Math.round((100 * part) / whole)}%`;
}

function phases(report: BuildReport, a: BuildAnalysis): string[] {
  const rows: Array<[string, number]> = [
    ["Connect and boot the builder", report.connectMs],
    ...optionalRow("Build without the cache mounts, stopped when a step needed them", report.stoppedBuildMs),
    ...optionalRow("Restore the cache mounts (CI cache → builder)", report.restoreMountsMs),
    ...optionalRow("Unpack the stages' images, begun beside the restore", report.unpackWaitMs),
    ["Send the build context", a.phaseMs.context],
    ["Build steps (solve)", a.phaseMs.solve],
    ["Export and push", a.phaseMs.export],
    ...optionalRow("Save the cache mounts (builder → CI cache), begun beside the export", report.saveMountsMs),
    ...optionalRow("Remove the builder", report.removeMs),
  ];
  return ["#### Where the time went", "", "| phase | time |", "| --- | ---: |",
    ...rows.map(([k, ms]) => `| ${k} | ${seconds(ms)} |`), `| **Whole step** | **${seconds(report.totalMs)}** |`];
}

/** A phase only some builds have (a fallback build's mounts, a builder to remove): elsewhere the row would be noise. */
function optionalRow(label: string, ms: number): Array<[string, number]> {
  return ms > 0 ? [[label, ms]] : [];
}

function stepRow(s: StepReport): string {
  const { label } = splitStage(s.name);
  return `| ${code(shorten(label, 100))} | ${s.stage || "–"} | ${seconds(s.durationMs)} | ${s.cached ? "cached" : s.error ? "failed" : "ran"}${s.critical ? " ★" : ""} |`;
}

function slowest(a: BuildAnalysis): string[] {
  const ran = a.steps.filter((s) => !s.cached).sort((x, y) => y.durationMs - x.durationMs).slice(0, SLOWEST);
  if (ran.length === 0) return ["#### Slowest steps", "", "Every step came from the cache."];
  return ["#### Slowest steps", "", "| step | stage | time | |", "| --- | --- | ---: | --- |", ...ran.map(stepRow),
    "", "★ on the critical path: the chain of steps that decided when the build finished."];
}

/** Mermaid's gantt reads `:` and `;` as separators and `#` as an entity. */
function taskLabel(s: StepReport): string {
  return shorten(splitStage(s.name).label || s.name, 60).replace(/[:;#]/g, " ");
}

export function ganttChart(a: BuildAnalysis): string[] {
  let steps = a.steps;
  const note: string[] = [];
  if (steps.length > CHART_STEPS) {
    const keep = new Set([...steps].sort((x, y) => y.durationMs - x.durationMs).slice(0, CHART_STEPS));
    steps = steps.filter((s) => keep.has(s));
    note.push("", `The chart shows the ${CHART_STEPS} longest of ${a.steps.length} steps.`);
  }
  // Sections in the order their first step started, so the chart reads top to bottom.
  const sections = new Map<string, StepReport[]>();
  for (const s of [...steps].sort((x, y) => x.startMs - y.startMs)) {
    const section = s.stage || (s.phase === "export" ? "export" : "build");
    sections.set(section, [...(sections.get(section) ?? []), s]);
  }
  const lines = ["```mermaid", "gantt", "  dateFormat x", "  axisFormat %M:%S"];
  let id = 0;
  for (const [section, list] of sections) {
    lines.push(`  section ${section.replace(/[:;#]/g, " ")}`);
    for (const s of list) {
      const tags = [s.critical ? "crit" : "", s.cached ? "done" : ""].filter(Boolean);
      const end = s.startMs + Math.max(1, s.durationMs);
      lines.push(`  ${taskLabel(s)} :${[...tags, `s${++id}`].join(", ")}, ${Math.round(s.startMs)}, ${Math.round(end)}`);
    }
  }
  lines.push("```");
  return [...lines, ...note];
}

function allSteps(a: BuildAnalysis, budget: number): string[] {
  const head = [`<details><summary>All ${a.steps.length} steps</summary>`, "", "| step | stage | time | |", "| --- | --- | ---: | --- |"];
  const rows: string[] = [];
  let size = head.join("\n").length;
  for (const s of a.steps) {
    const row = stepRow(s);
    if (size + row.length + 200 > budget) {
      rows.push("", `${a.steps.length - rows.length} more steps left out: the summary must stay under GitHub's 1 MiB limit.`);
      break;
    }
    rows.push(row);
    size += row.length + 1;
  }
  return [...head, ...rows, "", "</details>"];
}

/** The step summary, as markdown, under GitHub's size limit. */
export function renderSummary(report: BuildReport): string {
  const parts = [...headline(report)];
  if (report.error) parts.push("", ...report.error.split("\n").map((l) => `> ${l}`));
  if (report.advice.length > 0) parts.push("", "#### Advice", "", ...report.advice.map((a) => `- ${a}`));
  parts.push(...healthSection(report.health));
  const a = report.analysis;
  if (a && a.steps.length > 0) {
    parts.push("", ...phases(report, a), "", ...slowest(a), "", "#### Steps over time", "", ...ganttChart(a));
    const used = Buffer.byteLength(parts.join("\n"));
    parts.push("", ...allSteps(a, SUMMARY_LIMIT_BYTES - used));
  }
  return `${parts.join("\n")}\n`;
}

/** The same facts as plain text, for the end of the log. */
export function renderSummaryText(report: BuildReport): string {
  const a = report.analysis;
  const lines = [`remote-buildkit: build ${report.outcome} in ${seconds(report.totalMs)} on ${builderText(report, (t) => t)}`];
  if (report.digest) lines.push(`  image: ${report.tags.join(", ") || "(untagged)"} ${report.digest}`);
  if (a) {
    lines.push(`  cache: ${a.cachedSteps} of ${a.buildSteps} steps cached`);
    const part = (label: string, ms: number): string => (ms > 0 ? `, ${label} ${seconds(ms)}` : "");
    lines.push(`  time: connect ${seconds(report.connectMs)}${part("stopped build", report.stoppedBuildMs)}${part("restore cache mounts", report.restoreMountsMs)}${part("unpack images", report.unpackWaitMs)}, context ${seconds(a.phaseMs.context)}, `
      + `steps ${seconds(a.phaseMs.solve)}, export ${seconds(a.phaseMs.export)}${part("save cache mounts", report.saveMountsMs)}${part("remove builder", report.removeMs)}`);
    const ran = a.steps.filter((s) => !s.cached).sort((x, y) => y.durationMs - x.durationMs).slice(0, 5);
    for (const s of ran) lines.push(`  ${seconds(s.durationMs).padStart(8)}  ${shorten(s.name, 100)}${s.critical ? " (critical path)" : ""}`);
  }
  if (report.record) lines.push(`  build record: ${report.record}`);
  for (const line of report.routing) lines.push(`  routing: ${line}`);
  for (const advice of report.advice) lines.push(`  advice: ${advice}`);
  if (report.comparison) lines.push(...comparisonText(report.comparison).map((l) => `  last build: ${l}`));
  lines.push(...healthLines(report.health));
  if (report.error) lines.push(`  error: ${report.error}`);
  return lines.join("\n");
}
