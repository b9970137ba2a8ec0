/**
 * The only surface through which the action talks to its CI platform. The run functions receive
 * one of these; tests pass a fake.
 */
export interface Platform {
  readonly name: "github" | "gitlab";
  /** Raw input value, the empty string when unset. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Keeps a value from the main step for the post step. */
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Hides a value from every later log line. */
  mask(secret: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Runs fn inside a collapsible log section, closed even when fn throws. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Marks the step failed with a message. */
  fail(message: string): void;
  /** The job's scratch directory, removed by the CI after the job. */
  readonly tempDir: string;
}
