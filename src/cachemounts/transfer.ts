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

/** The tools' directory as the named context the copy's Dockerfile takes them from; none: the stage's image runs the copy. */
function toolsContext(tools: string | undefined): string[] {
  return tools ? ["--build-context", `tools=${tools}`] : [];
}

/** Copies each restored archive (restoredDir/<mount>.tar) into the builder's cache mount of the same id. */
export async function injectCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], restoredDir: string, workDir: string, tools: string | undefined, clear: boolean): Promise<readonly StepReport[]> {
  return buildSmall(buildx, target, injectDockerfile(mounts, tools ? "tools" : "stage-image", clear), workDir,
    [...toolsContext(tools), "--build-context", `restored=${restoredDir}`, "--output", "type=cacheonly"], "copying the cache mounts into the builder");
}

/** Copies the builder's cache mounts out to outDir/<mount>.tar. */
export async function extractCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], outDir: string, workDir: string, tools?: string): Promise<readonly StepReport[]> {
  return buildSmall(buildx, target, extractDockerfile(mounts, tools ? "tools" : "stage-image"), workDir,
    [...toolsContext(tools), "--output", `type=local,dest=${outDir}`], "copying the cache mounts out of the builder");
}
