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

/** The longest piece of a user's value an error message repeats. */
const QUOTED_CHARS = 80;

/**
 * A user's value as an error message quotes it: in double quotes, and cut to a bounded prefix, so
 * that a value of 120 kB (a file pasted into the wrong input) does not flood the log.
 */
export function quoted(value: string, max = QUOTED_CHARS): string {
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, max))}… (${value.length} characters)`;
}
