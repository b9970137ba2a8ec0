// The machine and the versions the figures were measured with, for the results.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { cpus, release, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO } from "../test/bed/runner.js";
import { node24, toolchainVersions } from "./base-images.js";

const run = promisify(execFile);

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly kernel: string;
}

export interface Versions {
  readonly buildkit: string;
  readonly buildx: string;
  readonly dockerCli: string;
  readonly runc: string;
  /** The Node that ran the benchmark, and the one the action ran under (GitHub's node24). */
  readonly nodeBench: string;
  readonly nodeAction: string;
  /** Which bundle the action mode ran: the start of dist/main.js's and dist/post.js's sha256. */
  readonly actionBundle: string;
  /** What the base images hold. */
  readonly images: Readonly<Record<string, string>>;
}

async function firstLine(file: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run(file, [...args]);
    return stdout.trim().split("\n")[0] ?? "";
  } catch {
    return "not found";
  }
}

export async function describeMachine(): Promise<Machine> {
  const osRelease = await readFile("/etc/os-release", "utf8").catch(() => "");
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? "unknown",
    kernel: release(),
  };
}

/** Short digests of the committed bundle, to tell whether it changed while the benchmark ran. */
export async function bundleDigest(): Promise<string> {
  const digest = async (file: string): Promise<string> =>
    `${file} sha256:${createHash("sha256").update(await readFile(join(REPO, file))).digest("hex").slice(0, 12)}`;
  return `${await digest("dist/main.js")}, ${await digest("dist/post.js")}`;
}

/** `v0.32.2` out of `buildkitd github.com/moby/buildkit v0.32.2 abc123`. */
function versionIn(line: string): string {
  return /\bv\d+\.\d+\.\d+\S*/.exec(line)?.[0] ?? line;
}

export async function describeVersions(): Promise<Versions> {
  return {
    buildkit: versionIn(await firstLine("buildkitd", ["--version"])),
    buildx: versionIn(await firstLine("docker", ["buildx", "version"])),
    dockerCli: await firstLine("docker", ["--version"]),
    runc: await firstLine("runc", ["--version"]),
    nodeBench: process.version,
    nodeAction: await firstLine(node24(), ["--version"]),
    actionBundle: await bundleDigest(),
    images: await toolchainVersions(),
  };
}

/** buildkitd processes on the machine that are not the benchmark's: someone else's tests, say. */
export async function foreignBuildkitds(ours: readonly number[]): Promise<number> {
  const pids = (await readdir("/proc").catch(() => [])).filter((p) => /^\d+$/.test(p) && !ours.includes(Number(p)));
  const names = await Promise.all(pids.map((p) => readFile(`/proc/${p}/comm`, "utf8").catch(() => "")));
  return names.filter((n) => n.trim() === "buildkitd").length;
}
