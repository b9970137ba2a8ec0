import type { FallbackCache } from "../../src/buildx/target.js";
import type { CacheStore } from "../../src/cachemounts/keep.js";
import type { RegistryLogin } from "../../src/registry/auth.js";
import type { JobServices, Platform, SourceLocation, StepIO } from "../../src/run/port.js";

/** A hand-written Platform that records what the action did, for tests of the run functions. */
export class FakePlatform implements Platform {
  readonly masked: string[] = [];
  readonly log: string[] = [];
  readonly outputs = new Map<string, string>();
  readonly state = new Map<string, string>();
  readonly summaries: string[] = [];
  readonly annotations: Array<SourceLocation & { readonly message: string }> = [];
  readonly artifacts: string[] = [];
  failure = "";
  readonly io: StepIO;
  readonly job: JobServices;

  constructor(inputs: Readonly<Record<string, string>>, tempDir: string, logins: readonly RegistryLogin[] = []) {
    const log = this.log;
    this.io = {
      getInput: (name) => inputs[name] ?? "",
      setOutput: (name, value) => void this.outputs.set(name, value),
      saveState: (name, value) => void this.state.set(name, value),
      getState: (name) => this.state.get(name) ?? "",
      clearState: async () => this.state.clear(),
      mask: (secret) => void this.masked.push(secret),
      info: (message) => void log.push(message),
      warning: (message, at) => {
        log.push(`warning: ${message}`);
        if (at) this.annotations.push({ ...at, message });
      },
      async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
        log.push(`group: ${title}`);
        try {
          return await fn();
        } finally {
          log.push("endgroup");
        }
      },
      writeSummary: async (markdown) => void this.summaries.push(markdown),
      logSummary: async (text) => void log.push(text),
      fail: (message) => void (this.failure = message),
    };
    this.job = {
      repository: "acme/app",
      runId: "1-1",
      tempDir,
      tempDirVariable: "RUNNER_TEMP",
      registryLogins: () => logins,
      cacheStore: async (): Promise<CacheStore | undefined> => undefined,
      fallbackCache: (scope): FallbackCache => ({ cacheFrom: [`type=fake,scope=${scope}`], cacheTo: [`type=fake,scope=${scope}`] }),
      keepArtifact: async (file) => {
        this.artifacts.push(file);
        return `artifact ${file}`;
      },
    };
  }
}
