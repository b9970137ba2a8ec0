import { lstat } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * The root of the git work tree that holds dir (a directory with a `.git` entry, as a clone or a
 * worktree has), or undefined. Keys written there are one `git add .` away from being published.
 * dir need not exist yet: its nearest ancestors are looked at the same way.
 */
export async function gitWorkTreeOf(dir: string): Promise<string | undefined> {
  for (let at = dir; ; at = dirname(at)) {
    if (await exists(join(at, ".git"))) return at;
    if (dirname(at) === at) return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
