import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { callBuildx } from "../buildx/builder.js";
import type { BuildxCommand } from "../buildx/locate.js";
import { analyzeProgress, type StepReport } from "../progress/analysis.js";
import { parseStatusLine } from "../progress/events.js";
import type { BuildTarget } from "../buildx/target.js";
import { extractDockerfile, injectDockerfile } from "./dockerfiles.js";
import type { FoundMount } from "./scan.js";

/** Runs a small build of the action's own; returns the steps that ran, to say where its time went. */
async function buildSmall(buildx: BuildxCommand, target: BuildTarget, dockerfile: string, workDir: string, extra: readonly string[], what: string): Promise<readonly StepReport[]> {
  await mkdir(workDir, { recursive: true });
  const file = join(workDir, "Dockerfile");
  await writeFile(file, dockerfile);
  const args = ["build", "--builder", target.name, "--progress=rawjson", "--file", file, "--build-arg", `RBK_STAMP=${randomBytes(8).toString("hex")}`, ...extra, workDir];
  const result = await callBuildx(buildx, target.where, args, { timeoutMs: 15 * 60_000 });
  if (result.code !== 0) {
    const text = result.stderr.split("\n").filter((l) => l.trim() !== "" && !parseStatusLine(l));
    throw new Error(`${what} failed: ${text.slice(-3).join(" ")}`);
  }
  return analyzeProgress(result.stderr).steps.filter((s) => !s.cached);
}

/** Copies each restored directory (restoredDir/<mount>) into the builder's cache mount of the same id. */
export async function injectCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], restoredDir: string, workDir: string): Promise<readonly StepReport[]> {
  return buildSmall(buildx, target, injectDockerfile(mounts), workDir, ["--build-context", `restored=${restoredDir}`, "--output", "type=cacheonly"], "copying the cache mounts into the builder");
}

/** Copies the builder's cache mounts out to outDir/<mount>. */
export async function extractCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], outDir: string, workDir: string): Promise<readonly StepReport[]> {
  return buildSmall(buildx, target, extractDockerfile(mounts), workDir, ["--output", `type=local,dest=${outDir}`], "copying the cache mounts out of the builder");
}
