import { createRequire as __rbkCreateRequire } from "node:module"; const require = __rbkCreateRequire(import.meta.url);
import {
  UserError,
  errorMessage,
  quoted
} from "./chunk-B65RHDLF.js";

// src/buildx/locate.ts
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

// src/process/spawn.ts
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
var KEEP_STDERR = 64 * 1024;
var OUTPUT_AFTER_EXIT_MS = 2e3;
function runCommand(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"]
    });
    child.stdin.on("error", () => void 0);
    if (options.stdin) options.stdin.on("error", () => child.stdin.destroy()).pipe(child.stdin);
    else child.stdin.end();
    if (options.background && child.pid !== void 0) {
      try {
        setPriority(child.pid, 19);
      } catch {
      }
    }
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
      if (child.exitCode !== null || child.signalCode !== null) return;
      aborted = true;
      child.kill("SIGINT");
      timers.push(setTimeout(() => child.kill("SIGKILL"), options.graceMs ?? 1e4));
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    child.once("error", (err) => {
      timers.forEach(clearTimeout);
      options.stdin?.destroy();
      reject(err);
    });
    let settled = false;
    const finish = (code) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener("abort", onAbort);
      options.stdin?.destroy();
      resolve({ code, stdout, stderr, timedOut, aborted });
    };
    child.once("exit", (code) => {
      if (aborted) return;
      timers.push(setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }, OUTPUT_AFTER_EXIT_MS));
    });
    child.once("close", (code) => finish(code));
  });
}
function startDetached(command, args, env) {
  const child = spawn(command, args, { env, stdio: "ignore", detached: true });
  child.once("error", () => void 0);
  child.unref();
}
function lastLines(output, count) {
  return output.trimEnd().split("\n").slice(-count);
}

// src/buildx/release.ts
var DEFAULT_BUILDX_VERSION = "v0.38.2";
var RELEASES_URL = "https://github.com/docker/buildx/releases/download";
var ARCHES = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm-v7",
  ppc64: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64"
};
function releaseAssetName(version, platform2, arch2) {
  const goArch = ARCHES[arch2];
  if (!goArch) throw new Error(`buildx publishes no release for the ${arch2} architecture`);
  const os5 = platform2 === "win32" ? "windows" : platform2;
  return `buildx-${version}.${os5}-${goArch}${os5 === "windows" ? ".exe" : ""}`;
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
function buildxFromDescription(text2, env) {
  try {
    const parsed = JSON.parse(text2);
    if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === "string") || parsed.length === 0) return void 0;
    const [file = "", ...prefix] = parsed;
    return { file, prefix, version: "", env };
  } catch {
    return void 0;
  }
}
async function probe(file, prefix, env) {
  try {
    const result = await runCommand(file, [...prefix, "version"], { timeoutMs: 15e3, env });
    const version = result.code === 0 ? parseBuildxVersion(result.stdout) : void 0;
    return version ? { file, prefix, version, env } : void 0;
  } catch {
    return void 0;
  }
}
function pluginCandidates(env, home) {
  const userDir = join(env["DOCKER_CONFIG"] || join(home, ".docker"), "cli-plugins");
  const systemDirs = ["/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"];
  return [userDir, ...systemDirs].map((dir) => join(dir, "docker-buildx"));
}
async function runnersBuildx(host) {
  const plugin = host.os === "linux" ? pluginCandidates(host.env, host.home).find((p) => existsSync(p)) : void 0;
  return (plugin ? await probe(plugin, [], host.env) : void 0) ?? await probe("docker", ["buildx"], host.env) ?? await probe("buildx", [], host.env);
}
function hostBuildx(host) {
  return {
    runners: () => runnersBuildx(host),
    install: async (version) => ({ file: await installBuildx(version, RELEASES_URL, host), prefix: [], version, env: host.env })
  };
}
function chooseBuildx(found, wanted) {
  if (found && (wanted === "" || found.version === wanted)) return { use: found, log: `Using ${[found.file, ...found.prefix].join(" ")} ${found.version}` };
  const version = wanted || DEFAULT_BUILDX_VERSION;
  return { install: version, log: found ? `The runner has buildx ${found.version}; installing ${version}` : `No buildx on this runner; installing ${version}` };
}
async function download(toolCache, url, version) {
  try {
    return await toolCache.downloadTool(url);
  } catch (err) {
    throw new UserError("buildx-version", `${version} could not be downloaded from ${url} (${errorMessage(err)})`, "set buildx-version to a published buildx release, or leave it empty");
  }
}
async function installBuildx(version, releasesUrl, host) {
  const toolCache = await import("./actions-tool-cache.js");
  const semver = version.replace(/^v/, "");
  const cached = toolCache.find("buildx", semver);
  const binaryName = host.os === "win32" ? "buildx.exe" : "buildx";
  if (cached) return join(cached, binaryName);
  const asset = releaseAssetName(version, host.os, host.arch);
  const base = `${releasesUrl.replace(/\/$/, "")}/${version}`;
  const checksumsFile = await download(toolCache, `${base}/checksums.txt`, version);
  const checksums = await readFile(checksumsFile, "utf8");
  await rm(checksumsFile, { force: true });
  const expected = checksumFor(checksums, asset);
  if (!expected) throw new Error(`buildx ${version}: checksums.txt lists no ${asset}`);
  const downloaded = await download(toolCache, `${base}/${asset}`, version);
  const actual = createHash("sha256").update(await readFile(downloaded)).digest("hex");
  if (actual !== expected) {
    await rm(downloaded, { force: true });
    throw new Error(`buildx ${version}: ${asset} has SHA-256 ${actual}, but checksums.txt says ${expected}; refusing to run it`);
  }
  await chmod(downloaded, 493);
  const dir = await toolCache.cacheFile(downloaded, binaryName, "buildx", semver);
  await rm(downloaded, { force: true });
  return join(dir, binaryName);
}

// src/platform/host.ts
import { freemem, homedir, totalmem } from "node:os";
function processHost() {
  return { env: process.env, cwd: process.cwd(), home: homedir(), os: process.platform, arch: process.arch, uid: process.getuid?.(), freeMemoryBytes: freemem(), totalMemoryBytes: totalmem() };
}
var systemClock = () => /* @__PURE__ */ new Date();

// src/platform/github.ts
import { basename, dirname } from "node:path";

// node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
function issue(name, message = "") {
  issueCommand(name, {}, message);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s2) {
  return toCommandValue(s2).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s2) {
  return toCommandValue(s2).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/@actions/core/lib/core.js
import * as os4 from "os";

// node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text2, addEOL = false) {
    this._buffer += text2;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row) => {
      const cells = row.map((cell) => {
        if (typeof cell === "string") {
          return this.wrap("td", cell);
        }
        const { header, data, colspan, rowspan } = cell;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text2, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text2);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text2, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text2, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text2, href) {
    const element = this.wrap("a", text2, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;

// node_modules/@actions/core/lib/platform.js
import os3 from "os";

// node_modules/@actions/io/lib/io-util.js
import * as fs2 from "fs";
var { chmod: chmod2, copyFile, lstat, mkdir, open, readdir, rename, rm: rm2, rmdir, stat, symlink, unlink } = fs2.promises;
var IS_WINDOWS = process.platform === "win32";
var READONLY = fs2.constants.O_RDONLY;

// node_modules/@actions/exec/lib/toolrunner.js
var IS_WINDOWS2 = process.platform === "win32";

// node_modules/@actions/core/lib/platform.js
var platform = os3.platform();
var arch = os3.arch();

// node_modules/@actions/core/lib/core.js
var __awaiter2 = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os4.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os4.EOL);
}
function startGroup(name) {
  issue("group", name);
}
function endGroup() {
  issue("endgroup");
}
function group(name, fn) {
  return __awaiter2(this, void 0, void 0, function* () {
    startGroup(name);
    let result;
    try {
      result = yield fn();
    } finally {
      endGroup();
    }
    return result;
  });
}
function saveState(name, value) {
  const filePath = process.env["GITHUB_STATE"] || "";
  if (filePath) {
    return issueFileCommand("STATE", prepareKeyValueMessage(name, value));
  }
  issueCommand("save-state", { name }, toCommandValue(value));
}
function getState(name) {
  return process.env[`STATE_${name}`] || "";
}

// src/platform/github.ts
function githubActionsCache(scope, repository, githubToken) {
  const auth = githubToken ? `,repository=${repository},ghtoken=${githubToken}` : "";
  return { cacheFrom: [`type=gha,scope=${scope}${auth}`], cacheTo: [`type=gha,scope=${scope},mode=max${auth}`] };
}
function githubPlatform(env, now) {
  const tempDir = env["RUNNER_TEMP"];
  if (!tempDir) throw new Error("RUNNER_TEMP is not set: this entry must run as a GitHub Actions step");
  const repository = env["GITHUB_REPOSITORY"] ?? "";
  const artifactService = Boolean(env["ACTIONS_RESULTS_URL"] && env["ACTIONS_RUNTIME_TOKEN"]);
  let artifactModule;
  const loadArtifact = () => artifactModule ??= import("./actions-artifact.js");
  return {
    io: {
      getInput: (name) => getInput(name),
      setOutput: (name, value) => setOutput(name, value),
      saveState: (name, value) => saveState(name, value),
      getState: (name) => getState(name),
      // The runner drops STATE_* with the job.
      clearState: async () => void 0,
      mask: (secret) => setSecret(secret),
      info: (message) => info(message),
      warning: (message, at) => warning(message, at && { title: at.title, file: at.file, ...at.line > 0 ? { startLine: at.line } : {} }),
      group: (title, fn) => group(title, fn),
      writeSummary: async (markdown) => {
        if (env["GITHUB_STEP_SUMMARY"]) await summary.addRaw(markdown, true).write();
      },
      logSummary: async (text2) => info(text2),
      fail: (message) => setFailed(message)
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
        const cache = await import("./actions-cache.js");
        return cache.isFeatureAvailable() ? {
          restore: (path, key, restoreKeys) => cache.restoreCache([path], key, [...restoreKeys]),
          lookup: (path, key, restoreKeys) => cache.restoreCache([path], key, [...restoreKeys], { lookupOnly: true }),
          // -1: the service refused the key (another job saved it first); @actions/cache only logs that.
          save: async (path, key) => {
            if (await cache.saveCache([path], key) === -1) throw new Error(`the cache service did not take the entry ${key}`);
          }
        } : void 0;
      },
      fallbackCache: (scope, githubToken) => githubActionsCache(scope, repository, githubToken),
      // Reading the artifact client's bundle takes about a second of CPU: done while the build runs, it costs the step nothing.
      prepareArtifacts: () => {
        if (artifactService) loadArtifact().catch(() => void 0);
      },
      keepArtifact: !artifactService ? void 0 : async (file) => {
        const { DefaultArtifactClient } = await loadArtifact();
        const { id } = await new DefaultArtifactClient().uploadArtifact(basename(file), [file], dirname(file), { skipArchive: true });
        const { GITHUB_SERVER_URL: server = "https://github.com", GITHUB_RUN_ID: run } = env;
        const link2 = id !== void 0 && repository && run ? `, ${server}/${repository}/actions/runs/${run}/artifacts/${id}` : "";
        return `the workflow artifact ${basename(file)}${link2}`;
      }
    }
  };
}

