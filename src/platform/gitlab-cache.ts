import { copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CacheStore } from "./port.js";

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

/**
 * GitLab's cache, for cache mounts: the template's `cache:` restores `cacheDir` before the job
 * and uploads it after `after_script`. Its key is per job and branch, with the default branch as
 * fallback key (as GitHub scopes its cache); the entry's own key, from the lockfiles, is kept in
 * the directory, and a restore takes it when it equals the key or starts with a restore key, as
 * @actions/cache would. A save waits in `pendingDir`, outside the project directory, and the post
 * step (`after_script`) puts it in place: the last thing before GitLab uploads the cache, and what
 * a runner that refreshes the project directory between `script` and `after_script` (as
 * gitlab-ci-local's shell isolation does) leaves alone.
 */
export function gitlabDirectoryCache(cacheDir: string, pendingDir: string): CacheStore {
  return {
    async restore(path, key, restoreKeys) {
      const saved = (await readFile(join(cacheDir, KEY_FILE), "utf8").catch(() => "")).trim();
      if (saved === "" || (saved !== key && !restoreKeys.some((k) => saved.startsWith(k)))) return undefined;
      await mkdir(path, { recursive: true });
      for (const name of await readdir(cacheDir)) if (name !== KEY_FILE) await linkOrCopy(join(cacheDir, name), join(path, name));
      return saved;
    },
    async save(path, key) {
      await move(path, pendingDir);
      await writeFile(join(pendingDir, KEY_FILE), `${key}\n`);
    },
    async commit() {
      const pending = await readdir(pendingDir).catch(() => undefined);
      if (!pending) return false;
      await move(pendingDir, cacheDir);
      return true;
    },
  };
}
