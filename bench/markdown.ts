// The results as markdown: the table of medians and ratios, the targets, how it was measured, and
// a paragraph ready for the README, every figure in it taken from the results.
import { describeSteps, pooledOverhead, seconds, slowestWarmSteps, times, type Figures, type Results } from "./report.js";
import type { Scenario } from "./workloads.js";

const SCENARIOS: ReadonlyArray<readonly [Scenario, string]> = [
  ["dependency-change", "dependency change"],
  ["source-change", "source change"],
  ["no-change", "no change"],
];

function signedSeconds(ms: number | undefined): string {
  return ms === undefined ? "n/a" : `${ms >= 0 ? "+" : "−"}${seconds(Math.abs(ms))}`;
}

function table(results: Results): string {
  const fallback = results.modes.find((m) => m.id === "ephemeral-fallback");
  const docker = results.modes.find((m) => m.id === "docker-gha");
  const head = [
    "| workload | build | ephemeral (empty builder) | ephemeral + fallback cache | docker's actions + gha cache | action → persistent builder | raw buildx → persistent builder | fallback vs ephemeral | docker's actions vs ephemeral | action vs ephemeral | action − raw buildx |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const rows = results.figures.flatMap((f: Figures) => SCENARIOS.map(([scenario, label]) => {
    const cells = [
      f.workload,
      label,
      seconds(f.medians.ephemeral?.cold),
      fallback?.measured === false ? "not measured" : seconds(f.medians["ephemeral-fallback"]?.[scenario]),
      docker?.measured === false ? "not measured" : seconds(f.medians["docker-gha"]?.[scenario]),
      seconds(f.medians.action?.[scenario]),
      seconds(f.medians.buildx?.[scenario]),
      times(f.speedUps["ephemeral-fallback"]?.[scenario]?.median),
      times(f.speedUps["docker-gha"]?.[scenario]?.median),
      times(f.speedUps.action?.[scenario]?.median),
      signedSeconds(f.overheadMs[scenario]?.median),
    ];
    return `| ${cells.join(" | ")} |`;
  }));
  return [...head, ...rows].join("\n");
}

/** A paragraph for the README, with the command that produced it. */
export function readmeParagraph(results: Results): string {
  const label = (name: string): string => results.workloads.find((w) => w.name === name)?.label ?? name;
  const dependency = results.figures.map((f) => `${seconds(f.medians.action?.["dependency-change"])} instead of ${seconds(f.medians.ephemeral?.cold)} for ${label(f.workload)} (${times(f.speedUps.action?.["dependency-change"]?.median)})`).join("; ");
  const source = results.figures.map((f) => `${f.workload} ${seconds(f.medians.action?.["source-change"])} (${times(f.speedUps.action?.["source-change"]?.median)})`).join(", ");
  const unchanged = results.figures.flatMap((f) => f.medians.action?.["no-change"] ?? []);
  const fallback = results.figures.filter((f) => f.speedUps["ephemeral-fallback"]?.["source-change"]?.median !== undefined)
    .map((f) => `${f.workload} ${seconds(f.medians["ephemeral-fallback"]?.["source-change"])} (${times(f.speedUps["ephemeral-fallback"]?.["source-change"]?.median)})`);
  const docker = results.figures.filter((f) => f.speedUps["docker-gha"]?.["source-change"]?.median !== undefined)
    .map((f) => `${f.workload} ${seconds(f.medians["docker-gha"]?.["source-change"])} (${times(f.speedUps["docker-gha"]?.["source-change"]?.median)})`);
  const m = results.machine;
  const dropped = results.workloads.filter((w) => w.status === "dropped").map((w) => w.name);
  return [
    `How much faster, measured: with this action on a persistent builder, a rebuild after adding one dependency took ${dependency}, against a cold build on an ephemeral builder that starts empty, as a CI runner's does.`,
    `After a one-line source change: ${source}; with nothing changed, ${seconds(Math.min(...unchanged))} to ${seconds(Math.max(...unchanged))}.`,
    `The action's own overhead over a hand-made \`docker buildx build\` on the same builder was ${seconds(pooledOverhead(results.figures).median)}.`,
    ...(fallback.length > 0 ? [`Without the remote builder (a fork's pull request), the fallback to the runner's empty builder with the CI's cache rebuilt a source change in ${fallback.join(", ")}, both steps and the cache transfers included.`] : []),
    ...(docker.length > 0 ? [`docker's own actions with the gha cache took ${docker.join(", ")} for the same source change.`] : []),
    `Medians of ${results.runs} runs (ratios taken run by run) on a ${m.cores}-core, ${m.memoryGiB} GiB machine with BuildKit ${results.versions.buildkit} and buildx ${results.versions.buildx}; every build downloads for real (Debian's mirror, npm, the Go proxy, PyPI) through cache mounts and pushes to a registry.`,
    ...(dropped.length > 0 ? [`Not measured here: ${dropped.join(", ")} (see the results).`] : []),
    `Reproduce with \`${results.command}\` (${Math.round(results.minutes)} minutes; workloads in \`bench/workloads/\`, method and every build in [bench/results/remote-builds.md](bench/results/remote-builds.md)).`,
  ].join(" ");
}

