import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { callBuildx } from "../buildx/builder.js";
import type { BuildxCommand } from "../buildx/locate.js";
import { analyzeProgress, type StepReport } from "../progress/analysis.js";
import { parseStatusLine } from "../progress/events.js";
import type { BuildTarget } from "../buildx/target.js";
import { errorMessage } from "../errors.js";
import { extractDockerfile, injectDockerfile, measureDockerfile, sizeFile, streamInDockerfile, streamOutDockerfile, TOKEN_SECRET, unpackDockerfile } from "./dockerfiles.js";
import { mountArchiveName, type FoundMount } from "./scan.js";
import { ensurePortsFree, fetchFile, receivedFile, sendFile, startReceiver, streamPorts, streamToken, type Receiver } from "./stream.js";
import type { ContainerTools } from "./tools.js";

/** Runs a small build of the action's own; returns the steps that ran, to say where its time went. */
async function buildSmall(buildx: BuildxCommand, target: BuildTarget, dockerfile: string, workDir: string, extra: readonly string[], what: string, env: Readonly<Record<string, string>> = {}): Promise<readonly StepReport[]> {
  await mkdir(workDir, { recursive: true });
  const file = join(workDir, "Dockerfile");
  await writeFile(file, dockerfile);
  const args = ["build", "--builder", target.name, "--progress=rawjson", "--file", file, "--build-arg", `RBK_STAMP=${randomBytes(8).toString("hex")}`, ...extra, workDir];
  const result = await callBuildx(buildx, target.where, args, { timeoutMs: 15 * 60_000, env });
  if (result.code !== 0) {
    const text = result.stderr.split("\n").filter((l) => l.trim() !== "" && !parseStatusLine(l));
    throw new Error(`${what} failed: ${text.slice(-3).join(" ")}`);
  }
  return analyzeProgress(result.stderr).steps.filter((s) => !s.cached);
}

/** The tools' directory as the named context the copy's Dockerfile takes them from; none: the stage's image runs the copy. */
function toolsContext(tools: ContainerTools | undefined): string[] {
  return tools ? ["--build-context", `tools=${tools.dir}`] : [];
}

/** The token of a streamed copy, as the build secret its Dockerfile reads (by the environment: no command line shows it). */
function tokenSecret(token: string): { readonly args: readonly string[]; readonly env: Readonly<Record<string, string>> } {
  return { args: ["--secret", `id=${TOKEN_SECRET},env=RBK_TOKEN`], env: { RBK_TOKEN: token } };
}

/** A copy's outcome, and why the stream through the builder's container was not used, when it failed. */
interface Streamed<T> {
  readonly result: T;
  readonly streamError?: string;
}

/** The streamed copy when there is a container to stream through; buildx's session when not, or when the stream failed. */
async function streamOrSession<T>(tools: ContainerTools | undefined, stream: (tools: ContainerTools) => Promise<T>, session: () => Promise<T>): Promise<Streamed<T>> {
  if (!tools?.stream) return { result: await session() };
  try {
    return { result: await stream(tools) };
  } catch (err: unknown) {
    return { result: await session(), streamError: errorMessage(err) };
  }
}

async function streamIn(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], restoredDir: string, workDir: string, tools: ContainerTools, clear: boolean)
  : Promise<{ readonly steps: readonly StepReport[]; readonly restoredKb: ReadonlyMap<string, number> }> {
  const ports = streamPorts(mounts.length);
  const token = streamToken();
  await ensurePortsFree(tools, ports);
  const out = join(workDir, "sizes");
  const secret = tokenSecret(token);
  let ended = false;
  const building = buildSmall(buildx, target, streamInDockerfile(mounts, ports, clear), workDir,
    [...toolsContext(tools), ...secret.args, "--output", `type=local,dest=${out}`], "streaming the cache mounts into the builder", secret.env)
    .finally(() => (ended = true));
  const sending = Promise.all(mounts.map((m, i) => sendFile(tools, join(restoredDir, mountArchiveName(m.id)), ports[i] ?? 0, token, () => ended)));
  try {
    const steps = await building;
    // A stream cut short at a tar header's boundary looks like a whole archive to tar.
    const whole = await sending;
    const cut = mounts.filter((_, i) => !whole[i]).map((m) => m.target);
    if (cut.length > 0) throw new Error(`the stream of ${cut.join(", ")} was cut short`);
    return { steps, restoredKb: await readSizes(out, mounts) };
  } finally {
    ended = true;
    await sending;
  }
}

