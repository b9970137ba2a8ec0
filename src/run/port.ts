import type { FallbackCache } from "../buildx/target.js";
import type { CacheStore } from "../cachemounts/keep.js";
import type { RegistryLogin } from "../registry/auth.js";

/** Where a warning points in the repository, for an annotation beside the code. */
export interface SourceLocation {
  readonly title: string;
  /** Relative to the repository's root. */
  readonly file: string;
  /** 1-based; 0 for none. */
  readonly line: number;
}

/** The step's input and output on its CI: inputs, outputs, state for the post step, masking, the log, the summary. */
export interface StepIO {
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
  /** A warning; with a location, also an annotation on that line where the platform has them. */
  warning(message: string, at?: SourceLocation): void;
  /** Runs fn inside a collapsible log section, closed even when fn throws. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Publishes the build's summary (markdown) where the platform shows it beside the log. */
  writeSummary(markdown: string): Promise<void>;
  /** Prints the summary's plain text at the end of the log. */
  logSummary(text: string): Promise<void>;
  /** Marks the step failed with a message. */
  fail(message: string): void;
}

/** What the CI tells of the job, and the services it offers it. */
export interface JobServices {
  /** The repository or project the job builds, as `owner/name`. */
  readonly repository: string;
  /** Identifies this run of the job, for cache keys that must be new each run. */
  readonly runId: string;
  /** The job's scratch directory. */
  readonly tempDir: string;
  /** The variable that sets tempDir (RUNNER_TEMP), for an error that says what to fix. */
  readonly tempDirVariable: string;
  /** Registries the platform itself gives the job credentials for, logged in by default. */
  registryLogins(): readonly RegistryLogin[];
  /** The CI's directory cache, for cache mounts; undefined where there is none. */
  cacheStore(): Promise<CacheStore | undefined>;
  /** The CI's own cache for a fallback builder (the `github-token` input where the CI's API wants one); undefined when the job has none. */
  fallbackCache(scope: string, githubToken: string): FallbackCache | undefined;
  /** Keeps a file with the job (an artifact) and says where, for the summary; undefined where the job has nowhere to keep one. */
  readonly keepArtifact: ((file: string) => Promise<string>) | undefined;
  /** Starts loading what keepArtifact needs, while a build runs and the step has nothing else to do. */
  readonly prepareArtifacts?: () => void;
  /** The fallback may start the runner image's buildkitd inside the job when it has no Docker daemon (GitLab). */
  readonly inJobDaemon?: boolean;
  /**
   * GitLab restores its cache into the project directory, the build context: the main step sets
   * it aside first, and the post step puts it back, or what was saved meanwhile in its place.
   */
  holdCache?(): Promise<void>;
  /** Says whether it put anything back. */
  releaseCache?(): Promise<boolean>;
}

/**
 * The only surface through which the action talks to its CI platform: the adapters in
 * src/platform/ make one; tests pass a fake.
 */
export interface Platform {
  readonly io: StepIO;
  readonly job: JobServices;
}
