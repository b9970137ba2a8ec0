import type { FallbackCache } from "../../src/fallback/cache.js";
import type { CacheStore, Platform, RegistryLogin, SourceLocation } from "../../src/platform/port.js";

/** A hand-written Platform that records what the action did, for tests of the run functions. */
export class FakePlatform implements Platform {
  readonly name = "github";
  readonly masked: string[] = [];
  readonly log: string[] = [];
  readonly outputs = new Map<string, string>();
  readonly state = new Map<string, string>();
  readonly summaries: string[] = [];
  readonly repository = "acme/app";
  readonly runId = "1-1";
  failure = "";

  constructor(
    private readonly inputs: Readonly<Record<string, string>>,
    readonly tempDir: string,
    private readonly logins: readonly RegistryLogin[] = [],
  ) {}

  getInput(name: string): string {
    return this.inputs[name] ?? "";
  }
  setOutput(name: string, value: string): void {
    this.outputs.set(name, value);
  }
  saveState(name: string, value: string): void {
    this.state.set(name, value);
  }
  getState(name: string): string {
    return this.state.get(name) ?? "";
  }
  async clearState(): Promise<void> {
    this.state.clear();
  }
  async writeSummary(markdown: string): Promise<void> {
    this.summaries.push(markdown);
  }
  async logSummary(text: string): Promise<void> {
    this.log.push(text);
  }
  async cacheStore(): Promise<CacheStore | undefined> {
    return undefined;
  }
  fallbackCache(scope: string): FallbackCache {
    return { cacheFrom: [`type=fake,scope=${scope}`], cacheTo: [`type=fake,scope=${scope}`] };
  }
  registryLogins(): readonly RegistryLogin[] {
    return this.logins;
  }
  mask(secret: string): void {
    this.masked.push(secret);
  }
  info(message: string): void {
    this.log.push(message);
  }
  readonly annotations: Array<SourceLocation & { readonly message: string }> = [];
  readonly artifacts: string[] = [];
  warning(message: string, at?: SourceLocation): void {
    this.log.push(`warning: ${message}`);
    if (at) this.annotations.push({ ...at, message });
  }
  async keepArtifact(file: string): Promise<string> {
    this.artifacts.push(file);
    return `artifact ${file}`;
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.log.push(`group: ${title}`);
    try {
      return await fn();
    } finally {
      this.log.push("endgroup");
    }
  }
  fail(message: string): void {
    this.failure = message;
  }
}
