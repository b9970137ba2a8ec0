import { cp, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { REPO } from "./runner.js";

/** A fixture of test/fixtures as a build context, with Debian's static busybox as its only base. */
export async function fixtureContext(dir: string, name = "app"): Promise<string> {
  const context = join(dir, name);
  await mkdir(context, { recursive: true });
  await cp(join(REPO, "test", "fixtures", name), context, { recursive: true });
  await cp("/bin/busybox", join(context, "busybox"));
  return context;
}
