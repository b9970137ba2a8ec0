import * as core from "@actions/core";
import type { FallbackCache } from "../buildx/target.js";
import type { Clock } from "../process/host.js";
import type { Platform } from "../run/port.js";

/**
 * The GitHub Actions cache for the fallback builder. buildx itself takes the service URL and the
 * runtime token from the step's environment, which keeps the token off its command line;
 * ghtoken and repository spare the GitHub API's rate limits.
 */
export function githubActionsCache(scope: string, repository: string, githubToken: string): FallbackCache {
  const auth = githubToken ? `,repository=${repository},ghtoken=${githubToken}` : "";
  return { cacheFrom: [`type=gha,scope=${scope}${auth}`], cacheTo: [`type=gha,scope=${scope},mode=max${auth}`] };
}

/** GitHub Actions, through @actions/core's workflow commands and files. */
export function githubPlatform(env: NodeJS.ProcessEnv, now: Clock): Platform {
  const tempDir = env["RUNNER_TEMP"];
  if (!tempDir) throw new Error("RUNNER_TEMP is not set: this entry must run as a GitHub Actions step");
  const repository = env["GITHUB_REPOSITORY"] ?? "";
  return {
    io: {
      getInput: (name) => core.getInput(name),
      setOutput: (name, value) => core.setOutput(name, value),
      saveState: (name, value) => core.saveState(name, value),
      getState: (name) => core.getState(name),
      // The runner drops STATE_* with the job.
      clearState: async () => undefined,
      mask: (secret) => core.setSecret(secret),
      info: (message) => core.info(message),
      warning: (message) => core.warning(message),
      group: (title, fn) => core.group(title, fn),
      writeSummary: async (markdown) => {
        if (env["GITHUB_STEP_SUMMARY"]) await core.summary.addRaw(markdown, true).write();
      },
      logSummary: async (text) => core.info(text),
      fail: (message) => core.setFailed(message),
    },
    job: {
      repository,
      runId: `${env["GITHUB_RUN_ID"] ?? now().getTime()}-${env["GITHUB_RUN_ATTEMPT"] ?? "1"}`,
      tempDir,
      tempDirVariable: "RUNNER_TEMP",
      // On GitHub, docker/login-action logs in before this step, as with build-push-action.
      registryLogins: () => [],
      // Loaded only for a fallback build: @actions/cache is most of the bundle, and every step would
      // otherwise pay for reading it.
      cacheStore: async () => {
        const cache = await import("@actions/cache");
        return cache.isFeatureAvailable() ? {
          restore: (path, key, restoreKeys) => cache.restoreCache([path], key, [...restoreKeys]),
          save: async (path, key) => void (await cache.saveCache([path], key)),
        } : undefined;
      },
      fallbackCache: (scope, githubToken) => githubActionsCache(scope, repository, githubToken),
    },
  };
}
