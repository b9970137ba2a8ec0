/**
 * A mistake the user can fix: it names the input (or the thing) at fault and says how to fix it.
 * Its message must never contain secret text.
 */
export class UserError extends Error {
  constructor(
    readonly subject: string,
    problem: string,
    readonly fix: string,
  ) {
    super(`${subject}: ${problem}${fix ? `. Fix: ${fix}` : ""}`);
    this.name = "UserError";
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
