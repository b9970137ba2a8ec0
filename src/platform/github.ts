import * as core from "@actions/core";
import { githubActionsCache } from "../fallback/cache.js";
import type { Platform } from "./port.js";

/** GitHub Actions, through @actions/core's workflow commands and files. */
export function githubPlatform(env: NodeJS.ProcessEnv): Platform {
  const tempDir = env["RUNNER_TEMP"];
  if (!tempDir) throw new Error("RUNNER_TEMP is not set: this entry must run as a GitHub Actions step");
  return {
    name: "github",
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
    // On GitHub, docker/login-action logs in before this step, as with build-push-action.
    registryLogins: () => [],
    repository: env["GITHUB_REPOSITORY"] ?? "",
    runId: `${env["GITHUB_RUN_ID"] ?? Date.now()}-${env["GITHUB_RUN_ATTEMPT"] ?? "1"}`,
    // Loaded only for a fallback build: @actions/cache is most of the bundle, and every step would
    // otherwise pay for reading it.
    cacheStore: async () => {
      const cache = await import("@actions/cache");
      return cache.isFeatureAvailable() ? {
        restore: (path, key, restoreKeys) => cache.restoreCache([path], key, [...restoreKeys]),
        // -1: the service refused the key (another job saved it first); @actions/cache only logs that.
        save: async (path, key) => {
          if ((await cache.saveCache([path], key)) === -1) throw new Error(`the cache service did not take the entry ${key}`);
        },
      } : undefined;
    },
    fallbackCache: (scope, githubToken) => githubActionsCache(scope, env["GITHUB_REPOSITORY"] ?? "", githubToken),
    fail: (message) => core.setFailed(message),
    tempDir,
  };
}
