import { githubPlatform } from "./github.js";
import type { Platform } from "./port.js";

/** Picks the CI platform this process runs on. GitLab joins here with its own port. */
export function selectPlatform(env: NodeJS.ProcessEnv): Platform {
  if (env["GITHUB_ACTIONS"] === "true") return githubPlatform(env);
  throw new Error("remote-buildkit runs as a GitHub Actions step (GITHUB_ACTIONS=true); GitLab CI support is not built yet");
}
