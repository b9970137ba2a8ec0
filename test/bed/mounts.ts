import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Unmounts whatever a killed buildkitd left mounted below dir (its cache mounts and snapshots),
 * deepest first, so that the directory can be removed.
 */
export function releaseMounts(dir: string): void {
  const mounted = readFileSync("/proc/mounts", "utf8").split("\n")
    .map((line) => (line.split(" ")[1] ?? "").replace(/\\040/g, " "))
    .filter((path) => path.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const path of mounted) {
    try {
      execFileSync("umount", ["-l", path], { stdio: "ignore" });
    } catch {
      // already gone
    }
  }
}
