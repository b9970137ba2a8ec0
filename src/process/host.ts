/**
 * What the action reads of the machine it runs on. The entries read it once from the process and
 * pass it down, so that nothing deeper reads process.env, process.cwd() or the platform itself.
 */
export interface Host {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home: string;
  /** Node's names: `linux`, `darwin`, `win32`; `x64`, `arm64`... */
  readonly os: NodeJS.Platform;
  readonly arch: string;
  /** The user the action runs as; undefined where the platform has no user ids. */
  readonly uid: number | undefined;
  /** The memory free for new work when the step started (Linux: MemAvailable), and all of it, in bytes. */
  readonly freeMemoryBytes: number;
  readonly totalMemoryBytes: number;
}

/** The time now: the context's clock, which tests can set. */
export type Clock = () => Date;

/** Starts timing on the clock; the function returns the milliseconds since. */
export function stopwatch(clock: Clock): () => number {
  const started = clock().getTime();
  return () => clock().getTime() - started;
}
