import type { Clock } from "../process/host.js";
import type { Platform } from "../run/port.js";
import { githubPlatform } from "./github.js";
import { gitlabPlatform } from "./gitlab.js";

/** Picks the CI platform this process runs on. */
export function selectPlatform(env: NodeJS.ProcessEnv, now: Clock): Platform {
  if (env["GITHUB_ACTIONS"] === "true") return githubPlatform(env, now);
  if (env["GITLAB_CI"] === "true") return gitlabPlatform(env, now);
  throw new Error("remote-buildkit runs as a GitHub Actions step (GITHUB_ACTIONS=true) or a GitLab CI job (GITLAB_CI=true)");
}
