import { githubPlatform } from "./github.js";
import { gitlabPlatform } from "./gitlab.js";
import type { Platform } from "./port.js";

/** Picks the CI platform this process runs on. */
export function selectPlatform(env: NodeJS.ProcessEnv): Platform {
  if (env["GITHUB_ACTIONS"] === "true") return githubPlatform(env);
  if (env["GITLAB_CI"] === "true") return gitlabPlatform(env);
  throw new Error("remote-buildkit runs as a GitHub Actions step (GITHUB_ACTIONS=true) or a GitLab CI job (GITLAB_CI=true)");
}
