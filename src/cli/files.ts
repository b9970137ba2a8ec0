import { randomBytes } from "node:crypto";
import { lstat, mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** A file the certs command writes. Private keys are written 0600, certificates 0644. */
export interface OutputFile {
  readonly name: string;
  readonly content: string;
  readonly secret: boolean;
}

/** Which of the names already exist in dir (as anything: file, link, directory). */
export async function existingFiles(dir: string, names: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of names) {
    try {
      await lstat(join(dir, name));
      found.push(name);
    } catch (err: unknown) {
      if (!isNotFound(err)) throw err;
    }
  }
  return found;
}

/**
 * Writes the files into dir, creating it 0700 if needed (it holds keys). Without replace, a file
 * that already exists stops the write with EEXIST, even one created since existingFiles looked.
 * With replace, each file is written beside its target and renamed over it, so the new file
 * gets its own mode and a symbolic link in its place is replaced rather than followed.
 */
export async function writeFiles(dir: string, files: readonly OutputFile[], replace: boolean): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const file of files) {
    const target = join(dir, file.name);
    const mode = file.secret ? 0o600 : 0o644;
    if (!replace) {
      await writeNew(target, file.content, mode);
      continue;
    }
    const temporary = join(dir, `.${file.name}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await writeNew(temporary, file.content, mode);
      await rename(temporary, target);
    } catch (err: unknown) {
      await rm(temporary, { force: true });
      throw err;
    }
  }
}

async function writeNew(path: string, content: string, mode: number): Promise<void> {
  const handle = await open(path, "wx", mode);
  try {
    await handle.writeFile(content);
    // The umask may have taken bits away at creation; set exactly the mode meant.
    await handle.chmod(mode);
  } finally {
    await handle.close();
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === "ENOENT";
}
