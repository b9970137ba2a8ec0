import type { BuildAnalysis } from "../progress/analysis.js";
import { seconds } from "./format.js";

/** Above these, the context transfer is worth a word: it is paid on every build. */
export const LARGE_CONTEXT_BYTES = 100 * 1024 * 1024;
export const SLOW_CONTEXT_MS = 10_000;

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Advice where the figures call for it. */
export function adviseOn(analysis: BuildAnalysis, options: { load: boolean }): string[] {
  const advice: string[] = [];
  const contextMs = analysis.phaseMs.context;
  if (analysis.contextBytes >= LARGE_CONTEXT_BYTES || contextMs >= SLOW_CONTEXT_MS) {
    advice.push(`The build context took ${seconds(contextMs)} to send (${formatBytes(analysis.contextBytes)}). ` +
      "Every build sends it to the daemon: a .dockerignore that leaves out .git, dependencies and build output makes it smaller.");
  }
  if (options.load) {
    advice.push(`load sent the image back from the remote daemon to the runner` +
      `${analysis.loadTransferMs > 0 ? ` in ${seconds(analysis.loadTransferMs)}` : ""}. ` +
      "That transfer can cost more than the build itself: push the image to a registry instead, and pull it where it is needed.");
  }
  return advice;
}
