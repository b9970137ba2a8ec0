import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { copyFile, mkdir, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { FallbackCache } from "../buildx/target.js";
import { isRecord } from "../json.js";
import type { Clock } from "../process/host.js";
import type { RegistryLogin } from "../registry/auth.js";
import type { Platform, StepIO } from "../run/port.js";
import { loginsFromDockerConfig } from "./gitlab-auth.js";
import { gitlabDirectoryCache } from "./gitlab-cache.js";
import { FILE_OUTPUTS, GITLAB_CACHE_DIR, GITLAB_FILES, gitlabVariable } from "./gitlab-names.js";

/** Inputs that may name a File-type CI/CD variable: GitLab puts the value in a file, the path in the variable. */
const FILE_INPUTS = new Set(["ca-cert", "client-cert", "client-key"]);

const ESC = "\u001b";

/** A registry cache in the project's registry, as GitLab users keep one, for the fallback builder. */
export function registryCache(registryImage: string, scope: string): FallbackCache {
  const ref = `${registryImage}/cache:${scope.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 128)}`;
  return { cacheFrom: [`type=registry,ref=${ref}`], cacheTo: [`type=registry,ref=${ref},mode=max`] };
}

/**
 * GitLab CI: inputs from the job's variables (REMOTE_BUILDKIT_*), outputs to a dotenv report,
 * state in a file that the after_script step finds, collapsible log sections.
 */
export function gitlabPlatform(env: NodeJS.ProcessEnv, now: Clock): Platform {
  const projectDir = env["CI_PROJECT_DIR"];
  if (!projectDir) throw new Error("CI_PROJECT_DIR is not set: this entry must run in a GitLab CI job");
  // after_script runs in a new shell, and with some executors a new container: only the builds
  // directory is sure to be shared, so the job's scratch files and state live there.
  const tempDir = join(env["CI_BUILDS_DIR"] || join(projectDir, ".."), `remote-buildkit-job-${env["CI_JOB_ID"] ?? "local"}`);
  const stateFile = join(tempDir, "state.json");
  const dotenv = join(projectDir, GITLAB_FILES.dotenv);
  // GitLab can mask only what is stored as a masked variable; everything printed here is also
  // redacted against the secrets the action registers.
  const secrets: string[] = [];
  const redact = (text: string): string => secrets.reduce((t, s) => t.split(s).join("[MASKED]"), text);
  const print = (text: string): void => void process.stdout.write(`${redact(text)}\n`);
  const mountsCache = gitlabDirectoryCache(join(projectDir, GITLAB_CACHE_DIR), join(tempDir, "cache-mounts-held"), join(tempDir, "cache-mounts-saved"));
  let sections = 0;
  let outputsStarted = false;

  const readState = (): Record<string, string> => {
    if (!existsSync(stateFile)) return {};
    const parsed: unknown = JSON.parse(readFileSync(stateFile, "utf8"));
    return isRecord(parsed) ? Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)])) : {};
  };

  const io: StepIO = {
    getInput(name) {
      const value = env[gitlabVariable(name)] ?? "";
      const path = value.trim();
      if (FILE_INPUTS.has(name) && path.startsWith("/") && !path.includes("\n") && existsSync(path)) return readFileSync(path, "utf8");
      return value;
    },
    setOutput(name, value) {
      // A dotenv value is one short line; documents and anything longer go to a file the dotenv names.
      const key = gitlabVariable(name);
      let line = `${key}=${value}`;
      if (FILE_OUTPUTS.has(name) || value.includes("\n") || value.length > 1024) {
        const file = GITLAB_FILES.output(name);
        writeFileSync(join(projectDir, file), value);
        line = `${key}_FILE=${file}`;
      }
      if (!outputsStarted) writeFileSync(dotenv, "");
      outputsStarted = true;
      writeFileSync(dotenv, `${line}\n`, { flag: "a" });
    },
    saveState(name, value) {
      const state = { ...readState(), [name]: value };
      // Synchronous, as on GitHub: the state must be on disk before the next thing can fail.
      mkdirSync(tempDir, { recursive: true, mode: 0o700 });
      writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
    },
    getState: (name) => readState()[name] ?? "",
    async clearState() {
      await rm(stateFile, { force: true });
      await rmdir(tempDir).catch(() => undefined); // only when empty
    },
    mask(secret) {
      if (secret !== "" && !secrets.includes(secret)) secrets.push(secret);
      secrets.sort((a, b) => b.length - a.length);
    },
    info: print,
    warning(message, at) {
      const where = at ? `${at.file}${at.line > 0 ? `:${at.line}` : ""}: ${at.title ? `${at.title}: ` : ""}` : "";
      print(`${ESC}[33;1mWARNING: ${where}${message}${ESC}[0m`);
    },
    async group(title, fn) {
      const id = `remote_buildkit_${++sections}`;
      const seconds = (): number => Math.floor(now().getTime() / 1000);
      process.stdout.write(`${ESC}[0Ksection_start:${seconds()}:${id}[collapsed=true]\r${ESC}[0K${redact(title)}\n`);
      try {
        return await fn();
      } finally {
        process.stdout.write(`${ESC}[0Ksection_end:${seconds()}:${id}\r${ESC}[0K\n`);
      }
    },
    async writeSummary(markdown) {
      await writeFile(join(projectDir, GITLAB_FILES.summary), redact(markdown));
    },
    logSummary: (text) => io.group("Build summary", async () => print(text)),
    fail(message) {
      print(`${ESC}[31;1mERROR: ${message}${ESC}[0m`);
      process.exitCode = 1;
    },
  };
  return {
    io,
    job: {
      repository: env["CI_PROJECT_PATH"] ?? "",
      runId: env["CI_JOB_ID"] ?? String(now().getTime()),
      tempDir,
      tempDirVariable: env["CI_BUILDS_DIR"] ? "CI_BUILDS_DIR" : "CI_PROJECT_DIR",
      registryLogins() {
        const logins: RegistryLogin[] = [];
        const { CI_REGISTRY: registry, CI_REGISTRY_USER: username, CI_REGISTRY_PASSWORD: password } = env;
        if (registry && username && password) logins.push({ registry, username, password });
        if (env["DOCKER_AUTH_CONFIG"]) logins.push(...loginsFromDockerConfig(env["DOCKER_AUTH_CONFIG"]));
        for (const login of logins) io.mask(login.password);
        return logins;
      },
      // The template's `cache:` keeps this directory; the entry fills it.
      cacheStore: async () => mountsCache.store,
      fallbackCache: (scope) => (env["CI_REGISTRY_IMAGE"] ? registryCache(env["CI_REGISTRY_IMAGE"], scope) : undefined),
      // The template declares this directory as the job's artifacts.
      async keepArtifact(file) {
        const dir = join(projectDir, GITLAB_FILES.records);
        await mkdir(dir, { recursive: true });
        await copyFile(file, join(dir, basename(file)));
        return `the job's artifacts, ${GITLAB_FILES.records}/${basename(file)}`;
      },
      inJobDaemon: true,
      holdCache: () => mountsCache.hold(),
      releaseCache: () => mountsCache.release(),
    },
  };
}
