/** The names GitLab jobs see: shared by the platform code and the template generator. */

/** The job variable that carries an input: `ca-cert` -> `REMOTE_BUILDKIT_CA_CERT`. */
export function gitlabVariable(input: string): string {
  return `REMOTE_BUILDKIT_${input.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** Files written to the project directory, for the template's artifacts. */
export const GITLAB_FILES = Object.freeze({
  dotenv: "remote-buildkit.env",
  summary: "remote-buildkit-summary.md",
  output: (name: string): string => `remote-buildkit-${name}.json`,
  /** A directory: each build's record (`.dockerbuild`), for Docker Desktop's build view. */
  records: "remote-buildkit-records",
});

/** Outputs that are JSON documents: too long for a dotenv value, so they go to a file it names. */
export const FILE_OUTPUTS: ReadonlySet<string> = new Set(["metadata"]);
