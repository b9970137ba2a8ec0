import { basename, dirname } from "node:path";
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
  // GitHub's runner gives every JavaScript action these; GHES without artifacts and other runners (act) may not.
  const artifactService = Boolean(env["ACTIONS_RESULTS_URL"] && env["ACTIONS_RUNTIME_TOKEN"]);
  // Loaded only when used, as @actions/cache: it brings its own HTTP and blob clients.
  let artifactModule: Promise<typeof import("@actions/artifact")> | undefined;
  const loadArtifact = (): Promise<typeof import("@actions/artifact")> => (artifactModule ??= import("@actions/artifact"));
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
      warning: (message, at) => core.warning(message, at && { title: at.title, file: at.file, ...(at.line > 0 ? { startLine: at.line } : {}) }),
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
          lookup: (path, key, restoreKeys) => cache.restoreCache([path], key, [...restoreKeys], { lookupOnly: true }),
          // -1: the service refused the key (another job saved it first); @actions/cache only logs that.
          save: async (path, key) => {
            if ((await cache.saveCache([path], key)) === -1) throw new Error(`the cache service did not take the entry ${key}`);
          },
        } : undefined;
      },
      fallbackCache: (scope, githubToken) => githubActionsCache(scope, repository, githubToken),
      // Reading the artifact client's bundle takes about a second of CPU: done while the build runs, it costs the step nothing.
      prepareArtifacts: () => {
        if (artifactService) loadArtifact().catch(() => undefined);
      },
      keepArtifact: !artifactService ? undefined : async (file: string) => {
        const { DefaultArtifactClient } = await loadArtifact();
        // Unzipped, named after the file, as docker/build-push-action keeps its build records.
        const { id } = await new DefaultArtifactClient().uploadArtifact(basename(file), [file], dirname(file), { skipArchive: true });
        const { GITHUB_SERVER_URL: server = "https://github.com", GITHUB_RUN_ID: run } = env;
        const link = id !== undefined && repository && run ? `, ${server}/${repository}/actions/runs/${run}/artifacts/${id}` : "";
        return `the workflow artifact ${basename(file)}${link}`;
      },
    },
  };
}
