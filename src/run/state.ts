/** What the main step leaves for the post step, which must clean up even after a crash. */
export const STATE = Object.freeze({
  workspace: "workspace",
  /** JSON list of the builders made in the job's buildx configuration. */
  builders: "builders",
  /** JSON list of those that are docker-container builders, whose containers and state volumes the post step asks Docker to remove again. */
  containers: "containers",
  buildx: "buildx",
});
