import { cp, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { REPO } from "./runner.js";

/** The app fixture as a build context, with Debian's static busybox as its only base. */
export async function appContext(dir: string): Promise<string> {
  const context = join(dir, "app");
  await mkdir(context, { recursive: true });
  await cp(join(REPO, "test", "fixtures", "app"), context, { recursive: true });
  await cp("/bin/busybox", join(context, "busybox"));
  return context;
}
