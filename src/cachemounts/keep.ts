import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { BuildxCommand } from "../buildx/locate.js";
import { errorMessage } from "../errors.js";
import type { Inputs } from "../inputs/inputs.js";
import type { CacheStore } from "../platform/port.js";
import type { BuildTarget } from "../run/build.js";
import { buildArgMap, cacheMountKeys, findCacheMounts, LOCKFILES, mountArchiveName, type FoundMount } from "./scan.js";
import { extractCacheMounts, injectCacheMounts } from "./transfer.js";

/** The same absolute path in every job: @actions/cache versions an entry by its paths. */
export function mountsDir(tempDir: string): string {
  return join(tempDir, "remote-buildkit-cache-mounts");
}

export interface MountPlan {
  readonly mounts: readonly FoundMount[];
  readonly dir: string;
  readonly key: string;
  readonly restoreKeys: readonly string[];
}

/** Hash of the lockfiles in the context (three levels deep): new dependencies, new key. */
async function lockfileHash(context: string): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isFile() && LOCKFILES.includes(entry.name)) hash.update(path.slice(context.length)).update(await readFile(path));
      else if (entry.isDirectory() && depth < 3 && !["node_modules", ".git", "vendor", "target", "dist"].includes(entry.name)) await walk(path, depth + 1);
    }
  };
  await walk(context, 1);
  return hash.digest("hex").slice(0, 16);
}

/** Which cache mounts to carry, or why none: a note for the log. */
export async function planCacheMounts(inputs: Inputs, cwd: string, tempDir: string, scope: string, runId: string): Promise<MountPlan | string> {
  if (inputs.cacheMounts.mode === "off") return "cache-mounts is off";
  if (/^[a-z]+:\/\//i.test(inputs.context) || inputs.context.startsWith("git@")) return "the context is not a local directory";
  const context = isAbsolute(inputs.context) ? inputs.context : join(cwd, inputs.context);
  const file = inputs.file ? (isAbsolute(inputs.file) ? inputs.file : join(cwd, inputs.file)) : join(context, "Dockerfile");
  const dockerfile = await readFile(file, "utf8").catch(() => "");
  const scanned = findCacheMounts(dockerfile, buildArgMap(inputs.buildArgs));
  const wanted = inputs.cacheMounts.mode === "list"
    ? inputs.cacheMounts.mounts.map((m) => scanned.find((s) => s.id === m.id || s.target === m.target) ?? { ...m, base: "", ownership: "" })
    : scanned;
  const mounts = wanted.filter((m) => m.base !== "");
  if (mounts.length === 0) {
    return wanted.length === 0 ? "the Dockerfile has no RUN --mount=type=cache" : "their stages run on no image with a shell (scratch, or an image named by an ARG that has no value)";
  }
  const keys = cacheMountKeys(scope, await lockfileHash(context), runId);
  return { mounts, dir: mountsDir(tempDir), ...keys };
}

/** Restores the saved contents and copies them into the fallback builder's cache mounts. Never fails the build. */
export async function restoreCacheMounts(plan: MountPlan, store: CacheStore, buildx: BuildxCommand, target: BuildTarget, workDir: string, log: (m: string) => void): Promise<void> {
  try {
    await rm(plan.dir, { recursive: true, force: true });
    const matched = await store.restore(plan.dir, plan.key, plan.restoreKeys);
    if (!matched || !existsSync(plan.dir)) {
      log(`No saved cache mounts for ${plan.mounts.map((m) => m.target).join(", ")} yet`);
      return;
    }
    const present = new Set(await readdir(plan.dir));
    const restored = plan.mounts.filter((m) => present.has(mountArchiveName(m.id)));
    if (restored.length === 0) {
      log(`The cache entry ${matched} holds none of ${plan.mounts.map((m) => m.target).join(", ")}`);
      return;
    }
    await injectCacheMounts(buildx, target, restored, plan.dir, workDir);
    log(`Restored ${restored.map((m) => m.target).join(", ")} from the cache entry ${matched}`);
  } catch (err: unknown) {
    log(`Could not restore the cache mounts: ${errorMessage(err)}`);
  } finally {
    await rm(plan.dir, { recursive: true, force: true });
  }
}

/** Copies the cache mounts out of the builder and saves them as a new cache entry. Never fails the build. */
export async function saveCacheMounts(plan: MountPlan, store: CacheStore, buildx: BuildxCommand, target: BuildTarget, workDir: string, log: (m: string) => void): Promise<void> {
  try {
    await rm(plan.dir, { recursive: true, force: true });
    await extractCacheMounts(buildx, target, plan.mounts, plan.dir, workDir);
    await store.save(plan.dir, plan.key);
    log(`Saved ${plan.mounts.map((m) => m.target).join(", ")} as the cache entry ${plan.key}`);
  } catch (err: unknown) {
    log(`Could not save the cache mounts: ${errorMessage(err)}`);
  } finally {
    await rm(plan.dir, { recursive: true, force: true });
  }
}
