import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  UserError,
  errorMessage
} from "./chunk-6LI2S23S.js";
import {
  getInput,
  getState,
  group,
  info,
  saveState,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunk-UYRXZV7B.js";

// src/fallback/cache.ts
function defaultCacheScope(repository, file, target) {
  const parts = [repository, file || "Dockerfile", target].filter(Boolean).join("-");
  return parts.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase() || "remote-buildkit";
}
function githubActionsCache(scope, repository, githubToken) {
  const auth = githubToken ? `,repository=${repository},ghtoken=${githubToken}` : "";
  return { cacheFrom: [`type=gha,scope=${scope}${auth}`], cacheTo: [`type=gha,scope=${scope},mode=max${auth}`] };
}
function registryCache(registryImage, scope) {
  const ref = `${registryImage}/cache:${scope.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 128)}`;
  return { cacheFrom: [`type=registry,ref=${ref}`], cacheTo: [`type=registry,ref=${ref},mode=max`] };
}

// src/platform/github.ts
function githubPlatform(env) {
  const tempDir = env["RUNNER_TEMP"];
  if (!tempDir) throw new Error("RUNNER_TEMP is not set: this entry must run as a GitHub Actions step");
  return {
    name: "github",
    getInput: (name) => getInput(name),
    setOutput: (name, value) => setOutput(name, value),
    saveState: (name, value) => saveState(name, value),
    getState: (name) => getState(name),
    // The runner drops STATE_* with the job.
    clearState: async () => void 0,
    mask: (secret) => setSecret(secret),
    info: (message) => info(message),
    warning: (message) => warning(message),
    group: (title, fn) => group(title, fn),
    writeSummary: async (markdown) => {
      if (env["GITHUB_STEP_SUMMARY"]) await summary.addRaw(markdown, true).write();
    },
    logSummary: async (text) => info(text),
    // On GitHub, docker/login-action logs in before this step, as with build-push-action.
    registryLogins: () => [],
    repository: env["GITHUB_REPOSITORY"] ?? "",
    runId: `${env["GITHUB_RUN_ID"] ?? Date.now()}-${env["GITHUB_RUN_ATTEMPT"] ?? "1"}`,
    // Loaded only for a fallback build: @actions/cache is most of the bundle, and every step would
    // otherwise pay for reading it.
    cacheStore: async () => {
      const cache = await import("./cache-24MECQ7Q.js");
      return cache.isFeatureAvailable() ? {
        restore: (path, key, restoreKeys) => cache.restoreCache([path], key, [...restoreKeys]),
        save: async (path, key) => void await cache.saveCache([path], key)
      } : void 0;
    },
    fallbackCache: (scope, githubToken) => githubActionsCache(scope, env["GITHUB_REPOSITORY"] ?? "", githubToken),
    fail: (message) => setFailed(message),
    tempDir
  };
}

// src/platform/gitlab.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { rm, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

// src/registry/auth.ts
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function loginsFromDockerConfig(json) {
  let parsed;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error("DOCKER_AUTH_CONFIG is not valid JSON");
  }
  const auths = isRecord(parsed) && isRecord(parsed["auths"]) ? parsed["auths"] : {};
  const logins = [];
  for (const [registry, entry] of Object.entries(auths)) {
    if (!isRecord(entry)) continue;
    const { auth, username, password } = entry;
    if (typeof auth === "string" && auth !== "") {
      const decoded = Buffer.from(auth, "base64").toString("utf8");
      const at = decoded.indexOf(":");
      if (at > 0) logins.push({ registry, username: decoded.slice(0, at), password: decoded.slice(at + 1) });
    } else if (typeof username === "string" && typeof password === "string") {
      logins.push({ registry, username, password });
    }
  }
  return logins;
}
function dockerConfigWithLogins(existing, logins) {
  let base = {};
  try {
    const parsed = existing === "" ? {} : JSON.parse(existing);
    if (isRecord(parsed)) base = parsed;
  } catch {
  }
  const auths = isRecord(base["auths"]) ? { ...base["auths"] } : {};
  for (const login of logins) {
    auths[login.registry] = { auth: Buffer.from(`${login.username}:${login.password}`).toString("base64") };
  }
  return JSON.stringify({ ...base, auths }, null, 2);
}

