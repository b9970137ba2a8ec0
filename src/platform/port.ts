import type { FallbackCache } from "../fallback/cache.js";

/** The CI's own cache of directories (GitHub's, through @actions/cache). */
export interface CacheStore {
  /** Restores into path; the key that matched, or undefined. */
  restore(path: string, key: string, restoreKeys: readonly string[]): Promise<string | undefined>;
  save(path: string, key: string): Promise<void>;
}

/** Credentials for one registry, which buildx hands to the daemon when it pushes or pulls. */
export interface RegistryLogin {
  readonly registry: string;
  readonly username: string;
  readonly password: string;
}

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
  /** Forgets the saved state, once the post step has used it. */
  clearState(): Promise<void>;
  /** Hides a value from every later log line. */
  mask(secret: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** Runs fn inside a collapsible log section, closed even when fn throws. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Publishes the build's summary (markdown) where the platform shows it beside the log. */
  writeSummary(markdown: string): Promise<void>;
  /** Prints the summary's plain text at the end of the log. */
  logSummary(text: string): Promise<void>;
  /** Registries the platform itself gives the job credentials for, logged in by default. */
  registryLogins(): readonly RegistryLogin[];
  /** The repository or project the job builds, as `owner/name`. */
  readonly repository: string;
  /** Identifies this run of the job, for cache keys that must be new each run. */
  readonly runId: string;
  /** The CI's directory cache, for cache mounts; undefined where there is none. */
  cacheStore(): Promise<CacheStore | undefined>;
  /**
   * GitLab restores its cache into the project directory, the build context: the main step sets
   * it aside first, and the post step puts it back, or what was saved meanwhile in its place.
   */
  holdCache?(): Promise<void>;
  /** Says whether it put anything back. */
  releaseCache?(): Promise<boolean>;
  /** The platform's own cache for a fallback builder, or undefined when the job has none. */
  fallbackCache(scope: string, githubToken: string): FallbackCache | undefined;
  /** Marks the step failed with a message. */
  fail(message: string): void;
  /** The job's scratch directory. */
  readonly tempDir: string;
}