async function streamOut(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], outDir: string, workDir: string, tools: ContainerTools): Promise<readonly StepReport[]> {
  const ports = streamPorts(mounts.length);
  const token = streamToken();
  await ensurePortsFree(tools, ports);
  const receivers: Array<{ readonly mount: FoundMount; readonly receiver: Receiver }> = [];
  const secret = tokenSecret(token);
  try {
    for (const [i, mount] of mounts.entries()) receivers.push({ mount, receiver: await startReceiver(tools, ports[i] ?? 0, token) });
    const steps = await buildSmall(buildx, target, streamOutDockerfile(mounts, ports), workDir,
      [...toolsContext(tools), ...secret.args, "--output", "type=cacheonly"], "streaming the cache mounts out of the builder", secret.env);
    await mkdir(outDir, { recursive: true });
    await Promise.all(receivers.map(async ({ mount, receiver }) => {
      await receivedFile(tools, receiver);
      await fetchFile(tools, receiver.file, join(outDir, mountArchiveName(mount.id)));
    }));
    return steps;
  } finally {
    await Promise.all(receivers.map(({ receiver }) => receiver.stop()));
  }
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
export async function injectCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], restoredDir: string, workDir: string, tools: ContainerTools | undefined, clear: boolean)
  : Promise<Streamed<{ readonly steps: readonly StepReport[]; readonly restoredKb: ReadonlyMap<string, number> }>> {
  return streamOrSession(tools, (t) => streamIn(buildx, target, mounts, restoredDir, workDir, t, clear), async () => {
    const out = join(workDir, "sizes");
    const steps = await buildSmall(buildx, target, injectDockerfile(mounts, tools ? "tools" : "stage-image", clear), workDir,
      [...toolsContext(tools), "--build-context", `restored=${restoredDir}`, "--output", `type=local,dest=${out}`], "copying the cache mounts into the builder");
    return { steps, restoredKb: await readSizes(out, mounts) };
  });
}

/** Each cache mount's disk use in the builder now (KiB). */
export async function measureCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], workDir: string, tools: ContainerTools | undefined): Promise<ReadonlyMap<string, number>> {
  const out = join(workDir, "sizes");
  await buildSmall(buildx, target, measureDockerfile(mounts, tools ? "tools" : "stage-image"), workDir, [...toolsContext(tools), "--output", `type=local,dest=${out}`], "measuring the cache mounts");
  return readSizes(out, mounts);
}

/** Copies the builder's cache mounts out to outDir/<mount>.tar. */
export async function extractCacheMounts(buildx: BuildxCommand, target: BuildTarget, mounts: readonly FoundMount[], outDir: string, workDir: string, tools?: ContainerTools): Promise<Streamed<readonly StepReport[]>> {
  return streamOrSession(tools, (t) => streamOut(buildx, target, mounts, outDir, workDir, t), () =>
    buildSmall(buildx, target, extractDockerfile(mounts, tools ? "tools" : "stage-image"), workDir,
      [...toolsContext(tools), "--output", `type=local,dest=${outDir}`], "copying the cache mounts out of the builder"));
}

/** Unpacks the images into the builder (unpackDockerfile), keeping nothing but BuildKit's own cache; the steps that ran. */
export async function unpackImages(buildx: BuildxCommand, target: BuildTarget, images: readonly string[], workDir: string): Promise<readonly StepReport[]> {
  return buildSmall(buildx, target, unpackDockerfile(images), workDir, ["--output", "type=cacheonly"], "unpacking the stages' images");
}
