import type { Manifest } from "../src/inputs/manifest.js";

export const BEGIN = "<!-- inputs:begin (generated from action.yml by `npm run docs`) -->";
export const END = "<!-- inputs:end -->";

function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|").trim();
}

/** The README's inputs and outputs tables, rendered from action.yml. */
export function renderInputsSection(manifest: Manifest): string {
  const lines = ["### Inputs", "", "| name | default | description |", "| --- | --- | --- |"];
  for (const input of manifest.inputs.values()) {
    lines.push(`| \`${input.name}\` | ${input.default === "" ? "" : `\`${cell(input.default)}\``} | ${cell(input.description)} |`);
  }
  lines.push("", "### Outputs", "", "| name | description |", "| --- | --- |");
  for (const output of manifest.outputs.values()) lines.push(`| \`${output.name}\` | ${cell(output.description)} |`);
  return [BEGIN, ...lines, END].join("\n");
}

/** README text with the generated section replaced; throws when the markers are missing. */
export function replaceInputsSection(readme: string, manifest: Manifest): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error("README.md lacks the inputs markers");
  return readme.slice(0, start) + renderInputsSection(manifest) + readme.slice(end + END.length);
}