// src/platform/gitlab.ts
import { existsSync as existsSync3, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { copyFile as copyFile3, mkdir as mkdir3, rm as rm4, rmdir as rmdir2, writeFile as writeFile3 } from "node:fs/promises";
import { basename as basename2, join as join3 } from "node:path";

// src/json.ts
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// src/platform/gitlab-auth.ts
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

// src/platform/gitlab-cache.ts
import { copyFile as copyFile2, link, mkdir as mkdir2, readdir as readdir2, readFile as readFile2, rename as rename2, rm as rm3, writeFile as writeFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";
var KEY_FILE = "remote-buildkit-key";
async function linkOrCopy(from, to) {
  await link(from, to).catch(() => copyFile2(from, to));
}
async function move(from, to) {
  await rm3(to, { recursive: true, force: true });
  await rename2(from, to).catch(async () => {
    await mkdir2(to, { recursive: true });
    for (const name of await readdir2(from)) await copyFile2(join2(from, name), join2(to, name));
    await rm3(from, { recursive: true, force: true });
  });
}
function gitlabDirectoryCache(cacheDir, heldDir, pendingDir) {
  const exists2 = async (dir) => await readdir2(dir).catch(() => void 0) !== void 0;
  const lookup = async (key, restoreKeys) => {
    const saved = (await readFile2(join2(heldDir, KEY_FILE), "utf8").catch(() => "")).trim();
    return saved === "" || saved !== key && !restoreKeys.some((k) => saved.startsWith(k)) ? void 0 : saved;
  };
  return {
    store: {
      lookup: (_path, key, restoreKeys) => lookup(key, restoreKeys),
      async restore(path, key, restoreKeys) {
        const saved = await lookup(key, restoreKeys);
        if (saved === void 0) return void 0;
        await mkdir2(path, { recursive: true });
        for (const name of await readdir2(heldDir)) if (name !== KEY_FILE) await linkOrCopy(join2(heldDir, name), join2(path, name));
        return saved;
      },
      async save(path, key) {
        await move(path, pendingDir);
        await writeFile2(join2(pendingDir, KEY_FILE), `${key}
`);
      }
    },
    async hold() {
      if (await exists2(cacheDir)) await move(cacheDir, heldDir);
    },
    async release() {
      const from = await exists2(pendingDir) ? pendingDir : await exists2(heldDir) ? heldDir : void 0;
      if (!from) return false;
      await move(from, cacheDir);
      await rm3(heldDir, { recursive: true, force: true });
      return true;
    }
  };
}

// src/platform/gitlab-names.ts
function gitlabVariable(input) {
  return `REMOTE_BUILDKIT_${input.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}
var GITLAB_FILES = Object.freeze({
  dotenv: "remote-buildkit.env",
  summary: "remote-buildkit-summary.md",
  output: (name) => `remote-buildkit-${name}.json`,
  /** A directory: each build's record (`.dockerbuild`), for Docker Desktop's build view. */
  records: "remote-buildkit-records"
});
var FILE_OUTPUTS = /* @__PURE__ */ new Set(["metadata"]);
var GITLAB_CACHE_DIR = ".remote-buildkit-cache-mounts";

// src/platform/gitlab.ts
var FILE_INPUTS = /* @__PURE__ */ new Set(["ca-cert", "client-cert", "client-key"]);
var ESC = "\x1B";
function registryCache(registryImage, scope) {
  const ref = `${registryImage}/cache:${scope.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 128)}`;
  return { cacheFrom: [`type=registry,ref=${ref}`], cacheTo: [`type=registry,ref=${ref},mode=max`] };
}
function gitlabPlatform(env, now) {
  const projectDir = env["CI_PROJECT_DIR"];
  if (!projectDir) throw new Error("CI_PROJECT_DIR is not set: this entry must run in a GitLab CI job");
  const tempDir = join3(env["CI_BUILDS_DIR"] || join3(projectDir, ".."), `remote-buildkit-job-${env["CI_JOB_ID"] ?? "local"}`);
  const stateFile = join3(tempDir, "state.json");
  const dotenv = join3(projectDir, GITLAB_FILES.dotenv);
  const secrets = [];
  const redact = (text2) => secrets.reduce((t, s2) => t.split(s2).join("[MASKED]"), text2);
  const print = (text2) => void process.stdout.write(`${redact(text2)}
`);
  const mountsCache = gitlabDirectoryCache(join3(projectDir, GITLAB_CACHE_DIR), join3(tempDir, "cache-mounts-held"), join3(tempDir, "cache-mounts-saved"));
  let sections = 0;
  let outputsStarted = false;
  const readState = () => {
    if (!existsSync3(stateFile)) return {};
    const parsed = JSON.parse(readFileSync(stateFile, "utf8"));
    return isRecord(parsed) ? Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)])) : {};
  };
  const io = {
    getInput(name) {
      const value = env[gitlabVariable(name)] ?? "";
      const path = value.trim();
      if (FILE_INPUTS.has(name) && path.startsWith("/") && !path.includes("\n") && existsSync3(path)) return readFileSync(path, "utf8");
      return value;
    },
    setOutput(name, value) {
      const key = gitlabVariable(name);
      let line = `${key}=${value}`;
      if (FILE_OUTPUTS.has(name) || value.includes("\n") || value.length > 1024) {
        const file = GITLAB_FILES.output(name);
        writeFileSync(join3(projectDir, file), value);
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
      await rm4(stateFile, { force: true });
      await rmdir2(tempDir).catch(() => void 0);
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
      const seconds = () => Math.floor(now().getTime() / 1e3);
      process.stdout.write(`${ESC}[0Ksection_start:${seconds()}:${id}[collapsed=true]\r${ESC}[0K${redact(title)}
`);
      try {
        return await fn();
      } finally {
        process.stdout.write(`${ESC}[0Ksection_end:${seconds()}:${id}\r${ESC}[0K
`);
      }
    },
    async writeSummary(markdown) {
      await writeFile3(join3(projectDir, GITLAB_FILES.summary), redact(markdown));
    },
    logSummary: (text2) => io.group("Build summary", async () => print(text2)),
    fail(message) {
      print(`${ESC}[31;1mERROR: ${message}${ESC}[0m`);
      process.exitCode = 1;
    }
  };
  return {
    io,
    job: {
      repository: env["CI_PROJECT_PATH"] ?? "",
      runId: env["CI_JOB_ID"] ?? String(now().getTime()),
      tempDir,
      tempDirVariable: env["CI_BUILDS_DIR"] ? "CI_BUILDS_DIR" : "CI_PROJECT_DIR",
      registryLogins() {
        const logins = [];
        const { CI_REGISTRY: registry, CI_REGISTRY_USER: username, CI_REGISTRY_PASSWORD: password } = env;
        if (registry && username && password) logins.push({ registry, username, password });
        if (env["DOCKER_AUTH_CONFIG"]) logins.push(...loginsFromDockerConfig(env["DOCKER_AUTH_CONFIG"]));
        for (const login of logins) io.mask(login.password);
        return logins;
      },
      // The template's `cache:` keeps this directory; the entry fills it.
      cacheStore: async () => mountsCache.store,
      fallbackCache: (scope) => env["CI_REGISTRY_IMAGE"] ? registryCache(env["CI_REGISTRY_IMAGE"], scope) : void 0,
      // The template declares this directory as the job's artifacts.
      async keepArtifact(file) {
        const dir = join3(projectDir, GITLAB_FILES.records);
        await mkdir3(dir, { recursive: true });
        await copyFile3(file, join3(dir, basename2(file)));
        return `the job's artifacts, ${GITLAB_FILES.records}/${basename2(file)}`;
      },
      inJobDaemon: true,
      holdCache: () => mountsCache.hold(),
      releaseCache: () => mountsCache.release()
    }
  };
}

// src/platform/select.ts
function selectPlatform(env, now) {
  if (env["GITHUB_ACTIONS"] === "true") return githubPlatform(env, now);
  if (env["GITLAB_CI"] === "true") return gitlabPlatform(env, now);
  throw new Error("remote-buildkit runs as a GitHub Actions step (GITHUB_ACTIONS=true) or a GitLab CI job (GITLAB_CI=true)");
}

// src/run/cleanup.ts
import { existsSync as existsSync7 } from "node:fs";
import { rm as rm9 } from "node:fs/promises";
import { basename as basename3 } from "node:path";

// src/inputs/formats.ts
var PLATFORM = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\([A-Za-z0-9_.-]*\))?(\/[A-Za-z0-9_.-]+){0,2}$/;
function checkPlatforms(input, platforms) {
  for (const platform2 of platforms) {
    if (!PLATFORM.test(platform2)) {
      throw new UserError(input, `${quoted(platform2)} is not a platform`, "write os/arch[/variant], such as linux/amd64 or linux/arm/v7, one per line or comma-separated");
    }
  }
}
function csvFields(line) {
  const fields = [];
  let field = "";
  let quotedField = false;
  let atStart = true;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quotedField) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quotedField = false;
      } else {
        field += char;
      }
    } else if (char === '"' && atStart) {
      quotedField = true;
      atStart = false;
    } else if (char === ",") {
      fields.push(field);
      field = "";
      atStart = true;
    } else {
      field += char;
      atStart = false;
    }
  }
  if (quotedField) return void 0;
  fields.push(field);
  return fields;
}
var EXPORTERS = ["local", "tar", "oci", "docker", "image", "registry", "cacheonly"];
var NEED_DEST = /* @__PURE__ */ new Set(["local", "tar", "oci"]);
function parseOutput(item) {
  const fix = "write one output per line, such as type=local,dest=out, type=tar,dest=out.tar or type=registry";
  const fields = csvFields(item);
  if (!fields) throw new UserError("outputs", `${quoted(item)} has a quote that is not closed`, fix);
  let spec;
  if (fields.length === 1 && fields[0] === item && !/^[a-z-]+=/i.test(item)) {
    spec = { type: item === "-" ? "tar" : "local", dest: item };
  } else {
    spec = { type: "", dest: "" };
    for (const field of fields) {
      const at = field.indexOf("=");
      if (at < 0) throw new UserError("outputs", `${quoted(item)}: ${quoted(field)} is not key=value`, fix);
      const key = field.slice(0, at).trim().toLowerCase();
      if (key === "type") spec.type = field.slice(at + 1);
      if (key === "dest") spec.dest = field.slice(at + 1);
    }
  }
  const type = EXPORTERS.find((t) => t === spec.type);
  if (spec.type === "") throw new UserError("outputs", `${quoted(item)} names no type`, fix);
  if (!type) throw new UserError("outputs", `${quoted(item)}: type ${quoted(spec.type)} is not one of ${EXPORTERS.join(", ")}`, fix);
  if (spec.dest === "-") {
    throw new UserError("outputs", `${quoted(item)} writes to standard output, which is this step's log`, "give the output a file or directory: dest=PATH");
  }
  if (spec.dest.startsWith("-")) throw new UserError("outputs", `${quoted(item)}: the destination looks like a command-line flag`, "write the path as ./" + spec.dest);
  if (NEED_DEST.has(type) && spec.dest === "") throw new UserError("outputs", `${quoted(item)}: type=${type} needs dest=PATH`, fix);
  return { type, dest: spec.dest };
}
function producesImageId(outputs) {
  return !outputs.some((o) => o.type === "local" || o.type === "tar");
}
var GO_BOOLS = /* @__PURE__ */ new Set(["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]);
function checkAttestation(input, value) {
  if (value === "" || GO_BOOLS.has(value)) return;
  const fix = input === "provenance" ? "set provenance to true, false or attributes such as mode=max" : "set sbom to true, false or attributes such as generator=IMAGE";
  const fields = csvFields(value);
  if (!fields) throw new UserError(input, `${quoted(value)} has a quote that is not closed`, fix);
  for (const field of fields) {
    const at = field.indexOf("=");
    if (at <= 0) throw new UserError(input, `${quoted(field)} is not true, false or key=value`, fix);
    const key = field.slice(0, at).trim().toLowerCase();
    const v = field.slice(at + 1);
    if (key === "disabled" && !GO_BOOLS.has(v)) throw new UserError(input, `disabled=${quoted(v)} is not true or false`, fix);
    if (input === "provenance" && key === "mode" && v !== "min" && v !== "max") {
      throw new UserError(input, `mode=${quoted(v)} is not min or max`, fix);
    }
  }
}
function checkAttests(items) {
  const fix = "write one attestation per line, such as type=sbom,generator=image or type=provenance,mode=max";
  for (const item of items) {
    const fields = csvFields(item);
    if (!fields) throw new UserError("attests", `${quoted(item)} has a quote that is not closed`, fix);
    const pairs = fields.map((f) => ({ key: f.slice(0, Math.max(0, f.indexOf("="))).trim().toLowerCase(), value: f.slice(f.indexOf("=") + 1), field: f }));
    const bad = pairs.find((p) => p.key === "");
    if (bad) throw new UserError("attests", `${quoted(item)}: ${quoted(bad.field)} is not key=value`, fix);
    const type = pairs.find((p) => p.key === "type")?.value ?? "";
    if (type === "") throw new UserError("attests", `${quoted(item)} names no type`, fix);
    const disabled = pairs.find((p) => p.key === "disabled");
    if (disabled && !GO_BOOLS.has(disabled.value)) throw new UserError("attests", `${quoted(item)}: disabled=${quoted(disabled.value)} is not true or false`, fix);
  }
}
function checkContext(context) {
  if (context === "-") {
    throw new UserError("context", `"-" reads the build context from standard input, which this step does not have`, "set context to a directory, such as ., or a Git URL");
  }
}

// src/buildx/argv.ts
function argvForLog(args) {
  return args.map((a) => a.replace(/ghtoken=[^,\s"]+/g, "ghtoken=***")).join(" ");
}
function csvField(field) {
  return /[",\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
function createBuilderArgs(spec) {
  const opts = [`cacert=${spec.caCertFile}`, `cert=${spec.clientCertFile}`, `key=${spec.clientKeyFile}`];
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
  const building = inputs.call === "build";
  const imageId = producesImageId(building ? inputs.outputs.map(parseOutput) : []) ? ["--iidfile", plan.imageIdFile] : [];
  const args = ["build", "--builder", plan.builder, ...imageId, "--metadata-file", plan.metadataFile, "--progress=rawjson"];
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
  each("--attest", inputs.attests);
  each("--build-arg", inputs.buildArgs);
  each("--build-context", inputs.buildContexts);
  each("--cache-from", [...inputs.cacheFrom, ...plan.extraCacheFrom]);
  each("--cache-to", building ? [...inputs.cacheTo, ...plan.extraCacheTo] : []);
  if (inputs.call !== "build") args.push(`--call=${inputs.call}${inputs.call === "check" ? ",format=json" : ""}`);
  one("--cgroup-parent", inputs.cgroupParent);
  one("--file", inputs.file);
  each("--label", inputs.labels);
  when("--load", building && inputs.load);
  one("--network", inputs.network);
  when("--no-cache", inputs.noCache);
  each("--no-cache-filter", inputs.noCacheFilters);
  each("--output", building ? inputs.outputs : []);
  if (inputs.platforms.length > 0) args.push("--platform", inputs.platforms.join(","));
  if (inputs.provenance !== "") args.push(`--provenance=${inputs.provenance}`);
  when("--pull", inputs.pull);
  when("--push", building && inputs.push);
  if (inputs.sbom !== "") args.push(`--sbom=${inputs.sbom}`);
  for (const s2 of plan.secrets) {
    const source = "file" in s2 ? `src=${s2.file}` : `env=${s2.env}`;
    args.push("--secret", [`id=${s2.id}`, source].map(csvField).join(","));
  }
  one("--shm-size", inputs.shmSize);
  each("--ssh", inputs.ssh);
  each("--tag", inputs.tags);
  one("--target", inputs.target);
  each("--ulimit", inputs.ulimit);
  args.push("--", inputs.context);
  return args;
}

// src/buildx/sizes.ts
var UNITS = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40
};
function parseSize(text2) {
  const match = /^\s*([\d.]+)\s*([a-zA-Z]*)\s*$/.exec(text2);
  const unit = UNITS[match?.[2] || "B"];
  const value = Number(match?.[1]);
  return match && unit !== void 0 && Number.isFinite(value) ? Math.round(value * unit) : void 0;
}
function formatSize(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${i === 0 ? value : value.toFixed(1)} ${units[i]}`;
}

// src/buildx/gc-policy.ts
function parseDuration(text2) {
  let ms = 0;
  for (const [, n, unit] of text2.matchAll(/([\d.]+)(h|ms|m|s)/g)) {
    ms += Number(n) * ({ h: 36e5, m: 6e4, s: 1e3, ms: 1 }[unit ?? "s"] ?? 0);
  }
  return ms;
}
function parseGcPolicy(nodeBlock) {
  return nodeBlock.split(/^GC Policy rule#\d+:\s*$/m).slice(1).map((rule) => {
    const field = (label) => (new RegExp(`^\\s+${label}:[ \\t]*(.*)$`, "m").exec(rule)?.[1] ?? "").trim();
    const size = (label) => field(label) ? parseSize(field(label).replace(/\s+/g, "")) : void 0;
    return {
      all: field("All") === "true",
      filters: field("Filters").split(/\s+/).filter(Boolean),
      keepDurationMs: parseDuration(field("Keep Duration")),
      maxUsedBytes: size("Max Used Space"),
      reservedBytes: size("Reserved Space"),
      minFreeBytes: size("Min Free Space")
    };
  });
}

// src/buildx/inspect.ts
function parseInspect(text2) {
  const nodesText = text2.split(/^Nodes:\s*$/m)[1] ?? "";
  return nodesText.split(/^(?=Name:)/m).filter((block) => /^Name:/.test(block)).map((block) => {
    const field = (label) => (new RegExp(`^${label}:[ \\t]*(.*)$`, "m").exec(block)?.[1] ?? "").trim();
    const platforms = field("Platforms").split(",").map((p) => p.trim().replace(/\*$/, "")).filter(Boolean);
    return { name: field("Name"), endpoint: field("Endpoint"), status: field("Status"), buildkitVersion: field("BuildKit version"), platforms, error: field("Error"), gcPolicy: parseGcPolicy(block) };
  });
}
function parseMetadata(text2) {
  const parsed = JSON.parse(text2);
  const record = isRecord(parsed) ? parsed : {};
  const str = (key) => {
    const value = record[key];
    return typeof value === "string" ? value : "";
  };
  return { digest: str("containerimage.digest"), imageId: str("containerimage.config.digest"), json: JSON.stringify(parsed) };
}

// src/buildx/builder.ts
function callBuildx(buildx, where, args, options = {}) {
  const dirs = { ...where.buildxConfig ? { BUILDX_CONFIG: where.buildxConfig } : {}, ...where.dockerConfig ? { DOCKER_CONFIG: where.dockerConfig } : {} };
  const env = { ...buildx.env, ...options.env, ...dirs };
  return runCommand(buildx.file, [...buildx.prefix, ...args], { ...options, env });
}
function failure(what, result) {
  const why = result.timedOut ? "timed out" : `exited with ${result.code}`;
  return new Error(`${what} ${why}: ${lastLines(result.stderr.trim(), 5).join("\n")}`);
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
    const detail = down?.error || lastLines(result.stderr.trim(), 3).join(" ") || `status ${down?.status || "unknown"}`;
    throw new Error(`the builder did not boot${down ? ` (node ${down.endpoint || down.name})` : ""}: ${detail}`);
  }
  return nodes;
}
async function createContainerBuilder(buildx, where, args) {
  const result = await callBuildx(buildx, where, args, { timeoutMs: 3e4 });
  if (result.code !== 0) throw failure("buildx create --driver docker-container", result);
}
async function removeBuilder(buildx, where, name) {
  const result = await callBuildx(buildx, where, ["rm", name], { timeoutMs: 3e4 });
  return result.code === 0;
}

// src/buildx/container.ts
import { existsSync as existsSync4 } from "node:fs";
import { join as join4 } from "node:path";
function builderContainer(builder) {
  return `buildx_buildkit_${builder}0`;
}
function stateVolume(builder) {
  return `${builderContainer(builder)}_state`;
}
function memoryVolumeArgs(builder, sizeBytes) {
  const options = ["mode=0711", ...sizeBytes === void 0 ? [] : [`size=${sizeBytes}`]].join(",");
  return ["volume", "create", "--driver", "local", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", `o=${options}`, stateVolume(builder)];
}
function removeContainerBuilders(builders, env) {
  for (const builder of builders) {
    startDetached("sh", ["-c", 'docker rm --force "$1"; docker volume rm --force "$2"', "sh", builderContainer(builder), stateVolume(builder)], detachedDockerEnv(env));
  }
}
function detachedDockerEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith("DOCKER_") || ["PATH", "HOME", "XDG_RUNTIME_DIR"].includes(name)));
}
var FALLBACK_BUILDKITD_FLAGS = "--allow-insecure-entitlement=network.host --oci-worker-gc=false";
function containerBuilderArgs(name, options) {
  return [
    "create",
    "--name",
    name,
    "--driver",
    "docker-container",
    "--buildkitd-flags",
    FALLBACK_BUILDKITD_FLAGS,
    ...options.driverOpts.flatMap((o) => ["--driver-opt", o]),
    ...options.configFile ? ["--buildkitd-config", options.configFile] : []
  ];
}
function runnersBuildxConfig(env, home) {
  if (env["BUILDX_CONFIG"]) return env["BUILDX_CONFIG"];
  return join4(env["DOCKER_CONFIG"] || join4(home, ".docker"), "buildx");
}
function chooseBuildkitdConfig(inline, runnersConfigDir, inputFile) {
  if (inline.trim() !== "") return { from: "input", file: inputFile, inline: `${inline.trim()}
` };
  const runners = join4(runnersConfigDir, "buildkitd.default.toml");
  return existsSync4(runners) ? { from: "runner", file: runners } : { from: "none" };
}

// src/buildx/in-job.ts
import { spawn as spawn2 } from "node:child_process";
import { existsSync as existsSync5, openSync, closeSync } from "node:fs";
import { mkdir as mkdir4, mkdtemp, readFile as readFile3, rm as rm5, writeFile as writeFile4 } from "node:fs/promises";
import { join as join5 } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
var RECORD = "in-job-buildkitd.json";
var START_MS = 6e4;
var STOP_MS = 1e4;
var SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
async function logTail(dir) {
  const log = await readFile3(join5(dir, "buildkitd.log"), "utf8").catch(() => "");
  const lines = log.trim().split("\n").filter((l) => !/^\t|\.go:\d+|^goroutine |^[\w./*()-]+$/.test(l));
  return lines.slice(-8).join("\n");
}
async function startInJobBuilder(buildx, where, workspaceDir, name, daemon) {
  const dir = await mkdtemp(join5(daemon.tmpDir, "rbk-buildkitd-"));
  const socket = join5(dir, "buildkitd.sock");
  const flags = [
    "--root",
    join5(dir, "root"),
    "--addr",
    `unix://${socket}`,
    // Its tracing socket too, which would otherwise go where a job's user may not write (/run/buildkit).
    "--otel-socket-path",
    join5(dir, "otel-grpc.sock"),
    // It lives for one job: its default collection would prune large cache mounts between their copy in and the build.
    "--oci-worker-gc=false",
    // No PID namespace of its own: an unprivileged container cannot mount a new /proc (GitLab's docs ask for this flag).
    ...daemon.rootlesskit ? ["--oci-worker-no-process-sandbox"] : [],
    ...daemon.extraFlags
  ];
  const [command, args] = daemon.rootlesskit ? [daemon.rootlesskit, ["--state-dir", join5(dir, "rootlesskit"), daemon.buildkitd, ...flags]] : [daemon.buildkitd, flags];
  const log = openSync(join5(dir, "buildkitd.log"), "a");
  const env = { ...daemon.env, XDG_RUNTIME_DIR: join5(dir, "run") };
  await mkdir4(join5(dir, "run"), { mode: 448 });
  const child = spawn2(command, args, { env, detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  const started = new Promise((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  await started.catch(async (err) => {
    await rm5(dir, { recursive: true, force: true });
    throw err;
  });
  child.unref();
  const pid = child.pid ?? 0;
  const record = { pid, dir, rootlesskit: daemon.rootlesskit };
  await writeFile4(join5(workspaceDir, RECORD), JSON.stringify(record), { mode: 384 });
  const deadline = Date.now() + START_MS;
  while (!existsSync5(socket)) {
    if (!alive(pid)) throw new Error(`buildkitd exited as it started: ${await logTail(dir)}`);
    if (Date.now() > deadline) throw new Error(`buildkitd did not listen within ${START_MS / 1e3} s: ${await logTail(dir)}`);
    await sleep(100);
  }
  const created = await callBuildx(buildx, where, ["create", "--name", name, "--driver", "remote", `unix://${socket}`], { timeoutMs: 3e4 });
  if (created.code !== 0) throw new Error(`buildx create --driver remote failed: ${created.stderr.trim().split("\n").slice(-3).join(" ")}`);
  const [node] = await bootBuilder(buildx, where, name, Math.max(5e3, deadline - Date.now())).catch(async (err) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; buildkitd's log: ${await logTail(dir)}`);
  });
  return { name, where, buildkitVersion: node?.buildkitVersion ?? "", owned: true };
}
async function stopInJobDaemon(workspaceDir, log) {
  const text2 = await readFile3(join5(workspaceDir, RECORD), "utf8").catch(() => "");
  if (text2 === "") return;
  const record = JSON.parse(text2);
  if (record.pid > 0 && alive(record.pid)) {
    process.kill(record.pid, "SIGTERM");
    const deadline = Date.now() + STOP_MS;
    while (alive(record.pid) && Date.now() < deadline) await sleep(100);
    if (alive(record.pid)) process.kill(record.pid, "SIGKILL");
    log("Stopped the job's buildkitd");
  }
  if (record.rootlesskit) await runCommand(record.rootlesskit, ["--state-dir", join5(record.dir, "rm-state"), "rm", "-rf", join5(record.dir, "root")], { timeoutMs: 6e4, env: { PATH: SYSTEM_PATH } }).catch(() => void 0);
  await rm5(record.dir, { recursive: true, force: true }).catch((err) => log(`Could not remove the job's buildkitd state ${record.dir}: ${String(err)}`));
  await rm5(join5(workspaceDir, RECORD), { force: true });
}

// src/cachemounts/keep.ts
import { createHash as createHash2, randomBytes as randomBytes3 } from "node:crypto";
import { existsSync as existsSync6 } from "node:fs";
import { mkdir as mkdir6, readdir as readdir3, readFile as readFile5, rm as rm7, stat as stat2, writeFile as writeFile6 } from "node:fs/promises";
import { isAbsolute, join as join7 } from "node:path";

// src/process/host.ts
function stopwatch(clock) {
  const started = clock().getTime();
  return () => clock().getTime() - started;
}

// src/inputs/mounts.ts
function mountOptions(text2) {
  return new Map(text2.split(",").map((field) => field.trim()).filter(Boolean).map((field) => {
    const at = field.indexOf("=");
    return at < 0 ? [field, "true"] : [field.slice(0, at).trim(), field.slice(at + 1)];
  }));
}
function mountTarget(options) {
  return options.get("target") ?? options.get("dst") ?? options.get("destination") ?? "";
}
function mountId(options) {
  return options.get("id") ?? mountTarget(options);
}

// src/cachemounts/scan.ts
function instructions(text2) {
  const joined = text2.replace(/\r\n?/g, "\n").split("\n").filter((l) => !/^\s*#/.test(l)).join("\n").replace(/\\\n/g, " ");
  return joined.split("\n").map((l) => l.trim()).filter(Boolean);
}
function cacheMountsOf(line) {
  return [...line.matchAll(/--mount=(\S+)/g)].flatMap((match) => {
    const options = mountOptions(match[1] ?? "");
    const target = mountTarget(options);
    return options.get("type") === "cache" && target ? [{ options, id: mountId(options), target }] : [];
  });
}
function expandFrom(image, args) {
  let unresolved = false;
  const expanded = image.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, op, word, bare) => {
    const value = args.get(braced ?? bare ?? "");
    if (op === "-") return value || (word ?? "");
    if (op === "+") return value ? word ?? "" : "";
    if (value === void 0) unresolved = true;
    return value ?? "";
  });
  return unresolved ? void 0 : expanded;
}
function buildArgMap(buildArgs2) {
  return new Map(buildArgs2.flatMap((a) => a.includes("=") ? [[a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]] : []));
}
function findCacheMounts(dockerfile, buildArgs2 = /* @__PURE__ */ new Map()) {
  const stages = /* @__PURE__ */ new Map();
  const globalArgs = /* @__PURE__ */ new Map();
  let inStage = false;
  let base = "";
  const found = /* @__PURE__ */ new Map();
  for (const line of instructions(dockerfile)) {
    const arg = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?/i.exec(line);
    if (arg && !inStage) {
      const [, name = "", fallback] = arg;
      const value = buildArgs2.get(name) ?? fallback?.replace(/^(["'])(.*)\1$/, "$2");
      if (value !== void 0) globalArgs.set(name, value);
      continue;
    }
    const from = /^FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      inStage = true;
      const image = expandFrom(from[1] ?? "", globalArgs) ?? "";
      base = stages.get(image.toLowerCase()) ?? (image === "scratch" ? "" : image);
      if (from[2]) stages.set(from[2].toLowerCase(), base);
      continue;
    }
    if (!/^RUN\s/i.test(line)) continue;
    for (const { options, id, target } of cacheMountsOf(line)) {
      const ownership = ["uid", "gid", "mode"].filter((k) => options.has(k)).map((k) => `,${k}=${options.get(k) ?? ""}`).join("");
      if (!found.has(id)) found.set(id, { id, target, base, ownership });
    }
  }
  return [...found.values()];
}
function mountArchiveName(id) {
  return `${id.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "mount"}.tar`;
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
function cacheMountKeys(scope, lockHash, runId, job) {
  const prefix = `remote-buildkit-cache-mounts-${scope}-`;
  return { key: `${prefix}${lockHash}-${runId}-${job}`, restoreKeys: [`${prefix}${lockHash}-`, prefix] };
}
function ranWithCacheMounts(steps, mounts) {
  return steps.some((step) => !step.cached && cacheMountsOf(step.name).some(({ id }) => mounts.some((m) => m.id === id)));
}

// src/cachemounts/payoff.ts
var RECORD_FILE = "remote-buildkit-mounts.json";
var s = (ms) => `${(ms / 1e3).toFixed(1)} s`;
function decideCarry(figures) {
  if (!figuresComplete(figures)) return { carry: true, why: "no figures yet" };
  const saved = figures.coldMs - figures.warmMs;
  const summary2 = `carrying it cost ${s(figures.carryMs)}, and it saved its steps ${s(Math.max(0, saved))} (${s(figures.coldMs)} empty, ${s(figures.warmMs)} with it)`;
  return figures.carryMs > saved ? { carry: false, why: `skipped: ${summary2}` } : { carry: true, why: `pays: ${summary2}` };
}
function figuresComplete(figures) {
  return figures?.warmMs !== void 0 && figures.coldMs !== void 0;
}
function parseRecord(text2) {
  try {
    const parsed = JSON.parse(text2);
    if (typeof parsed !== "object" || parsed === null || parsed.version !== 1) return void 0;
    const mounts = parsed.mounts;
    if (!Array.isArray(mounts)) return void 0;
    const num = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : void 0;
    const figures = mounts.flatMap((m) => {
      if (typeof m !== "object" || m === null) return [];
      const o = m;
      const carryMs = num(o["carryMs"]);
      if (typeof o["id"] !== "string" || carryMs === void 0) return [];
      const warmMs = num(o["warmMs"]);
      const coldMs = num(o["coldMs"]);
      return [{ id: o["id"], carryMs, ...warmMs !== void 0 ? { warmMs } : {}, ...coldMs !== void 0 ? { coldMs } : {} }];
    });
    return { version: 1, mounts: figures };
  } catch {
    return void 0;
  }
}
function stepsUsingMs(steps, id) {
  const using = steps.filter((step) => !step.cached && cacheMountsOf(step.name).some((m) => m.id === id));
  return using.length === 0 ? void 0 : using.reduce((sum, step) => sum + step.durationMs, 0);
}
function nextFigures(last, run) {
  const carryMs = (run.carryShared === true ? last?.carryMs : void 0) ?? run.carryMs ?? last?.carryMs ?? 0;
  const warmMs = run.restored && run.stepsMs !== void 0 ? run.stepsMs : last?.warmMs;
  const coldMs = !run.restored && run.stepsMs !== void 0 ? run.stepsMs : last?.coldMs;
  return { id: run.id, carryMs, ...warmMs !== void 0 ? { warmMs } : {}, ...coldMs !== void 0 ? { coldMs } : {} };
}
function outlastedMs(start, end, builtAt) {
  return builtAt === void 0 ? 0 : Math.max(0, end - Math.max(start, builtAt));
}
function shareBySize(totalMs, sizes, id) {
  const all = [...sizes.values()].reduce((a, b) => a + b, 0);
  return all === 0 ? totalMs / Math.max(1, sizes.size) : totalMs * (sizes.get(id) ?? 0) / all;
}
function describeFigures(f) {
  const parts = [`carrying it cost ${s(f.carryMs)}`];
  if (f.coldMs !== void 0) parts.push(`its steps took ${s(f.coldMs)} on an empty mount`);
  if (f.warmMs !== void 0) parts.push(`${s(f.warmMs)} with its contents`);
  return parts.join(", ");
}
var RESAVE_GROWTH = 0.05;
var mb = (kb) => `${(kb / 1024).toFixed(kb < 10 * 1024 ? 1 : 0)} MB`;
function decideResave(mounts, restoredKb, nowKb) {
  const growth = mounts.map((m) => ({ target: m.target, before: restoredKb.get(m.id), after: nowKb.get(m.id) }));
  const unknown = growth.find((g) => g.before === void 0 || g.after === void 0);
  if (unknown) return { save: true, why: `${unknown.target} was not measured` };
  const lines = growth.map((g) => {
    const before = g.before ?? 0;
    const after = g.after ?? 0;
    const share = before === 0 ? after === 0 ? 0 : Infinity : (after - before) / before;
    return { share, text: `${g.target} ${mb(before)} \u2192 ${mb(after)}` };
  });
  const grown = lines.filter((l) => l.share >= RESAVE_GROWTH);
  return grown.length > 0 ? { save: true, why: `grew by ${Math.round(RESAVE_GROWTH * 100)}% or more: ${grown.map((l) => l.text).join(", ")}` } : { save: false, why: `each grew by under ${Math.round(RESAVE_GROWTH * 100)}% since the restore (${lines.map((l) => l.text).join(", ")}): the entry they came from still serves the next job` };
}

// src/cachemounts/transfer.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { mkdir as mkdir5, readFile as readFile4, rm as rm6, writeFile as writeFile5 } from "node:fs/promises";
import { join as join6 } from "node:path";

// src/progress/events.ts
function records(value) {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
function text(value) {
  return typeof value === "string" ? value : "";
}
function time(value) {
  if (typeof value !== "string") return void 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? void 0 : ms;
}
function optional(key, value) {
  return value === void 0 ? {} : { [key]: value };
}
function parseStatusLine(line) {
  if (!line.startsWith("{")) return void 0;
  let parsed;
  try {
    parsed = JSON.parse(line);
  } catch {
    return void 0;
  }
  if (!isRecord(parsed)) return void 0;
  return {
    vertexes: records(parsed["vertexes"]).map((v) => ({
      digest: text(v["digest"]),
      name: text(v["name"]),
      inputs: Array.isArray(v["inputs"]) ? v["inputs"].filter((i) => typeof i === "string") : [],
      ...optional("started", time(v["started"])),
      ...optional("completed", time(v["completed"])),
      cached: v["cached"] === true,
      error: text(v["error"])
    })),
    statuses: records(parsed["statuses"]).map((s2) => ({
      id: text(s2["id"]),
      vertex: text(s2["vertex"]),
      current: typeof s2["current"] === "number" ? s2["current"] : 0,
      total: typeof s2["total"] === "number" ? s2["total"] : 0,
      ...optional("started", time(s2["started"])),
      ...optional("completed", time(s2["completed"]))
    })),
    logs: records(parsed["logs"]).map((l) => ({
      vertex: text(l["vertex"]),
      stream: typeof l["stream"] === "number" ? l["stream"] : 1,
      data: Buffer.from(text(l["data"]), "base64").toString("utf8")
    }))
  };
}

// src/progress/timeline.ts
var TimelineBuilder = class {
  steps = /* @__PURE__ */ new Map();
  step(digest) {
    let step = this.steps.get(digest);
    if (!step) {
      step = { digest, name: "", inputs: [], runs: /* @__PURE__ */ new Map(), cached: false, error: "", transferredBytes: 0, sendingTarballMs: 0 };
      this.steps.set(digest, step);
    }
    return step;
  }
  add(status) {
    for (const v of status.vertexes) {
      const step = this.step(v.digest);
      if (v.name) step.name = v.name;
      if (v.inputs.length > 0) step.inputs = v.inputs;
      if (v.cached) step.cached = true;
      if (v.error) step.error = v.error;
      if (v.started !== void 0) step.runs.set(v.started, v.completed ?? step.runs.get(v.started) ?? v.started);
    }
    for (const s2 of status.statuses) {
      const step = this.step(s2.vertex);
      if (s2.id.startsWith("transferring")) step.transferredBytes = Math.max(step.transferredBytes, s2.current);
      if (s2.id.startsWith("sending tarball") && s2.started !== void 0 && s2.completed !== void 0) {
        step.sendingTarballMs = Math.max(step.sendingTarballMs, s2.completed - s2.started);
      }
    }
  }
  /** The vertices that ran, in the order they first appeared. */
  finish() {
    return [...this.steps.values()].filter((s2) => s2.runs.size > 0).map((s2) => ({
      digest: s2.digest,
      name: s2.name,
      inputs: s2.inputs,
      intervals: [...s2.runs.entries()].map(([start, end]) => [start, Math.max(start, end)]),
      cached: s2.cached,
      error: s2.error,
      transferredBytes: s2.transferredBytes,
      sendingTarballMs: s2.sendingTarballMs
    }));
  }
};

// src/progress/analysis.ts
var CONTEXT = /^\[internal\] load (build context|build definition|\.dockerignore|remote build context)/;
var EXPORT = /^(exporting|pushing|sending tarball|importing to docker|naming to|writing image|unpacking|preparing build cache for export|resolving provenance for metadata file)/i;
var CLIENT_SIDE = /^resolving provenance for metadata file$/;
function phaseOf(name) {
  if (CONTEXT.test(name)) return "context";
  if (EXPORT.test(name)) return "export";
  return "solve";
}
function splitStage(name) {
  const match = /^\[([^\]\s]+)(?:\s+\d+\/\d+)?\]\s*(.*)$/s.exec(name);
  return match ? { stage: match[1] ?? "", label: match[2] ?? "" } : { stage: "", label: name };
}
function unionMs(intervals) {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s2, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s2, end);
    end = e;
  }
  return total;
}
function criticalPath(steps, ends) {
  const byDigest = new Map(steps.map((s2) => [s2.digest, s2]));
  let current = steps.filter((s2) => phaseOf(s2.name) !== "export").reduce(
    (last, s2) => !last || (ends.get(s2.digest) ?? 0) > (ends.get(last.digest) ?? 0) ? s2 : last,
    void 0
  );
  const path = /* @__PURE__ */ new Set();
  while (current && !path.has(current.digest)) {
    path.add(current.digest);
    current = current.inputs.map((d) => byDigest.get(d)).reduce(
      (latest, s2) => s2 && (!latest || (ends.get(s2.digest) ?? 0) > (ends.get(latest.digest) ?? 0)) ? s2 : latest,
      void 0
    );
  }
  return path;
}
function analyze(timeline) {
  const starts = timeline.map((s2) => Math.min(...s2.intervals.map((i) => i[0])));
  const ends = new Map(timeline.map((s2) => [s2.digest, Math.max(...s2.intervals.map((i) => i[1]))]));
  const origin = starts.length > 0 ? Math.min(...starts) : 0;
  const finish = ends.size > 0 ? Math.max(...ends.values()) : origin;
  const critical = criticalPath(timeline, ends);
  const byPhase = { context: [], solve: [], export: [] };
  const steps = timeline.map((s2, i) => {
    const phase = phaseOf(s2.name);
    byPhase[phase].push(...s2.intervals);
    const { stage } = splitStage(s2.name);
    return {
      name: s2.name,
      stage,
      startMs: (starts[i] ?? origin) - origin,
      durationMs: unionMs([...s2.intervals]),
      cached: s2.cached,
      error: s2.error,
      phase,
      critical: critical.has(s2.digest)
    };
  });
  return {
    steps,
    wallMs: finish - origin,
    phaseMs: { context: unionMs(byPhase.context), solve: unionMs(byPhase.solve), export: unionMs(byPhase.export) },
    buildSteps: steps.filter((s2) => !CLIENT_SIDE.test(s2.name)).length,
    cachedSteps: steps.filter((s2) => !CLIENT_SIDE.test(s2.name) && s2.cached).length,
    contextBytes: timeline.filter((s2) => /^\[internal\] load build context/.test(s2.name)).reduce((n, s2) => n + s2.transferredBytes, 0),
    loadTransferMs: timeline.reduce((n, s2) => n + s2.sendingTarballMs, 0)
  };
}
function analyzeProgress(text2) {
  const timeline = new TimelineBuilder();
  for (const line of text2.split("\n")) {
    const status = parseStatusLine(line);
    if (status) timeline.add(status);
  }
  return analyze(timeline.finish());
}

// src/cachemounts/stream-scripts.ts
var BB = "/bin/busybox";
function shQuote(word) {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
function receiveIntoMount(port, target, tokenFile, waitS) {
  const script = `read -r t && [ "$t" = "$(${BB} cat ${tokenFile})" ] && ${BB} tar --numeric-owner -xf - -C ${shQuote(target)} && ${BB} cat > /dev/null`;
  return `${BB} nc -l -p ${port} -w ${waitS} -e ${BB} sh -c ${shQuote(script)}`;
}
function sendMount(port, target, tokenFile) {
  const script = `${BB} cat ${tokenFile} && echo && exec ${BB} tar --numeric-owner -cf - -C ${shQuote(target)} .`;
  return `${BB} nc 127.0.0.1 ${port} -e ${BB} sh -c ${shQuote(script)}`;
}
function receiverScript(port, file, pidFile, waitS) {
  const script = `read -r t && [ "$t" = "$RBK_TOKEN" ] && ${BB} cat > ${file}.part && ${BB} mv ${file}.part ${file}`;
  return `echo $$ > ${pidFile} && exec ${BB} nc -ll -p ${port} -w ${waitS} -e ${BB} sh -c ${shQuote(script)}`;
}

// src/cachemounts/dockerfiles.ts
var TOOLS_STAGE = "rbk-tools";
function stagePerMount(mounts, runner, run, collect) {
  const lines = ["ARG RBK_STAMP"];
  if (runner === "tools") lines.push(`FROM scratch AS ${TOOLS_STAGE}`, "COPY --from=tools / /");
  mounts.forEach((m, i) => lines.push(`FROM ${runner === "tools" ? TOOLS_STAGE : m.base} AS mount${i}`, "ARG RBK_STAMP", run(m, i, mountArchiveName(m.id))));
  lines.push("FROM scratch", ...mounts.map((_, i) => collect(i)));
  return `${lines.join("\n")}
`;
}
function cacheMount(m) {
  return `--mount=type=cache,id=${m.id},target=${m.target}${m.ownership}`;
}
function runLine(runner, mounts, script) {
  return runner === "stage-image" ? `RUN ${mounts} sh -c '${script}'` : `RUN ${mounts} ["/bin/busybox", "sh", "-c", ${JSON.stringify(script)}]`;
}
function commands(runner) {
  return runner === "stage-image" ? { tar: "tar", mkdir: "mkdir", rm: "rm", du: "du" } : { tar: "/bin/busybox tar --numeric-owner", mkdir: "/bin/busybox mkdir", rm: "/bin/busybox rm", du: "/bin/busybox du" };
}
function sizeFile(i) {
  return `rbk-size-${i}`;
}
function measure(du, target, i) {
  return `{ ${du} -sk "${target}" 2>/dev/null || true; } > /${sizeFile(i)}`;
}
function injectDockerfile(mounts, runner = "stage-image", clear = false) {
  const { tar, rm: rm10, du } = commands(runner);
  return stagePerMount(
    mounts,
    runner,
    (m, i, archive) => runLine(
      runner,
      `${cacheMount(m)} --mount=type=bind,from=restored,source=${archive},target=/rbk-restored.tar`,
      `${clear ? `cd "${m.target}" && ${rm10} -rf ./* ./.[!.]* ./..?* && ` : ""}${tar} -xf /rbk-restored.tar -C "${m.target}" && echo "$RBK_STAMP" > /dev/null && ${measure(du, m.target, i)}`
    ),
    (i) => `COPY --from=mount${i} /${sizeFile(i)} /`
  );
}
var TOKEN_SECRET = "rbk-token";
var TOKEN_FILE = "/rbk-token";
var TOKEN_MOUNT = `--mount=type=secret,id=${TOKEN_SECRET},target=${TOKEN_FILE}`;
var ACCEPT_WAIT_S = 20;
function checkPorts(mounts, ports) {
  if (ports.length !== mounts.length) throw new Error(`${ports.length} ports for ${mounts.length} mounts`);
}
function streamInDockerfile(mounts, ports, clear = false) {
  checkPorts(mounts, ports);
  const { rm: rm10, du } = commands("tools");
  return stagePerMount(
    mounts,
    "tools",
    (m, i) => runLine(
      "tools",
      `${cacheMount(m)} ${TOKEN_MOUNT}`,
      `${clear ? `cd "${m.target}" && ${rm10} -rf ./* ./.[!.]* ./..?* && ` : ""}${receiveIntoMount(ports[i] ?? 0, m.target, TOKEN_FILE, ACCEPT_WAIT_S)} && echo "$RBK_STAMP" > /dev/null && ${measure(du, m.target, i)}`
    ),
    (i) => `COPY --from=mount${i} /${sizeFile(i)} /`
  );
}
function streamOutDockerfile(mounts, ports) {
  checkPorts(mounts, ports);
  return stagePerMount(
    mounts,
    "tools",
    (m, i) => runLine("tools", `${cacheMount(m)} ${TOKEN_MOUNT}`, `${sendMount(ports[i] ?? 0, m.target, TOKEN_FILE)} && echo "$RBK_STAMP" > /rbk-sent`),
    (i) => `COPY --from=mount${i} /rbk-sent /rbk-sent-${i}`
  );
}
function measureDockerfile(mounts, runner = "stage-image") {
  return stagePerMount(
    mounts,
    runner,
    (m, i) => runLine(runner, cacheMount(m), `echo "$RBK_STAMP" > /dev/null && ${measure(commands(runner).du, m.target, i)}`),
    (i) => `COPY --from=mount${i} /${sizeFile(i)} /`
  );
}
function extractDockerfile(mounts, runner = "stage-image") {
  return stagePerMount(
    mounts,
    runner,
    (m, _i, archive) => runLine(runner, cacheMount(m), `${commands(runner).mkdir} -p /rbk-out && ${commands(runner).tar} -cf "/rbk-out/${archive}" -C "${m.target}" . && echo "$RBK_STAMP" > /dev/null`),
    (i) => `COPY --from=mount${i} /rbk-out/ /`
  );
}
function stageImages(mounts) {
  return [...new Set(mounts.map((m) => m.base).filter((base) => base !== "" && base.toLowerCase() !== "scratch"))];
}
function unpackDockerfile(images) {
  const lines = ["ARG RBK_STAMP"];
  images.forEach((image, i) => lines.push(`FROM ${image} AS image${i}`, "ARG RBK_STAMP", "USER 0", `RUN echo "$RBK_STAMP" > /rbk-unpacked`));
  lines.push("FROM scratch", ...images.map((_, i) => `COPY --from=image${i} /rbk-unpacked /rbk-unpacked-${i}`));
  return `${lines.join("\n")}
`;
}

// src/cachemounts/stream.ts
import { randomBytes, randomInt } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";

// src/cachemounts/loopback.ts
function listensOn(table, port) {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  return table.split("\n").some((row) => {
    const fields = row.trim().split(/\s+/);
    return fields[1]?.toUpperCase().endsWith(`:${hex}`) === true && fields[3] === "0A";
  });
}

// src/cachemounts/stream.ts
function streamToken() {
  return randomBytes(16).toString("hex");
}
function streamPorts(count) {
  const ports = /* @__PURE__ */ new Set();
  while (ports.size < count) ports.add(randomInt(2e4, 32e3));
  return [...ports];
}
function exec(tools, args, options = {}) {
  return runCommand("docker", ["exec", ...args], {
    env: { ...tools.env, ...options.env },
    timeoutMs: options.timeoutMs ?? 3e4,
    ...options.stdin ? { stdin: options.stdin } : {}
  });
}
function shell(tools, script, options = {}) {
  return exec(tools, [tools.container, "/bin/busybox", "sh", "-c", script], options);
}
async function listening(tools) {
  const result = await shell(tools, "/bin/busybox cat /proc/net/tcp && { /bin/busybox cat /proc/net/tcp6 2>/dev/null; true; }");
  if (result.code !== 0) throw new Error(`docker exec in ${tools.container} failed: ${lastLines(result.stderr, 1).join("")}`);
  return result.stdout;
}
async function ensurePortsFree(tools, ports) {
  const table = await listening(tools);
  const taken = ports.filter((p) => listensOn(table, p));
  if (taken.length > 0) throw new Error(`port ${taken.join(", ")} of the builder's container is taken`);
}
function tokenThen(token, file) {
  let whole = false;
  const stream = Readable.from((async function* () {
    yield Buffer.from(`${token}
`);
    yield* createReadStream(file);
    whole = true;
  })());
  return { stream, whole: () => whole };
}
async function sendFile(tools, file, port, token, ended) {
  while (!ended()) {
    const input = tokenThen(token, file);
    const result = await exec(tools, ["-i", tools.container, "/bin/busybox", "nc", "127.0.0.1", String(port)], { stdin: input.stream, timeoutMs: 15 * 6e4 }).catch(() => void 0);
    if (result?.code === 0 && !result.timedOut) return input.whole();
    await delay(200);
  }
  return false;
}
var RECEIVER_WAIT_S = 600;
async function startReceiver(tools, port, token) {
  const file = `/tmp/rbk-mount-${port}.tar`;
  const pidFile = `/tmp/rbk-mount-${port}.pid`;
  const running = exec(
    tools,
    ["-e", "RBK_TOKEN", tools.container, "/bin/busybox", "sh", "-c", receiverScript(port, file, pidFile, RECEIVER_WAIT_S)],
    { env: { RBK_TOKEN: token }, timeoutMs: 15 * 6e4 }
  ).catch(() => void 0);
  const stop = async () => {
    await shell(tools, `/bin/busybox kill $(/bin/busybox cat ${pidFile}); /bin/busybox rm -f ${pidFile} ${file} ${file}.part`).catch(() => void 0);
    await running;
  };
  let exited = false;
  void running.then(() => exited = true);
  for (let tries = 0; tries < 50 && !exited; tries++) {
    if (listensOn(await listening(tools).catch(() => ""), port)) return { port, file, stop };
    await delay(100);
  }
  await stop();
  throw new Error(`the builder's container did not listen on port ${port}`);
}
async function receivedFile(tools, receiver) {
  for (let tries = 0; tries < 300; tries++) {
    if ((await shell(tools, `/bin/busybox test -e ${receiver.file}`).catch(() => void 0))?.code === 0) return;
    await delay(100);
  }
  throw new Error(`nothing whole came to port ${receiver.port} of the builder's container`);
}
async function fetchFile(tools, from, to) {
  const result = await runCommand("docker", ["cp", `${tools.container}:${from}`, to], { env: tools.env, timeoutMs: 15 * 6e4 });
  if (result.code !== 0) throw new Error(`docker cp ${from} failed: ${lastLines(result.stderr, 1).join("")}`);
}

// src/cachemounts/transfer.ts
async function buildSmall(buildx, target, dockerfile, workDir, extra, what, env = {}) {
  await mkdir5(workDir, { recursive: true });
  const file = join6(workDir, "Dockerfile");
  await writeFile5(file, dockerfile);
  const args = ["build", "--builder", target.name, "--progress=rawjson", "--file", file, "--build-arg", `RBK_STAMP=${randomBytes2(8).toString("hex")}`, ...extra, workDir];
  const result = await callBuildx(buildx, target.where, args, { timeoutMs: 15 * 6e4, env });
  if (result.code !== 0) {
    const text2 = result.stderr.split("\n").filter((l) => l.trim() !== "" && !parseStatusLine(l));
    throw new Error(`${what} failed: ${text2.slice(-3).join(" ")}`);
  }
  return analyzeProgress(result.stderr).steps.filter((s2) => !s2.cached);
}
function toolsContext(tools) {
  return tools ? ["--build-context", `tools=${tools.dir}`] : [];
}
function tokenSecret(token) {
  return { args: ["--secret", `id=${TOKEN_SECRET},env=RBK_TOKEN`], env: { RBK_TOKEN: token } };
}
async function streamOrSession(tools, stream, session) {
  if (!tools?.stream) return { result: await session() };
  try {
    return { result: await stream(tools) };
  } catch (err) {
    return { result: await session(), streamError: errorMessage(err) };
  }
}
async function streamIn(buildx, target, mounts, restoredDir, workDir, tools, clear) {
  const ports = streamPorts(mounts.length);
  const token = streamToken();
  await ensurePortsFree(tools, ports);
  const out = join6(workDir, "sizes");
  const secret = tokenSecret(token);
  let ended = false;
  const building = buildSmall(
    buildx,
    target,
    streamInDockerfile(mounts, ports, clear),
    workDir,
    [...toolsContext(tools), ...secret.args, "--output", `type=local,dest=${out}`],
    "streaming the cache mounts into the builder",
    secret.env
  ).finally(() => ended = true);
  const sending = Promise.all(mounts.map((m, i) => sendFile(tools, join6(restoredDir, mountArchiveName(m.id)), ports[i] ?? 0, token, () => ended)));
  try {
    const steps = await building;
    const whole = await sending;
    const cut = mounts.filter((_, i) => !whole[i]).map((m) => m.target);
    if (cut.length > 0) throw new Error(`the stream of ${cut.join(", ")} was cut short`);
    return { steps, restoredKb: await readSizes(out, mounts) };
  } finally {
    ended = true;
    await sending;
  }
}
async function streamOut(buildx, target, mounts, outDir, workDir, tools) {
  const ports = streamPorts(mounts.length);
  const token = streamToken();
  await ensurePortsFree(tools, ports);
  const receivers = [];
  const secret = tokenSecret(token);
  try {
    for (const [i, mount] of mounts.entries()) receivers.push({ mount, receiver: await startReceiver(tools, ports[i] ?? 0, token) });
    const steps = await buildSmall(
      buildx,
      target,
      streamOutDockerfile(mounts, ports),
      workDir,
      [...toolsContext(tools), ...secret.args, "--output", "type=cacheonly"],
      "streaming the cache mounts out of the builder",
      secret.env
    );
    await mkdir5(outDir, { recursive: true });
    await Promise.all(receivers.map(async ({ mount, receiver }) => {
      await receivedFile(tools, receiver);
      await fetchFile(tools, receiver.file, join6(outDir, mountArchiveName(mount.id)));
    }));
    return steps;
  } finally {
    await Promise.all(receivers.map(({ receiver }) => receiver.stop()));
  }
}
async function readSizes(dir, mounts) {
  const sizes = /* @__PURE__ */ new Map();
  for (const [i, m] of mounts.entries()) {
    const kb = Number.parseInt(await readFile4(join6(dir, sizeFile(i)), "utf8").catch(() => ""), 10);
    if (Number.isFinite(kb)) sizes.set(m.id, kb);
  }
  await rm6(dir, { recursive: true, force: true });
  return sizes;
}
async function injectCacheMounts(buildx, target, mounts, restoredDir, workDir, tools, clear) {
  return streamOrSession(tools, (t) => streamIn(buildx, target, mounts, restoredDir, workDir, t, clear), async () => {
    const out = join6(workDir, "sizes");
    const steps = await buildSmall(
      buildx,
      target,
      injectDockerfile(mounts, tools ? "tools" : "stage-image", clear),
      workDir,
      [...toolsContext(tools), "--build-context", `restored=${restoredDir}`, "--output", `type=local,dest=${out}`],
      "copying the cache mounts into the builder"
    );
    return { steps, restoredKb: await readSizes(out, mounts) };
  });
}
async function measureCacheMounts(buildx, target, mounts, workDir, tools) {
  const out = join6(workDir, "sizes");
  await buildSmall(buildx, target, measureDockerfile(mounts, tools ? "tools" : "stage-image"), workDir, [...toolsContext(tools), "--output", `type=local,dest=${out}`], "measuring the cache mounts");
  return readSizes(out, mounts);
}
async function extractCacheMounts(buildx, target, mounts, outDir, workDir, tools) {
  return streamOrSession(tools, (t) => streamOut(buildx, target, mounts, outDir, workDir, t), () => buildSmall(
    buildx,
    target,
    extractDockerfile(mounts, tools ? "tools" : "stage-image"),
    workDir,
    [...toolsContext(tools), "--output", `type=local,dest=${outDir}`],
    "copying the cache mounts out of the builder"
  ));
}
async function unpackImages(buildx, target, images, workDir) {
  return buildSmall(buildx, target, unpackDockerfile(images), workDir, ["--output", "type=cacheonly"], "unpacking the stages' images");
}

// src/cachemounts/keep.ts
function mountsDir(tempDir) {
  return join7(tempDir, "remote-buildkit-cache-mounts");
}
async function lockfileHash(context) {
  const hash = createHash2("sha256");
  const walk = async (dir, depth) => {
    const entries = (await readdir3(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join7(dir, entry.name);
      if (entry.isFile() && LOCKFILES.includes(entry.name)) hash.update(path.slice(context.length)).update(await readFile5(path));
      else if (entry.isDirectory() && depth < 3 && !["node_modules", ".git", "vendor", "target", "dist"].includes(entry.name)) await walk(path, depth + 1);
    }
  };
  await walk(context, 1);
  return hash.digest("hex").slice(0, 16);
}
async function planCacheMounts(inputs, cwd, tempDir, scope, runId) {
  if (inputs.cacheMounts.mode === "off") return "cache-mounts is off";
  if (/^[a-z]+:\/\//i.test(inputs.context) || inputs.context.startsWith("git@")) return "the context is not a local directory";
  const context = isAbsolute(inputs.context) ? inputs.context : join7(cwd, inputs.context);
  const file = inputs.file ? isAbsolute(inputs.file) ? inputs.file : join7(cwd, inputs.file) : join7(context, "Dockerfile");
  const dockerfile = await readFile5(file, "utf8").catch(() => "");
  const scanned = findCacheMounts(dockerfile, buildArgMap(inputs.buildArgs));
  const wanted = inputs.cacheMounts.mode === "list" ? inputs.cacheMounts.mounts.map((m) => scanned.find((s2) => s2.id === m.id || s2.target === m.target) ?? { ...m, base: "", ownership: "" }) : scanned;
  const mounts = wanted.filter((m) => m.base !== "");
  if (mounts.length === 0) {
    return wanted.length === 0 ? "the Dockerfile has no RUN --mount=type=cache" : "their stages run on no image with a shell (scratch, or an image named by an ARG that has no value)";
  }
  const keys = cacheMountKeys(scope, await lockfileHash(context), runId, randomBytes3(4).toString("hex"));
  return { mounts, dir: mountsDir(tempDir), ...keys };
}
function savedWithOtherLockfiles(plan, entry) {
  const sameLockfiles = plan.restoreKeys[0];
  return sameLockfiles !== void 0 && !entry.startsWith(sameLockfiles);
}
function holdsNone(entry, mounts) {
  return `The cache entry ${entry} holds none of ${mounts.map((m) => m.target).join(", ")}`;
}
async function fetchCacheMounts(plan, store, clock) {
  const elapsed = stopwatch(clock);
  const targets = plan.mounts.map((m) => m.target).join(", ");
  try {
    await rm7(plan.dir, { recursive: true, force: true });
    const matched = await store.restore(plan.dir, plan.key, plan.restoreKeys);
    if (!matched || !existsSync6(plan.dir)) return { fetched: void 0, note: `No saved cache mounts for ${targets} yet` };
    const present = new Set(await readdir3(plan.dir));
    const restored = plan.mounts.filter((m) => present.has(mountArchiveName(m.id)));
    const record = present.has(RECORD_FILE) ? parseRecord(await readFile5(join7(plan.dir, RECORD_FILE), "utf8")) : void 0;
    if (restored.length === 0 && !record) return { fetched: void 0, note: holdsNone(matched, plan.mounts) };
    return { fetched: { entry: matched, mounts: restored, ms: elapsed(), record } };
  } catch (err) {
    return { fetched: void 0, note: `Could not restore the cache mounts: ${errorMessage(err)}` };
  }
}
function way(tools, streamError) {
  return { via: tools?.stream && streamError === void 0 ? "stream" : "session", ...streamError !== void 0 ? { streamError } : {} };
}
async function archiveSizes(dir, mounts) {
  return new Map(await Promise.all(mounts.map(async (m) => [m.id, (await stat2(join7(dir, mountArchiveName(m.id))).catch(() => void 0))?.size ?? 0])));
}
async function restoreCacheMounts(plan, fetched, copy, buildx, target, workDir, clock, tools, clear) {
  try {
    const elapsed = stopwatch(clock);
    const sizes = await archiveSizes(plan.dir, copy);
    const { result: { steps, restoredKb }, streamError } = await injectCacheMounts(buildx, target, copy, plan.dir, workDir, tools, clear);
    return { ok: true, fetched, copied: copy, sizes, restoredKb, copyMs: elapsed(), steps, ...way(tools, streamError) };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  } finally {
    await discardFetched(plan);
  }
}
async function discardFetched(plan) {
  await rm7(plan.dir, { recursive: true, force: true });
}
async function saveCacheMounts(plan, store, buildx, target, workDir, clock, carried, buildSteps, builtAt, tools) {
  try {
    await rm7(plan.dir, { recursive: true, force: true });
    const mounts = plan.mounts.filter((m) => !carried.skipped.has(m.id));
    const copyStart = clock().getTime();
    const { result: steps, streamError } = mounts.length > 0 ? await extractCacheMounts(buildx, target, mounts, plan.dir, workDir, tools) : { result: [], streamError: void 0 };
    const copyEnd = clock().getTime();
    const copyMs = copyEnd - copyStart;
    const waitedMs = outlastedMs(copyStart, copyEnd, builtAt());
    const sizes = await archiveSizes(plan.dir, mounts);
    const figures = plan.mounts.map((m) => nextFigures(carried.record?.mounts.find((f) => f.id === m.id), {
      id: m.id,
      restored: carried.restoredMs.has(m.id),
      carryMs: carried.skipped.has(m.id) ? void 0 : (carried.restoredMs.get(m.id) ?? 0) + shareBySize(waitedMs, sizes, m.id),
      carryShared: carried.copyShared,
      stepsMs: stepsUsingMs(buildSteps, m.id)
    }));
    await mkdir6(plan.dir, { recursive: true });
    await writeFile6(join7(plan.dir, RECORD_FILE), `${JSON.stringify({ version: 1, mounts: figures })}
`);
    const storing = stopwatch(clock);
    await store.save(plan.dir, plan.key);
    return { ok: true, key: plan.key, copyMs, storeMs: storing(), steps, saved: mounts, figures, ...way(mounts.length > 0 ? tools : void 0, streamError) };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  } finally {
    await rm7(plan.dir, { recursive: true, force: true });
  }
}

// src/files/workspace.ts
import { chmod as chmod3, mkdir as mkdir7, mkdtemp as mkdtemp2, rm as rm8, writeFile as writeFile7 } from "node:fs/promises";
import { join as join8 } from "node:path";
var WORKSPACE_PREFIX = "remote-buildkit-";
function workspacePaths(dir) {
  return {
    dir,
    caCertFile: join8(dir, "certs", "ca.pem"),
    clientCertFile: join8(dir, "certs", "cert.pem"),
    clientKeyFile: join8(dir, "certs", "key.pem"),
    buildxConfig: join8(dir, "buildx"),
    dockerConfig: join8(dir, "docker"),
    secretsDir: join8(dir, "secrets"),
    metadataFile: join8(dir, "metadata.json"),
    imageIdFile: join8(dir, "image-id")
  };
}
async function createWorkspace(parent, variable) {
  let dir;
  try {
    await mkdir7(parent, { recursive: true });
    dir = await mkdtemp2(join8(parent, WORKSPACE_PREFIX));
  } catch (err) {
    const code = err instanceof Error && "code" in err ? String(err.code) : errorMessage(err);
    throw new UserError(
      variable,
      `the job's scratch directory ${quoted(parent)} cannot be written (${code})`,
      `point ${variable} at a directory the job can write to: it holds the job's certificates and build files`
    );
  }
  await chmod3(dir, 448);
  const paths = workspacePaths(dir);
  for (const sub of [join8(dir, "certs"), paths.buildxConfig, paths.secretsDir]) await mkdir7(sub, { mode: 448 });
  return paths;
}
async function writePrivateFile(path, content) {
  await writeFile7(path, content, { mode: 384, flag: "wx" });
}
async function removeWorkspace(dir) {
  await rm8(dir, { recursive: true, force: true });
}

// src/run/state.ts
var STATE = Object.freeze({
  workspace: "workspace",
  /** JSON list of the builders made in the job's buildx configuration. */
  builders: "builders",
  /** JSON list of those that are docker-container builders, whose containers and state volumes the post step asks Docker to remove again. */
  containers: "containers",
  buildx: "buildx"
});

// src/run/cleanup.ts
async function cleanUp(io, dir, buildx, builders, env) {
  if (dir === "" || !existsSync7(dir)) return false;
  if (!basename3(dir).startsWith(WORKSPACE_PREFIX)) {
    io.warning(`Not removing ${dir}: it is not a directory this action made`);
    return false;
  }
  const { containers } = builders;
  removeContainerBuilders(containers, env);
  for (const builder of containers) io.info(`Docker removes builder ${builder}, its container and its state (${stateVolume(builder)}), in the background`);
  for (const builder of builders.names) {
    if (!buildx || containers.includes(builder)) continue;
    const removed = await removeBuilder(buildx, { buildxConfig: workspacePaths(dir).buildxConfig }, builder).catch(() => false);
    if (removed) io.info(`Removed builder ${builder}`);
  }
  await stopInJobDaemon(dir, (m) => io.info(m));
  await removeWorkspace(dir);
  return true;
}
async function runPost(ctx) {
  const { io, job } = ctx.platform;
  if (await job.releaseCache?.()) io.info("The cache mounts are back in place for the CI's cache to keep");
  const dir = io.getState(STATE.workspace);
  if (dir === "") {
    io.info("Nothing to clean up");
    return;
  }
  const buildx = buildxFromDescription(io.getState(STATE.buildx), ctx.host.env);
  const builders = { names: parseNames(io.getState(STATE.builders)), containers: parseNames(io.getState(STATE.containers)) };
  const removed = await cleanUp(io, dir, buildx, builders, ctx.host.env);
  if (!removed) removeContainerBuilders(builders.containers, ctx.host.env);
  await rm9(mountsDir(job.tempDir), { recursive: true, force: true });
  await io.clearState();
  io.info(removed ? "Removed what the main step left: the builder, its certificates and its state" : "The main step already removed the builder, its certificates and its state");
}
function parseNames(text2) {
  try {
    const parsed = JSON.parse(text2 || "[]");
    return Array.isArray(parsed) ? parsed.filter((b) => typeof b === "string") : [];
  } catch {
    return [];
  }
}

export {
  runCommand,
  lastLines,
  describeBuildx,
  hostBuildx,
  chooseBuildx,
  isRecord,
  processHost,
  systemClock,
  selectPlatform,
  createWorkspace,
  writePrivateFile,
  checkPlatforms,
  parseOutput,
  checkAttestation,
  checkAttests,
  checkContext,
  mountOptions,
  mountTarget,
  mountId,
  stopwatch,
  parseStatusLine,
  TimelineBuilder,
  phaseOf,
  splitStage,
  analyze,
  analyzeProgress,
  argvForLog,
  buildArgs,
  parseSize,
  formatSize,
  parseMetadata,
  callBuildx,
  createRemoteBuilder,
  bootBuilder,
  createContainerBuilder,
  removeBuilder,
  builderContainer,
  stateVolume,
  memoryVolumeArgs,
  containerBuilderArgs,
  runnersBuildxConfig,
  chooseBuildkitdConfig,
  startInJobBuilder,
  cacheMountsOf,
  ranWithCacheMounts,
  decideCarry,
  figuresComplete,
  shareBySize,
  describeFigures,
  decideResave,
  stageImages,
  measureCacheMounts,
  unpackImages,
  planCacheMounts,
  savedWithOtherLockfiles,
  holdsNone,
  fetchCacheMounts,
  restoreCacheMounts,
  discardFetched,
  saveCacheMounts,
  STATE,
  cleanUp,
  runPost
};
