import { warningPath, type BuildWarning } from "../buildx/warnings.js";
import type { Inputs } from "../inputs/inputs.js";
import type { Platform } from "../platform/port.js";

/** Each build-check warning as a warning at its line: a GitHub annotation, a GitLab log line. */
export function reportWarnings(platform: Pick<Platform, "warning">, inputs: Inputs, warnings: readonly BuildWarning[]): void {
  for (const w of warnings) {
    platform.warning(`${w.message}${w.url ? ` (${w.url})` : ""}`, {
      title: w.rule || "Build check", file: warningPath(w.file, inputs.context, inputs.file), line: w.line,
    });
  }
}
