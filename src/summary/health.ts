import type { BuilderHealth } from "../health/assess.js";
import type { Comparison } from "../health/compare.js";

/** The builder's health as a section of the step summary. */
export function healthSection(health: BuilderHealth | undefined): string[] {
  if (!health || (health.facts.length === 0 && health.warnings.length === 0)) return [];
  const cell = (text: string): string => text.replace(/\|/g, "\\|");
  return ["", "#### The builder", "", "| | |", "| --- | --- |", ...health.facts.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
    ...health.warnings.flatMap((w) => ["", "> [!WARNING]", `> ${w}`])];
}

/** The same facts as lines for the end of the log. */
export function healthLines(health: BuilderHealth | undefined): string[] {
  if (!health) return [];
  return [...health.facts.map(([k, v]) => `  builder: ${k.toLowerCase()}: ${v}`), ...health.warnings.map((w) => `  warning: ${w}`)];
}

/** The comparison with the last build: its headline, then each chain that ran again, its first step and why. */
export function comparisonText(comparison: Comparison): string[] {
  const headline = comparison.headline.charAt(0).toUpperCase() + comparison.headline.slice(1);
  return [headline, ...comparison.reran.map((r) => `ran again: ${r.step}: ${r.cause}`)];
}
