import { warningPath, type BuildWarning } from "../buildx/warnings.js";
import type { Inputs } from "../inputs/inputs.js";
import type { StepIO } from "./port.js";

/** Each build-check warning as a warning at its line: a GitHub annotation, a GitLab log line. */
export function reportWarnings(io: Pick<StepIO, "warning">, inputs: Inputs, warnings: readonly BuildWarning[], cwd: string): void {
  for (const w of warnings) {
    io.warning(`${w.message}${w.url ? ` (${w.url})` : ""}`, {
      title: w.rule || "Build check", file: warningPath(w.file, inputs.context, inputs.file, cwd), line: w.line,
    });
  }
}
