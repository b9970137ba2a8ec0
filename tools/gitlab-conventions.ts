// What GitLab's spec:inputs can say about an input that action.yml cannot: the values it takes
// (`options:`) and the format it must have (`regex:`, RE2 syntax, which GitLab checks when the
// component is included). Tied to the entry's own parsing by test/unit/gitlab-template.test.ts.

/** Enumerations: `fallback` takes only these. (`cache-mounts` also takes a list of mounts, so it has none.) */
export const GITLAB_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  fallback: ["auto", "always", "never"],
};

const HOST_PORT = String.raw`tcp://(\[[0-9a-fA-F:.]+\]|[^:/\s,\[\]]+):[0-9]{1,5}/?`;

/**
 * Fixed formats. `endpoint`: empty, one CI/CD variable (`$BUILDKIT_ENDPOINT`, expanded only when
 * the job runs, after this check), or `tcp://host:port` items separated by commas or newlines.
 */
export const GITLAB_REGEX: Readonly<Record<string, string>> = {
  endpoint: String.raw`^\s*(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|${HOST_PORT}(\s*[,\n]\s*${HOST_PORT})*)?\s*$`,
  "buildx-version": String.raw`^(v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?)?$`,
  "fallback-state": String.raw`^(auto|disk|memory(:[0-9]+(\.[0-9]+)?[kmgKMG]?[bB]?)?)?$`,
};
