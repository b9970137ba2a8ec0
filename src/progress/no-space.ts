import type { SolveStatus } from "./events.js";

const NO_SPACE = /no space left on device/i;
/** Longer than the words, so that words cut across two chunks of a step's output are still found. */
const TAIL = 40;

/**
 * Whether a build ran out of space: BuildKit's own error says so (unpacking a layer, copying), or
 * a step's output does (`tar: write error: No space left on device`), which its error does not.
 */
export class NoSpaceWatch {
  private readonly tails = new Map<string, string>();
  private found = false;

  get seen(): boolean {
    return this.found;
  }

  add(status: SolveStatus): void {
    if (this.found) return;
    if (status.vertexes.some((v) => NO_SPACE.test(v.error))) this.found = true;
    for (const log of status.logs) {
      const key = `${log.vertex} ${log.stream ?? 1}`;
      const text = (this.tails.get(key) ?? "") + log.data;
      if (NO_SPACE.test(text)) this.found = true;
      this.tails.set(key, text.slice(-TAIL));
    }
  }

  /** Also buildx's own last words. */
  seenIn(stderr: string): boolean {
    return this.found || NO_SPACE.test(stderr);
  }
}
