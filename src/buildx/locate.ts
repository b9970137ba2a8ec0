import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, readFile, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { errorMessage, UserError } from "../errors.js";
import { runCommand } from "../process/spawn.js";
import { DEFAULT_BUILDX_VERSION, RELEASES_URL, checksumFor, parseBuildxVersion, releaseAssetName } from "./release.js";

/** How to call buildx: docker's plugin binary or a release run directly, or `docker buildx ...`. */
export interface BuildxCommand {
  readonly file: string;
  readonly prefix: readonly string[];
  readonly version: string;
}

/** Serialised into the post step's state, so that it calls the same binary. */
export function describeBuildx(cmd: BuildxCommand): string {
  return JSON.stringify([cmd.file, ...cmd.prefix]);
}

export function buildxFromDescription(text: string): BuildxCommand | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((p): p is string => typeof p === "string") || parsed.length === 0) return undefined;
    const [file = "", ...prefix] = parsed;
    return { file, prefix, version: "" };
  } catch {
    return undefined;
  }
}

async function probe(file: string, prefix: readonly string[]): Promise<BuildxCommand | undefined> {
  try {
    const result = await runCommand(file, [...prefix, "version"], { timeoutMs: 15_000 });
    const version = result.code === 0 ? parseBuildxVersion(result.stdout) : undefined;
    return version ? { file, prefix, version } : undefined;
  } catch {
    return undefined; // not installed
  }
}

export interface LocateOptions {
  /** '' to take what the runner has; a version to require that release. */
  readonly wanted: string;
  readonly log: (message: string) => void;
}

/**
 * The docker CLI's buildx plugin, where docker looks for plugins, in its order. Run directly, as
 * buildx runs standalone, each call saves docker's start and its lookup of every plugin (about
 * 70 ms a call here, and a step makes four or more calls).
 */
export function pluginCandidates(env: NodeJS.ProcessEnv, home: string): string[] {
  const userDir = join(env["DOCKER_CONFIG"] || join(home, ".docker"), "cli-plugins");
  const systemDirs = ["/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"];
  return [userDir, ...systemDirs].map((dir) => join(dir, "docker-buildx"));
}

async function runnersBuildx(): Promise<BuildxCommand | undefined> {
  const plugin = process.platform === "linux" ? pluginCandidates(process.env, homedir()).find((p) => existsSync(p)) : undefined;
  return (plugin ? await probe(plugin, []) : undefined) ?? (await probe("docker", ["buildx"])) ?? (await probe("buildx", []));
}

/** The runner's buildx when it fits, else the release installed through the tool cache. */
export async function locateBuildx(options: LocateOptions): Promise<BuildxCommand> {
  const found = await runnersBuildx();
  if (found && (options.wanted === "" || found.version === options.wanted)) {
    options.log(`Using ${[found.file, ...found.prefix].join(" ")} ${found.version}`);
    return found;
  }
  const version = options.wanted || DEFAULT_BUILDX_VERSION;
  options.log(found ? `The runner has buildx ${found.version}; installing ${version}` : `No buildx on this runner; installing ${version}`);
  const file = await installBuildx(version, RELEASES_URL);
  return { file, prefix: [], version };
}

async function download(toolCache: typeof import("@actions/tool-cache"), url: string, version: string): Promise<string> {
  try {
    return await toolCache.downloadTool(url);
  } catch (err: unknown) {
    throw new UserError("buildx-version", `${version} could not be downloaded from ${url} (${errorMessage(err)})`, "set buildx-version to a published buildx release, or leave it empty");
  }
}

/** Downloads a buildx release, checks it against the release's checksums.txt, and caches it. */
export async function installBuildx(version: string, releasesUrl: string): Promise<string> {
  // Loaded only when a release must be installed, which most runs never need.
  const toolCache = await import("@actions/tool-cache");
  const semver = version.replace(/^v/, "");
  const cached = toolCache.find("buildx", semver);
  const binaryName = process.platform === "win32" ? "buildx.exe" : "buildx";
  if (cached) return join(cached, binaryName);

  const asset = releaseAssetName(version, process.platform, process.arch);
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
  await chmod(downloaded, 0o755);
  const dir = await toolCache.cacheFile(downloaded, binaryName, "buildx", semver);
  await rm(downloaded, { force: true });
  return join(dir, binaryName);
}