export function renderMarkdown(results: Results): string {
  const v = results.versions;
  const m = results.machine;
  const warmUpsOf = (mode: string): string => results.workloads
    .flatMap((w) => (w.warmUps ?? []).filter((s) => s.mode === mode).map((s) => `${w.name}${s.warmUpFor && s.warmUpFor !== "no-change" ? ` (${s.warmUpFor})` : ""} ${seconds(s.ms)}`))
    .join(", ") || "none";
  const dropped = results.workloads.filter((w) => w.status === "dropped");
  const lines = [
    "# Persistent remote builder against an ephemeral one",
    "",
    `Measured with \`${results.command}\` on ${results.startedAt.slice(0, 16).replace("T", " ")} UTC (${results.minutes.toFixed(0)} minutes in all).`,
    `Each figure is the median of ${results.runs} builds; each ratio and difference is taken run by run (run r of one mode against run r of the other, built minutes apart) and its median shown.`,
    "",
    `- Machine: ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Linux ${m.kernel}.`,
    `- BuildKit ${v.buildkit} (runc: ${v.runc}), buildx ${v.buildx}, ${v.dockerCli}; the benchmark ran on Node ${v.nodeBench}, the action (${v.actionBundle}) under Node ${v.nodeAction}.`,
    `- In the base images: ${Object.entries(v.images).map(([k, x]) => `${k} ${x}`).join("; ")}.`,
    `- Noise: ${results.noise}`,
    "",
    "![Build time by workload and mode](remote-builds.svg)",
    "",
    table(results),
    "",
    "The ephemeral builder has no state, so whatever changed its build is cold: one figure per workload, built on the dependency-change variant.",
    `The first build on the persistent builder (the warm-up, not counted): ${warmUpsOf("buildx")}.`,
    `The builds that filled each fallback cache scope (warm-ups, not counted): ${warmUpsOf("ephemeral-fallback")}.`,
    `The builds that filled each cache scope of docker's actions (warm-ups, not counted): ${warmUpsOf("docker-gha")}.`,
    "",
    "## Where a warm build after a dependency change spends its time",
    "",
    "The slowest steps of the median raw buildx build on the persistent builder, each beside the same step of the median ephemeral cold build:",
    "",
    ...results.workloads.filter((w) => w.status === "measured").map((w) => `- **${w.name}**: ${describeSteps(slowestWarmSteps(w))}.`),
    "",
    "## Targets",
    "",
    ...results.targets.map((t) => `- **${t.status}**: ${t.goal}: ${t.detail}`),
    "",
    "## What was measured",
    "",
    ...results.modes.map((mode) => `- **${mode.label}**: ${mode.description}.${mode.measured ? "" : ` *${mode.note ?? "not measured"}.*`}`),
    "",
    "Workloads (fixtures in `bench/workloads/<name>/`; base images made locally: Debian bookworm by debootstrap, the Go and Node toolchains copied in, Python from Debian):",
    "",
    ...results.workloads.map((w) => `- **${w.name}**: ${w.summary}.`),
    "",
    "Each warm build follows the warm-up with exactly one change that this builder has not seen: **dependency change** adds one package or module (a different one for every build, from the workload's `extra-*.txt`), **source change** rewrites one constant in the application's code, **no change** rebuilds what was built. Every build pushes its image to a registry on the same machine. The per-build samples, with each build's slowest steps, are in `remote-builds.json`.",
    "",
    ...(dropped.length > 0 ? ["## Dropped workloads", "", ...dropped.map((w) => `- **${w.name}**: ${w.error ?? "unknown error"}`), ""] : []),
    "## For the README",
    "",
    readmeParagraph(results),
    "",
  ];
  return lines.join("\n");
}