// src/platform/gitlab-names.ts
function gitlabVariable(input) {
  return `REMOTE_BUILDKIT_${input.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}
var GITLAB_FILES = Object.freeze({
  dotenv: "remote-buildkit.env",
  summary: "remote-buildkit-summary.md",
  output: (name) => `remote-buildkit-${name}.json`
});
var FILE_OUTPUTS = /* @__PURE__ */ new Set(["metadata"]);

// src/platform/gitlab.ts
var FILE_INPUTS = /* @__PURE__ */ new Set(["ca-cert", "client-cert", "client-key"]);
var ESC = "\x1B";
function gitlabPlatform(env) {
  const projectDir = env["CI_PROJECT_DIR"];
  if (!projectDir) throw new Error("CI_PROJECT_DIR is not set: this entry must run in a GitLab CI job");
  const tempDir = join(env["CI_BUILDS_DIR"] || join(projectDir, ".."), `remote-buildkit-job-${env["CI_JOB_ID"] ?? "local"}`);
  const stateFile = join(tempDir, "state.json");
  const dotenv = join(projectDir, GITLAB_FILES.dotenv);
  const secrets = [];
  const redact = (text) => secrets.reduce((t, s) => t.split(s).join("[MASKED]"), text);
  const print = (text) => void process.stdout.write(`${redact(text)}
`);
  let sections = 0;
  let outputsStarted = false;
  const readState = () => {
    if (!existsSync(stateFile)) return {};
    const parsed = JSON.parse(readFileSync(stateFile, "utf8"));
    return typeof parsed === "object" && parsed !== null ? Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)])) : {};
  };
  const platform = {
    name: "gitlab",
    getInput(name) {
      const value = env[gitlabVariable(name)] ?? "";
      const path = value.trim();
      if (FILE_INPUTS.has(name) && path.startsWith("/") && !path.includes("\n") && existsSync(path)) return readFileSync(path, "utf8");
      return value;
    },
    setOutput(name, value) {
      const key = gitlabVariable(name);
      let line = `${key}=${value}`;
      if (FILE_OUTPUTS.has(name) || value.includes("\n") || value.length > 1024) {
        const file = GITLAB_FILES.output(name);
        writeFileSync(join(projectDir, file), value);
        line = `${key}_FILE=${file}`;
      }
      if (!outputsStarted) writeFileSync(dotenv, "");
      outputsStarted = true;
      writeFileSync(dotenv, `${line}
`, { flag: "a" });
    },
    saveState(name, value) {
      const state = { ...readState(), [name]: value };
      mkdirSync(tempDir, { recursive: true, mode: 448 });
      writeFileSync(stateFile, JSON.stringify(state), { mode: 384 });
    },
    getState: (name) => readState()[name] ?? "",
    async clearState() {
      await rm(stateFile, { force: true });
      await rmdir(tempDir).catch(() => void 0);
    },
    mask(secret) {
      if (secret !== "" && !secrets.includes(secret)) secrets.push(secret);
      secrets.sort((a, b) => b.length - a.length);
    },
    info: print,
    warning: (message) => print(`${ESC}[33;1mWARNING: ${message}${ESC}[0m`),
    async group(title, fn) {
      const id = `remote_buildkit_${++sections}`;
      const now = () => Math.floor(Date.now() / 1e3);
      process.stdout.write(`${ESC}[0Ksection_start:${now()}:${id}[collapsed=true]\r${ESC}[0K${redact(title)}
`);
      try {
        return await fn();
      } finally {
        process.stdout.write(`${ESC}[0Ksection_end:${now()}:${id}\r${ESC}[0K
`);
      }
    },
    async writeSummary(markdown) {
      await writeFile(join(projectDir, GITLAB_FILES.summary), redact(markdown));
    },
    logSummary: (text) => platform.group("Build summary", async () => print(text)),
    registryLogins() {
      const logins = [];
      const { CI_REGISTRY: registry, CI_REGISTRY_USER: username, CI_REGISTRY_PASSWORD: password } = env;
      if (registry && username && password) logins.push({ registry, username, password });
      if (env["DOCKER_AUTH_CONFIG"]) logins.push(...loginsFromDockerConfig(env["DOCKER_AUTH_CONFIG"]));
      for (const login of logins) platform.mask(login.password);
      return logins;
    },
    repository: env["CI_PROJECT_PATH"] ?? "",
    runId: env["CI_JOB_ID"] ?? String(Date.now()),
    // GitLab's cache is declared in the job's YAML, not reachable from a script.
    cacheStore: async () => void 0,
    fallbackCache: (scope) => env["CI_REGISTRY_IMAGE"] ? registryCache(env["CI_REGISTRY_IMAGE"], scope) : void 0,
    fail(message) {
      print(`${ESC}[31;1mERROR: ${message}${ESC}[0m`);
      process.exitCode = 1;
    },
    tempDir
  };
  return platform;
}

// src/platform/select.ts
function selectPlatform(env) {
  if (env["GITHUB_ACTIONS"] === "true") return githubPlatform(env);
  if (env["GITLAB_CI"] === "true") return gitlabPlatform(env);
  throw new Error("remote-buildkit runs as a GitHub Actions step (GITHUB_ACTIONS=true) or a GitLab CI job (GITLAB_CI=true)");
}

// src/run/cleanup.ts
import { existsSync as existsSync3 } from "node:fs";
import { rm as rm5 } from "node:fs/promises";

// src/cachemounts/keep.ts
import { createHash } from "node:crypto";
import { existsSync as existsSync2 } from "node:fs";
import { readdir, readFile, rm as rm2 } from "node:fs/promises";
import { isAbsolute, join as join3 } from "node:path";

// src/cachemounts/scan.ts
function instructions(text) {
  const joined = text.replace(/\r\n?/g, "\n").split("\n").filter((l) => !/^\s*#/.test(l)).join("\n").replace(/\\\n/g, " ");
  return joined.split("\n").map((l) => l.trim()).filter(Boolean);
}
function mountOptions(flag) {
  return new Map(flag.split(",").map((field) => {
    const at = field.indexOf("=");
    return at < 0 ? [field, "true"] : [field.slice(0, at), field.slice(at + 1)];
  }));
}
function findCacheMounts(dockerfile) {
  const stages = /* @__PURE__ */ new Map();
  let base = "";
  const found = /* @__PURE__ */ new Map();
  for (const line of instructions(dockerfile)) {
    const from = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const image = from[1] ?? "";
      base = stages.get(image.toLowerCase()) ?? (image === "scratch" || image.includes("$") ? "" : image);
      if (from[2]) stages.set(from[2].toLowerCase(), base);
      continue;
    }
    if (!/^RUN\s/i.test(line)) continue;
    for (const match of line.matchAll(/--mount=(\S+)/g)) {
      const options = mountOptions(match[1] ?? "");
      if (options.get("type") !== "cache") continue;
      const target = options.get("target") ?? options.get("dst") ?? options.get("destination") ?? "";
      if (!target) continue;
      const id = options.get("id") ?? target;
      const ownership = ["uid", "gid", "mode"].filter((k) => options.has(k)).map((k) => `,${k}=${options.get(k) ?? ""}`).join("");
      if (!found.has(id)) found.set(id, { id, target, base, ownership });
    }
  }
  return [...found.values()];
}
function mountDirName(id) {
  return id.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "mount";
}
var LOCKFILES = Object.freeze([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "go.sum",
  "Cargo.lock",
  "requirements.txt",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "Gemfile.lock",
  "composer.lock",
  "pom.xml",
  "build.gradle",
  "gradle.lockfile",
  "packages.lock.json",
  "mix.lock"
]);
function cacheMountKeys(scope, lockHash, runId) {
  const prefix = `remote-buildkit-cache-mounts-${scope}-`;
  return { key: `${prefix}${lockHash}-${runId}`, restoreKeys: [`${prefix}${lockHash}-`, prefix] };
}

// src/cachemounts/transfer.ts
import { randomBytes } from "node:crypto";
import { mkdir, writeFile as writeFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/process/spawn.ts
import { spawn } from "node:child_process";
var KEEP_STDERR = 64 * 1024;
function runCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"]
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let aborted = false;
    const timers = [];
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
      options.onOutput?.(chunk, "stdout");
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-KEEP_STDERR);
      options.onOutput?.(chunk, "stderr");
    });
    if (options.timeoutMs !== void 0) {
      timers.push(setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, options.timeoutMs));
    }
    const onAbort = () => {
      aborted = true;
      child.kill("SIGINT");
      timers.push(setTimeout(() => child.kill("SIGKILL"), options.graceMs ?? 1e4));
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    child.once("error", (err) => {
      timers.forEach(clearTimeout);
      reject(err);
    });
    child.once("close", (code) => {
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener("abort", onAbort);
      resolve({ code, stdout, stderr, timedOut, aborted });
    });
  });
}

// src/buildx/argv.ts
function argvForLog(args) {
  return args.map((a) => a.replace(/ghtoken=[^,\s"]+/g, "ghtoken=***")).join(" ");
}
function csvField(field) {
  return /[",\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
function createBuilderArgs(spec) {
  const opts = [`cacert=${spec.caCert}`, `cert=${spec.clientCert}`, `key=${spec.clientKey}`];
  if (spec.serverName) opts.push(`servername=${spec.serverName}`);
  return [
    "create",
    "--name",
    spec.name,
    ...spec.append ? ["--append"] : [],
    "--driver",
    "remote",
    ...spec.platform ? ["--platform", spec.platform] : [],
    "--driver-opt",
    opts.map(csvField).join(","),
    spec.endpoint.url
  ];
}
function buildArgs(inputs, plan) {
  const args = ["build", "--builder", plan.builder, "--iidfile", plan.imageIdFile, "--metadata-file", plan.metadataFile, "--progress=rawjson"];
  const each = (flag, values) => {
    for (const v of values) args.push(flag, v);
  };
  const one = (flag, value) => {
    if (value !== "") args.push(flag, value);
  };
  const when = (flag, on) => {
    if (on) args.push(flag);
  };
  each("--add-host", inputs.addHosts);
  if (inputs.allow.length > 0) args.push("--allow", inputs.allow.join(","));
  each("--annotation", inputs.annotations);
  each("--build-arg", inputs.buildArgs);
  each("--build-context", inputs.buildContexts);
  each("--cache-from", [...inputs.cacheFrom, ...plan.extraCacheFrom]);
  each("--cache-to", [...inputs.cacheTo, ...plan.extraCacheTo]);
  one("--file", inputs.file);
  each("--label", inputs.labels);
  when("--load", inputs.load);
  one("--network", inputs.network);
  when("--no-cache", inputs.noCache);
  each("--no-cache-filter", inputs.noCacheFilters);
  each("--output", inputs.outputs);
  if (inputs.platforms.length > 0) args.push("--platform", inputs.platforms.join(","));
  if (inputs.provenance !== "") args.push(`--provenance=${inputs.provenance}`);
  when("--pull", inputs.pull);
  when("--push", inputs.push);
  if (inputs.sbom !== "") args.push(`--sbom=${inputs.sbom}`);
  for (const s of plan.secrets) {
    const source = "file" in s ? `src=${s.file}` : `env=${s.env}`;
    args.push("--secret", [`id=${s.id}`, source].map(csvField).join(","));
  }
  one("--shm-size", inputs.shmSize);
  each("--ssh", inputs.ssh);
  each("--tag", inputs.tags);
  one("--target", inputs.target);
  each("--ulimit", inputs.ulimit);
  args.push(inputs.context);
  return args;
}

// src/buildx/inspect.ts
function parseInspect(text) {
  const nodesText = text.split(/^Nodes:\s*$/m)[1] ?? "";
  return nodesText.split(/^(?=Name:)/m).filter((block) => /^Name:/.test(block)).map((block) => {
    const field = (label) => (new RegExp(`^${label}:[ \\t]*(.*)$`, "m").exec(block)?.[1] ?? "").trim();
    const platforms = field("Platforms").split(",").map((p) => p.trim().replace(/\*$/, "")).filter(Boolean);
    return { name: field("Name"), endpoint: field("Endpoint"), status: field("Status"), buildkitVersion: field("BuildKit version"), platforms, error: field("Error") };
  });
}
function parseMetadata(text) {
  const parsed = JSON.parse(text);
  const record = typeof parsed === "object" && parsed !== null ? parsed : {};
  const str = (key) => typeof record[key] === "string" ? record[key] : "";
  return { digest: str("containerimage.digest"), imageId: str("containerimage.config.digest"), json: JSON.stringify(parsed) };
}

// src/buildx/builder.ts
function callBuildx(buildx, where, args, options = {}) {
  const env = { ...process.env, ...where.buildxConfig ? { BUILDX_CONFIG: where.buildxConfig } : {}, ...where.dockerConfig ? { DOCKER_CONFIG: where.dockerConfig } : {} };
  return runCommand(buildx.file, [...buildx.prefix, ...args], { ...options, env });
}
function failure(what, result) {
  const why = result.timedOut ? "timed out" : `exited with ${result.code}`;
  return new Error(`${what} ${why}: ${result.stderr.trim().split("\n").slice(-5).join("\n")}`);
}
async function createRemoteBuilder(buildx, where, spec) {
  const result = await callBuildx(buildx, where, createBuilderArgs(spec), { timeoutMs: 3e4 });
  if (result.code !== 0) throw failure("buildx create", result);
}
async function bootBuilder(buildx, where, name, timeoutMs) {
  const result = await callBuildx(buildx, where, ["inspect", "--bootstrap", "--builder", name], { timeoutMs });
  if (result.timedOut) throw new Error(`the builder did not boot within ${timeoutMs / 1e3} s`);
  const nodes = parseInspect(result.stdout);
  const down = nodes.find((n) => n.status !== "running");
  if (result.code !== 0 || nodes.length === 0 || down) {
    const detail = down?.error || result.stderr.trim().split("\n").slice(-3).join(" ") || `status ${down?.status || "unknown"}`;
    throw new Error(`the builder did not boot${down ? ` (node ${down.endpoint || down.name})` : ""}: ${detail}`);
  }
  return nodes;
}
async function createContainerBuilder(buildx, where, name) {
  const result = await callBuildx(buildx, where, ["create", "--name", name, "--driver", "docker-container"], { timeoutMs: 3e4 });
  if (result.code !== 0) throw failure("buildx create --driver docker-container", result);
}
async function removeBuilder(buildx, where, name) {
  const result = await callBuildx(buildx, where, ["rm", name], { timeoutMs: 3e4 });
  return result.code === 0;
}

// src/cachemounts/dockerfiles.ts
function stagePerMount(mounts, run, collect) {
  const lines = ["ARG RBK_STAMP"];
  mounts.forEach((m, i) => lines.push(`FROM ${m.base} AS mount${i}`, "ARG RBK_STAMP", run(m, i, mountDirName(m.id))));
  lines.push("FROM scratch", ...mounts.map((_, i) => collect(i)));
  return `${lines.join("\n")}
`;
}
function cacheMount(m) {
  return `--mount=type=cache,id=${m.id},target=${m.target}${m.ownership}`;
}
function injectDockerfile(mounts) {
  return stagePerMount(
    mounts,
    (m, i, dir) => `RUN ${cacheMount(m)} --mount=type=bind,from=restored,source=${dir},target=/rbk-restored sh -c 'cp -a /rbk-restored/. "${m.target}/" && echo "$RBK_STAMP" > /rbk-done-${i}'`,
    (i) => `COPY --from=mount${i} /rbk-done-${i} /`
  );
}
function extractDockerfile(mounts) {
  return stagePerMount(
    mounts,
    (m, _i, dir) => `RUN ${cacheMount(m)} sh -c 'mkdir -p /rbk-out/${dir} && cp -a "${m.target}/." /rbk-out/${dir}/ && echo "$RBK_STAMP" > /dev/null'`,
    (i) => `COPY --from=mount${i} /rbk-out/ /`
  );
}

// src/cachemounts/transfer.ts
async function buildSmall(buildx, target, dockerfile, workDir, extra, what) {
  await mkdir(workDir, { recursive: true });
  const file = join2(workDir, "Dockerfile");
  await writeFile2(file, dockerfile);
  const args = ["build", "--builder", target.name, "--progress=plain", "--file", file, "--build-arg", `RBK_STAMP=${randomBytes(8).toString("hex")}`, ...extra, workDir];
  const result = await callBuildx(buildx, target.where, args, { timeoutMs: 15 * 6e4 });
  if (result.code !== 0) throw new Error(`${what} failed: ${result.stderr.trim().split("\n").slice(-3).join(" ")}`);
}
async function injectCacheMounts(buildx, target, mounts, restoredDir, workDir) {
  await buildSmall(buildx, target, injectDockerfile(mounts), workDir, ["--build-context", `restored=${restoredDir}`, "--output", "type=cacheonly"], "copying the cache mounts into the builder");
}
async function extractCacheMounts(buildx, target, mounts, outDir, workDir) {
  await buildSmall(buildx, target, extractDockerfile(mounts), workDir, ["--output", `type=local,dest=${outDir}`], "copying the cache mounts out of the builder");
}

// src/cachemounts/keep.ts
function mountsDir(tempDir) {
  return join3(tempDir, "remote-buildkit-cache-mounts");
}
async function lockfileHash(context) {
  const hash = createHash("sha256");
  const walk = async (dir, depth) => {
    const entries = (await readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join3(dir, entry.name);
      if (entry.isFile() && LOCKFILES.includes(entry.name)) hash.update(path.slice(context.length)).update(await readFile(path));
      else if (entry.isDirectory() && depth < 3 && !["node_modules", ".git", "vendor", "target", "dist"].includes(entry.name)) await walk(path, depth + 1);
    }
  };
  await walk(context, 1);
  return hash.digest("hex").slice(0, 16);
}
async function planCacheMounts(inputs, cwd, tempDir, scope, runId) {
  if (inputs.cacheMounts.mode === "off") return "cache-mounts is off";
  if (/^[a-z]+:\/\//i.test(inputs.context) || inputs.context.startsWith("git@")) return "the context is not a local directory";
  const context = isAbsolute(inputs.context) ? inputs.context : join3(cwd, inputs.context);
  const file = inputs.file ? isAbsolute(inputs.file) ? inputs.file : join3(cwd, inputs.file) : join3(context, "Dockerfile");
  const dockerfile = await readFile(file, "utf8").catch(() => "");
  const scanned = findCacheMounts(dockerfile);
  const wanted = inputs.cacheMounts.mode === "list" ? inputs.cacheMounts.mounts.map((m) => scanned.find((s) => s.id === m.id || s.target === m.target) ?? { ...m, base: "", ownership: "" }) : scanned;
  const mounts = wanted.filter((m) => m.base !== "");
  if (mounts.length === 0) {
    return wanted.length === 0 ? "the Dockerfile has no RUN --mount=type=cache" : "their stages run on no image with a shell (scratch, or an image named by an ARG)";
  }
  const keys = cacheMountKeys(scope, await lockfileHash(context), runId);
  return { mounts, dir: mountsDir(tempDir), ...keys };
}
async function restoreCacheMounts(plan, store, buildx, target, workDir, log) {
  try {
    await rm2(plan.dir, { recursive: true, force: true });
    const matched = await store.restore(plan.dir, plan.key, plan.restoreKeys);
    if (!matched || !existsSync2(plan.dir)) {
      log(`No saved cache mounts for ${plan.mounts.map((m) => m.target).join(", ")} yet`);
      return;
    }
    const present = new Set(await readdir(plan.dir));
    const restored = plan.mounts.filter((m) => present.has(mountDirName(m.id)));
    if (restored.length > 0) await injectCacheMounts(buildx, target, restored, plan.dir, workDir);
    log(`Restored ${restored.map((m) => m.target).join(", ")} from the cache entry ${matched}`);
  } catch (err) {
    log(`Could not restore the cache mounts: ${errorMessage(err)}`);
  } finally {
    await rm2(plan.dir, { recursive: true, force: true });
  }
}
async function saveCacheMounts(plan, store, buildx, target, workDir, log) {
  try {
    await rm2(plan.dir, { recursive: true, force: true });
    await extractCacheMounts(buildx, target, plan.mounts, plan.dir, workDir);
    await store.save(plan.dir, plan.key);
    log(`Saved ${plan.mounts.map((m) => m.target).join(", ")} as the cache entry ${plan.key}`);
  } catch (err) {
    log(`Could not save the cache mounts: ${errorMessage(err)}`);
  } finally {
    await rm2(plan.dir, { recursive: true, force: true });
  }
}

// src/run/cleanup.ts
import { basename } from "node:path";

// src/buildx/locate.ts
import { createHash as createHash2 } from "node:crypto";
import { chmod, readFile as readFile2, rm as rm3 } from "node:fs/promises";
import { join as join4 } from "node:path";

// src/buildx/release.ts
var DEFAULT_BUILDX_VERSION = "v0.36.1";
var RELEASES_URL = "https://github.com/docker/buildx/releases/download";
var ARCHES = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm-v7",
  ppc64: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64"
};
function releaseAssetName(version, platform, arch) {
  const goArch = ARCHES[arch];
  if (!goArch) throw new Error(`buildx publishes no release for the ${arch} architecture`);
  const os = platform === "win32" ? "windows" : platform;
  return `buildx-${version}.${os}-${goArch}${os === "windows" ? ".exe" : ""}`;
}
function checksumFor(checksums, asset) {
  for (const line of checksums.split("\n")) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/.exec(line.trim());
    if (match && match[2] === asset) return match[1];
  }
  return void 0;
}
function parseBuildxVersion(output) {
  return /\s(v\d+\.\d+\.\d+\S*)/.exec(output)?.[1];
}

// src/buildx/locate.ts
function describeBuildx(cmd) {
  return JSON.stringify([cmd.file, ...cmd.prefix]);
}
function buildxFromDescription(text) {
  try {
    const parsed = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === "string") || parsed.length === 0) return void 0;
    const [file = "", ...prefix] = parsed;
    return { file, prefix, version: "" };
  } catch {
    return void 0;
  }
}
async function probe(file, prefix) {
  try {
    const result = await runCommand(file, [...prefix, "version"], { timeoutMs: 15e3 });
    const version = result.code === 0 ? parseBuildxVersion(result.stdout) : void 0;
    return version ? { file, prefix, version } : void 0;
  } catch {
    return void 0;
  }
}
async function locateBuildx(options) {
  const found = await probe("docker", ["buildx"]) ?? await probe("buildx", []);
  if (found && (options.wanted === "" || found.version === options.wanted)) {
    options.log(`Using ${[found.file, ...found.prefix].join(" ")} ${found.version}`);
    return found;
  }
  const version = options.wanted || DEFAULT_BUILDX_VERSION;
  options.log(found ? `The runner has buildx ${found.version}; installing ${version}` : `No buildx on this runner; installing ${version}`);
  const file = await installBuildx(version, RELEASES_URL);
  return { file, prefix: [], version };
}
async function download(toolCache, url, version) {
  try {
    return await toolCache.downloadTool(url);
  } catch (err) {
    throw new UserError("buildx-version", `${version} could not be downloaded from ${url} (${errorMessage(err)})`, "set buildx-version to a published buildx release, or leave it empty");
  }
}
async function installBuildx(version, releasesUrl) {
  const toolCache = await import("./tool-cache-7I73IAFJ.js");
  const semver = version.replace(/^v/, "");
  const cached = toolCache.find("buildx", semver);
  const binaryName = process.platform === "win32" ? "buildx.exe" : "buildx";
  if (cached) return join4(cached, binaryName);
  const asset = releaseAssetName(version, process.platform, process.arch);
  const base = `${releasesUrl.replace(/\/$/, "")}/${version}`;
  const checksumsFile = await download(toolCache, `${base}/checksums.txt`, version);
  const checksums = await readFile2(checksumsFile, "utf8");
  await rm3(checksumsFile, { force: true });
  const expected = checksumFor(checksums, asset);
  if (!expected) throw new Error(`buildx ${version}: checksums.txt lists no ${asset}`);
  const downloaded = await download(toolCache, `${base}/${asset}`, version);
  const actual = createHash2("sha256").update(await readFile2(downloaded)).digest("hex");
  if (actual !== expected) {
    await rm3(downloaded, { force: true });
    throw new Error(`buildx ${version}: ${asset} has SHA-256 ${actual}, but checksums.txt says ${expected}; refusing to run it`);
  }
  await chmod(downloaded, 493);
  const dir = await toolCache.cacheFile(downloaded, binaryName, "buildx", semver);
  await rm3(downloaded, { force: true });
  return join4(dir, binaryName);
}

// src/files/workspace.ts
import { chmod as chmod2, mkdir as mkdir2, mkdtemp, rm as rm4, writeFile as writeFile3 } from "node:fs/promises";
import { join as join5 } from "node:path";
var WORKSPACE_PREFIX = "remote-buildkit-";
function workspacePaths(dir) {
  return {
    dir,
    caCert: join5(dir, "certs", "ca.pem"),
    clientCert: join5(dir, "certs", "cert.pem"),
    clientKey: join5(dir, "certs", "key.pem"),
    buildxConfig: join5(dir, "buildx"),
    dockerConfig: join5(dir, "docker"),
    secretsDir: join5(dir, "secrets"),
    metadataFile: join5(dir, "metadata.json"),
    imageIdFile: join5(dir, "image-id")
  };
}
async function createWorkspace(parent) {
  await mkdir2(parent, { recursive: true });
  const dir = await mkdtemp(join5(parent, WORKSPACE_PREFIX));
  await chmod2(dir, 448);
  const paths = workspacePaths(dir);
  for (const sub of [join5(dir, "certs"), paths.buildxConfig, paths.secretsDir]) await mkdir2(sub, { mode: 448 });
  return paths;
}
async function writePrivateFile(path, content) {
  await writeFile3(path, content, { mode: 384, flag: "wx" });
}
async function removeWorkspace(dir) {
  await rm4(dir, { recursive: true, force: true });
}

// src/run/state.ts
var STATE = Object.freeze({
  workspace: "workspace",
  /** JSON list of the builders made in the job's buildx configuration. */
  builders: "builders",
  buildx: "buildx"
});

// src/run/cleanup.ts
async function cleanUp(platform, dir, buildx, builders) {
  if (dir === "" || !existsSync3(dir)) return false;
  if (!basename(dir).startsWith(WORKSPACE_PREFIX)) {
    platform.warning(`Not removing ${dir}: it is not a directory this action made`);
    return false;
  }
  for (const builder of builders) {
    if (!buildx) break;
    const removed = await removeBuilder(buildx, { buildxConfig: workspacePaths(dir).buildxConfig }, builder).catch(() => false);
    if (removed) platform.info(`Removed builder ${builder}`);
  }
  await removeWorkspace(dir);
  return true;
}
async function runPost(platform) {
  const dir = platform.getState(STATE.workspace);
  if (dir === "") {
    platform.info("Nothing to clean up");
    return;
  }
  const buildx = buildxFromDescription(platform.getState(STATE.buildx));
  const removed = await cleanUp(platform, dir, buildx, parseBuilders(platform.getState(STATE.builders)));
  await rm5(mountsDir(platform.tempDir), { recursive: true, force: true });
  await platform.clearState();
  platform.info(removed ? "Removed what the main step left: the builder, its certificates and its state" : "The main step already removed the builder, its certificates and its state");
}
function parseBuilders(text) {
  try {
    const parsed = JSON.parse(text || "[]");
    return Array.isArray(parsed) ? parsed.filter((b) => typeof b === "string") : [];
  } catch {
    return [];
  }
}

export {
  defaultCacheScope,
  dockerConfigWithLogins,
  selectPlatform,
  argvForLog,
  buildArgs,
  describeBuildx,
  locateBuildx,
  parseMetadata,
  callBuildx,
  createRemoteBuilder,
  bootBuilder,
  createContainerBuilder,
  planCacheMounts,
  restoreCacheMounts,
  saveCacheMounts,
  createWorkspace,
  writePrivateFile,
  STATE,
  cleanUp,
  runPost
};
