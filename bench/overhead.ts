// Where the action's overhead over raw buildx can come from: the commands its steps run besides
// the build, each timed on its own against the persistent builder, run as the action runs them.
// Raw buildx pays none of them, since its builder was created once, by hand.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { node24 } from "./base-images.js";
import { hostBuildx, locateBuildx } from "../src/buildx/locate.js";
import { processHost } from "../src/platform/host.js";
import { removeBuilder } from "./buildx.js";
import type { BenchBed } from "./modes.js";
import { median } from "./stats.js";

const run = promisify(execFile);

export interface OverheadPart {
  readonly what: string;
  readonly medianMs: number;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Each part `runs` times, medians, in the order the action meets them. */
export async function measureOverheadParts(bed: BenchBed, runs: number): Promise<OverheadPart[]> {
  const samples = new Map<string, number[]>();
  const add = (what: string, ms: number): void => void samples.set(what, [...(samples.get(what) ?? []), ms]);
  // Found as the action finds it: docker's buildx plugin, run directly.
  const found = await locateBuildx(hostBuildx(processHost()), { wanted: "", log: () => undefined });
  const env = { ...process.env, BUILDX_CONFIG: bed.buildxConfig };
  const direct = (args: readonly string[]): Promise<unknown> => run(found.file, [...found.prefix, ...args], { env });
  const { ca, cert, key } = bed.clientFiles;
  for (let i = 0; i < runs; i++) {
    add("starting Node 24, twice (main and post steps; `node -e 0`)", 2 * (await timed(() => run(node24(), ["-e", "0"]))));
    add("`docker-buildx version`, the plugin run directly (finding buildx)", await timed(() => direct(["version"])));
    add("`docker buildx version`, through docker (for comparison: what each call would cost more)", await timed(() => run("docker", ["buildx", "version"], { env })));
    const name = `bench-overhead-${i}`;
    const undo = bed.cleanup.defer(`buildx builder ${name}`, () => removeBuilder(bed.buildxConfig, name, join(bed.dir, "overhead.log")));
    add("`docker-buildx create --driver remote` + `inspect --bootstrap`, run directly", await timed(async () => {
      await direct(["create", "--name", name, "--driver", "remote", "--driver-opt", `cacert=${ca},cert=${cert},key=${key}`, bed.remote.endpoint]);
      await direct(["inspect", "--bootstrap", "--builder", name]);
    }));
    await undo();
  }
  return [...samples.entries()].map(([what, values]) => ({ what, medianMs: median(values) ?? 0 }));
}
