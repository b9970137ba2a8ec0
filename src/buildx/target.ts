import type { BuildxEnv } from "./builder.js";

/** Caches added to the user's own for a builder that starts empty: the CI's cache, as buildx options. */
export interface FallbackCache {
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
}

/** The builder a build runs on. */
export interface BuildTarget {
  readonly name: string;
  readonly where: BuildxEnv;
  /** Caches to add to the user's, for a fallback builder that starts empty. */
  readonly cache: FallbackCache | undefined;
}
