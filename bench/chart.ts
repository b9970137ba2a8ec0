// The results as an SVG bar chart, written by hand: one group of bars a workload, the ephemeral
// cold build against the action's warm builds on the persistent builder and the fallback's,
// median seconds.
import type { ModeId } from "./modes.js";
import type { Figures, Results } from "./report.js";
import type { Scenario } from "./workloads.js";

interface Series {
  readonly mode: ModeId;
  readonly scenario: Scenario;
  readonly label: string;
  readonly color: string;
}

const SERIES: readonly Series[] = [
  { mode: "ephemeral", scenario: "cold", label: "ephemeral builder, cold (any change)", color: "#9a3412" },
  { mode: "action", scenario: "dependency-change", label: "action → persistent builder, dependency change", color: "#1d4ed8" },
  { mode: "action", scenario: "source-change", label: "action → persistent builder, source change", color: "#3b82f6" },
  { mode: "action", scenario: "no-change", label: "action → persistent builder, no change", color: "#93c5fd" },
  { mode: "ephemeral-fallback", scenario: "dependency-change", label: "fallback: ephemeral builder + CI cache, dependency change", color: "#15803d" },
  { mode: "ephemeral-fallback", scenario: "source-change", label: "fallback: ephemeral builder + CI cache, source change", color: "#4ade80" },
  { mode: "docker-gha", scenario: "dependency-change", label: "docker's actions + gha cache, dependency change", color: "#7e22ce" },
  { mode: "docker-gha", scenario: "source-change", label: "docker's actions + gha cache, source change", color: "#c084fc" },
];

const escape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderChart(results: Results): string {
  const figures = results.figures.filter((f) => f.medians.ephemeral?.cold !== undefined);
  const width = 920;
  const labelWidth = 70;
  const barArea = width - labelWidth - 90;
  const bar = 16;
  const gap = 4;
  const groupGap = 18;
  const top = 58;
  const legendHeight = (SERIES.length + 1) * 18 + 10;
  const groupHeight = SERIES.length * (bar + gap) + groupGap;
  const height = top + figures.length * groupHeight + legendHeight + 10;
  const max = Math.max(1, ...figures.flatMap((f) => SERIES.map((s) => value(f, s) ?? 0)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">Build time, median of ${results.runs} runs (seconds, shorter is better)</text>`,
    `<text x="10" y="40" fill="#555">${escape(`${results.machine.cores} cores, BuildKit ${results.versions.buildkit}, buildx ${results.versions.buildx}; ${results.command}; ${results.startedAt.slice(0, 10)}`)}</text>`,
  ];
  figures.forEach((f, g) => {
    const y0 = top + g * groupHeight;
    parts.push(`<text x="10" y="${y0 + (SERIES.length * (bar + gap)) / 2 + 4}" font-weight="bold">${escape(f.workload)}</text>`);
    SERIES.forEach((s, i) => {
      const v = value(f, s);
      const y = y0 + i * (bar + gap);
      if (v === undefined) {
        parts.push(`<text x="${labelWidth}" y="${y + bar - 4}" fill="#777">not measured</text>`);
        return;
      }
      const w = Math.max(1, (v / max) * barArea);
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${s.color}"/>`);
      parts.push(`<text x="${(labelWidth + w + 5).toFixed(1)}" y="${y + bar - 4}">${(v / 1000).toFixed(v < 10_000 ? 1 : 0)} s${speedUpLabel(f, s)}</text>`);
    });
  });
  const legendTop = top + figures.length * groupHeight + 4;
  SERIES.forEach((s, i) => {
    const y = legendTop + i * 18;
    parts.push(`<rect x="${labelWidth}" y="${y}" width="12" height="12" fill="${s.color}"/>`);
    parts.push(`<text x="${labelWidth + 18}" y="${y + 10}">${escape(s.label)}</text>`);
  });
  const fallback = results.modes.find((m) => m.id === "ephemeral-fallback");
  if (fallback && !fallback.measured) {
    const y = legendTop + SERIES.length * 18;
    parts.push(`<rect x="${labelWidth}" y="${y}" width="12" height="12" fill="none" stroke="#777" stroke-dasharray="2,2"/>`);
    parts.push(`<text x="${labelWidth + 18}" y="${y + 10}" fill="#555">${escape(`${fallback.label}: ${fallback.note ?? "not measured"}`)}</text>`);
  }
  parts.push("</svg>", "");
  return parts.join("\n");
}

function value(f: Figures, s: Series): number | undefined {
  return f.medians[s.mode]?.[s.scenario];
}

function speedUpLabel(f: Figures, s: Series): string {
  const up = f.speedUps[s.mode]?.[s.scenario]?.median;
  if (up === undefined) return "";
  return ` (${up.toFixed(up < 10 ? 1 : 0)}×${up >= 1 ? " faster" : ", slower"})`;
}
