/** A cache scope from the repository, the Dockerfile and the target, so builds do not evict each other. */
export function defaultCacheScope(repository: string, file: string, target: string): string {
  const parts = [repository, file || "Dockerfile", target].filter(Boolean).join("-");
  return parts.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() || "remote-buildkit";
}
