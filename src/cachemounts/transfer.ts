import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { callBuildx } from "../buildx/builder.js";
import type { BuildxCommand } from "../buildx/locate.js";
import { analyzeProgress, type StepReport } from "../progress/analysis.js";
import { parseStatusLine } from "../progress/events.js";
import type { BuildTarget } from "../buildx/target.js";
import { extractDockerfile, injectDockerfile, measureDockerfile, sizeFile, unpackDockerfile } from "./dockerfiles.js";
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

/** Each mount's disk use in KiB, by id, from the sizeFile files a small build left in dir; a mount with none is left out. */
async function readSizes(dir: string, mounts: readonly FoundMount[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const [i, m] of mounts.entries()) {
    const kb = Number.parseInt(await readFile(join(dir, sizeFile(i)), "utf8").catch(() => ""), 10);
    if (Number.isFinite(kb)) sizes.set(m.id, kb);
  }
  await rm(dir, { recursive: true, force: true });
  return sizes;
}

/**
 * Copies each restored archive (restoredDir/<mount>.tar) into the builder's cache mount of the same
 * id; returns its steps, and each mount's disk use once restored (KiB).
 */
export async function injectCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], restoredDir: string, workDir: string, tools: string | undefined, clear: boolean)
  : Promise<{ readonly steps: readonly StepReport[]; readonly restoredKb: ReadonlyMap<string, number> }> {
  const out = join(workDir, "sizes");
  const steps = await buildSmall(buildx, target, injectDockerfile(mounts, tools ? "tools" : "stage-image", clear), workDir,
    [...toolsContext(tools), "--build-context", `restored=${restoredDir}`, "--output", `type=local,dest=${out}`], "copying the cache mounts into the builder");
  return { steps, restoredKb: await readSizes(out, mounts) };
}

/** Each cache mount's disk use in the builder now (KiB). */
export async function measureCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], workDir: string, tools: string | undefined): Promise<ReadonlyMap<string, number>> {
  const out = join(workDir, "sizes");
  await buildSmall(buildx, target, measureDockerfile(mounts, tools ? "tools" : "stage-image"), workDir, [...toolsContext(tools), "--output", `type=local,dest=${out}`], "measuring the cache mounts");
  return readSizes(out, mounts);
}

/** Copies the builder's cache mounts out to outDir/<mount>.tar. */
export async function extractCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], outDir: string, workDir: string, tools?: string): Promise<readonly StepReport[]> {
  return buildSmall(buildx, target, extractDockerfile(mounts, tools ? "tools" : "stage-image"), workDir,
    [...toolsContext(tools), "--output", `type=local,dest=${outDir}`], "copying the cache mounts out of the builder");
}

/** Unpacks the images into the builder (unpackDockerfile), keeping nothing but BuildKit's own cache; the steps that ran. */
export async function unpackImages(buildx: BuildxCommand, target: BuildTarget, images: readonly string[], workDir: string): Promise<readonly StepReport[]> {
  return buildSmall(buildx, target, unpackDockerfile(images), workDir, ["--output", "type=cacheonly"], "unpacking the stages' images");
}
