/** The fallback builder's cache: the CI's own, since the fallback builder starts empty. */
export interface FallbackCache {
  readonly cacheFrom: readonly string[];
  readonly cacheTo: readonly string[];
}

/** A cache scope from the repository, the Dockerfile and the target, so builds do not evict each other. */
export function defaultCacheScope(repository: string, file: string, target: string): string {
  const parts = [repository, file || "Dockerfile", target].filter(Boolean).join("-");
  return parts.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() || "remote-buildkit";
}

/**
 * GitHub Actions cache. buildx itself takes the service URL and the runtime token from the step's
 * environment, which keeps the token off its command line; ghtoken and repository spare the
 * GitHub API's rate limits.
 */
export function githubActionsCache(scope: string, repository: string, githubToken: string): FallbackCache {
  const auth = githubToken ? `,repository=${repository},ghtoken=${githubToken}` : "";
  return { cacheFrom: [`type=gha,scope=${scope}${auth}`], cacheTo: [`type=gha,scope=${scope},mode=max${auth}`] };
}

/** A registry cache in the project's registry, as GitLab users keep one. */
export function registryCache(registryImage: string, scope: string): FallbackCache {
  const ref = `${registryImage}/cache:${scope.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 128)}`;
  return { cacheFrom: [`type=registry,ref=${ref}`], cacheTo: [`type=registry,ref=${ref},mode=max`] };
}
