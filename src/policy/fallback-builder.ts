/** Which fallback builder a job gets. */
export type FallbackKind =
  | { readonly kind: "named"; readonly name: string }
  | { readonly kind: "docker-container" }
  | { readonly kind: "in-job"; readonly buildkitd: string; readonly rootlesskit: string | undefined };

export interface FallbackFacts {
  /** The CI's runner image may carry a buildkitd to start in the job (GitLab's); GitHub's runners always have Docker. */
  readonly inJobAllowed: boolean;
  /** The fallback-builder input. */
  readonly named: string;
  /** The job was given a Docker daemon: DOCKER_HOST set (a docker-in-docker service) or the default socket present. */
  readonly docker: boolean;
  /** buildkitd and rootlesskit on PATH, when there. */
  readonly buildkitd: string | undefined;
  readonly rootlesskit: string | undefined;
  readonly root: boolean;
}

/**
 * A builder the runner names comes first; then a Docker daemon the job was given (the
 * docker-container builder, as docker/setup-buildx-action makes); where the CI allows it (GitLab)
 * and there is no Docker, a buildkitd started inside the job (the runner image's), rootless
 * through rootlesskit unless the job runs as root.
 */
export function chooseFallback(facts: FallbackFacts): FallbackKind {
  if (facts.named !== "") return { kind: "named", name: facts.named };
  if (facts.inJobAllowed && !facts.docker && facts.buildkitd && (facts.root || facts.rootlesskit)) {
    return { kind: "in-job", buildkitd: facts.buildkitd, rootlesskit: facts.root ? undefined : facts.rootlesskit };
  }
  return { kind: "docker-container" };
}

/**
 * BUILDKITD_FLAGS, as GitLab's rootless BuildKit documentation and BuildKit's
 * buildctl-daemonless.sh take them: split on whitespace, unquoted, as that script's shell does.
 */
export function buildkitdFlags(value: string | undefined): string[] {
  return (value ?? "").split(/\s+/).filter((f) => f !== "");
}
