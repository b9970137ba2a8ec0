import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage, UserError } from "../errors.js";
import type { Host } from "../process/host.js";
import { runCommand } from "../process/spawn.js";
import { DEFAULT_BUILDX_VERSION, RELEASES_URL, checksumFor, parseBuildxVersion, releaseAssetName } from "./release.js";

/** How to call buildx: docker's plugin binary or a release run directly, or `docker buildx ...`. */
export interface BuildxCommand {
  readonly file: string;
  readonly prefix: readonly string[];
  readonly version: string;
  /** The environment every call starts from: the host's. */
  readonly env: NodeJS.ProcessEnv;
}

/** Serialised into the post step's state, so that it calls the same binary. */
export function describeBuildx(cmd: BuildxCommand): string {
  return JSON.stringify([cmd.file, ...cmd.prefix]);
}

export function buildxFromDescription(text: string, env: NodeJS.ProcessEnv): BuildxCommand | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((p): p is string => typeof p === "string") || parsed.length === 0) return undefined;
    const [file = "", ...prefix] = parsed;
    return { file, prefix, version: "", env };
  } catch {
    return undefined;
  }
}

async function probe(file: string, prefix: readonly string[], env: NodeJS.ProcessEnv): Promise<BuildxCommand | undefined> {
  try {
    const result = await runCommand(file, [...prefix, "version"], { timeoutMs: 15_000, env });
    const version = result.code === 0 ? parseBuildxVersion(result.stdout) : undefined;
    return version ? { file, prefix, version, env } : undefined;
  } catch {
    return undefined; // not installed
  }
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

/** The runner's own buildx, if it has one: docker's plugin run directly, `docker buildx`, or a standalone `buildx`. */
export async function runnersBuildx(host: Host): Promise<BuildxCommand | undefined> {
  const plugin = host.os === "linux" ? pluginCandidates(host.env, host.home).find((p) => existsSync(p)) : undefined;
  return (plugin ? await probe(plugin, [], host.env) : undefined) ?? (await probe("docker", ["buildx"], host.env)) ?? (await probe("buildx", [], host.env));
}

/** Where buildx comes from: the runner's, found at once, and a release, installed only when that does not fit. */
export interface BuildxSource {
  runners(): Promise<BuildxCommand | undefined>;
  install(version: string): Promise<BuildxCommand>;
}

/** The real source on this host: the runner's buildx, or a release from GitHub through the tool cache. */
export function hostBuildx(host: Host): BuildxSource {
  return {
    runners: () => runnersBuildx(host),
    install: async (version) => ({ file: await installBuildx(version, RELEASES_URL, host), prefix: [], version, env: host.env }),
  };
}

/** The version to use of what the runner has: it, when it fits; else which release to install. */
export function chooseBuildx(found: BuildxCommand | undefined, wanted: string): { use: BuildxCommand; log: string } | { install: string; log: string } {
  if (found && (wanted === "" || found.version === wanted)) return { use: found, log: `Using ${[found.file, ...found.prefix].join(" ")} ${found.version}` };
  const version = wanted || DEFAULT_BUILDX_VERSION;
  return { install: version, log: found ? `The runner has buildx ${found.version}; installing ${version}` : `No buildx on this runner; installing ${version}` };
}

export interface LocateOptions {
  /** '' to take what the runner has; a version to require that release. */
  readonly wanted: string;
  readonly log: (message: string) => void;
}

/** The runner's buildx when it fits, else the release installed through the tool cache. */
export async function locateBuildx(source: BuildxSource, options: LocateOptions): Promise<BuildxCommand> {
  const choice = chooseBuildx(await source.runners(), options.wanted);
  options.log(choice.log);
  return "use" in choice ? choice.use : source.install(choice.install);
}

async function download(toolCache: typeof import("@actions/tool-cache"), url: string, version: string): Promise<string> {
  try {
    return await toolCache.downloadTool(url);
  } catch (err: unknown) {
    throw new UserError("buildx-version", `${version} could not be downloaded from ${url} (${errorMessage(err)})`, "set buildx-version to a published buildx release, or leave it empty");
  }
}

/** Downloads a buildx release, checks it against the release's checksums.txt, and caches it. */
export async function installBuildx(version: string, releasesUrl: string, host: Host): Promise<string> {
  // Loaded only when a release must be installed, which most runs never need.
  const toolCache = await import("@actions/tool-cache");
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
  await chmod(downloaded, 0o755);
  const dir = await toolCache.cacheFile(downloaded, binaryName, "buildx", semver);
  await rm(downloaded, { force: true });
  return join(dir, binaryName);
}
