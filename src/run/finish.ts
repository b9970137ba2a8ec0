import { errorMessage } from "../errors.js";

/**
 * The end of the main step: clean-up, summary, report. Each task runs even when one before it
 * failed, and the step's first error wins: the build's own error stays the error, and a failure
 * at the end is added to it as a further line, never put in its place.
 */
export class StepEnd {
  private readonly failures: string[] = [];

  /** first: what the step failed with before its end, if it did. */
  constructor(private readonly first: { readonly error: unknown } | undefined) {}

  async run(what: string, task: () => Promise<unknown>): Promise<void> {
    try {
      await task();
    } catch (err: unknown) {
      this.failures.push(`${what} failed: ${errorMessage(err)}`);
    }
  }

  /** What failed at the end so far, one line each. */
  get laterErrors(): readonly string[] {
    return this.failures;
  }

  /** Throws the step's error, if it has one: the first, with the later ones as further lines. */
  settle(): void {
    if (this.first && this.failures.length === 0) throw this.first.error;
    if (!this.first && this.failures.length === 0) return;
    const lines = this.first ? [errorMessage(this.first.error), ...this.failures] : this.failures;
    throw new Error(lines.join("\n"), this.first ? { cause: this.first.error } : undefined);
  }
}
