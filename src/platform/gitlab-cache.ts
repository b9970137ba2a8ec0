import { copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CacheStore } from "../cachemounts/keep.js";

/** Beside the archives: the entry's key, which GitLab's own cache key (per branch) does not carry. */
const KEY_FILE = "remote-buildkit-key";

/** Links a file where the file system allows it (the archives are large), else copies it. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await link(from, to).catch(() => copyFile(from, to));
}

/** Moves a directory, copying across file systems. */
async function move(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await rename(from, to).catch(async () => {
    await mkdir(to, { recursive: true });
    for (const name of await readdir(from)) await copyFile(join(from, name), join(to, name));
    await rm(from, { recursive: true, force: true });
  });
}

export interface GitlabDirectoryCache {
  readonly store: CacheStore;
  /** Moves the restored directory out of the project (the build context), so that no build sends or copies it. */
  hold(): Promise<void>;
  /** Puts the new save, else what was held, back where GitLab uploads it from; says whether there was either. */
  release(): Promise<boolean>;
}

/**
 * GitLab's cache, for cache mounts: the template's `cache:` restores `cacheDir` (in the project
 * directory) before the job and uploads it after `after_script`. Its key is per job and branch,
 * with the default branch as fallback key (as GitHub scopes its cache); the entry's own key, from
 * the lockfiles, is kept in the directory, and a restore takes it when it equals the key or starts
 * with a restore key, as @actions/cache would. The main step holds the directory outside the
 * project (`heldDir`), since the project is usually the build context; a save waits in
 * `pendingDir`; the post step (`after_script`) puts one or the other back: the last thing before
 * GitLab uploads the cache, and what a runner that refreshes the project directory between
 * `script` and `after_script` (as gitlab-ci-local's shell isolation does) leaves alone.
 */
export function gitlabDirectoryCache(cacheDir: string, heldDir: string, pendingDir: string): GitlabDirectoryCache {
  const exists = async (dir: string): Promise<boolean> => (await readdir(dir).catch(() => undefined)) !== undefined;
  const lookup = async (key: string, restoreKeys: readonly string[]): Promise<string | undefined> => {
    const saved = (await readFile(join(heldDir, KEY_FILE), "utf8").catch(() => "")).trim();
    return saved === "" || (saved !== key && !restoreKeys.some((k) => saved.startsWith(k))) ? undefined : saved;
  };
  return {
    store: {
      lookup: (_path, key, restoreKeys) => lookup(key, restoreKeys),
      async restore(path, key, restoreKeys) {
        const saved = await lookup(key, restoreKeys);
        if (saved === undefined) return undefined;
        await mkdir(path, { recursive: true });
        for (const name of await readdir(heldDir)) if (name !== KEY_FILE) await linkOrCopy(join(heldDir, name), join(path, name));
        return saved;
      },
      async save(path, key) {
        await move(path, pendingDir);
        await writeFile(join(pendingDir, KEY_FILE), `${key}\n`);
      },
    },
    async hold() {
      if (await exists(cacheDir)) await move(cacheDir, heldDir);
    },
    async release() {
      const from = (await exists(pendingDir)) ? pendingDir : (await exists(heldDir)) ? heldDir : undefined;
      if (!from) return false;
      await move(from, cacheDir);
      await rm(heldDir, { recursive: true, force: true });
      return true;
    },
  };
}
