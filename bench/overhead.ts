// Where the action's overhead over raw buildx can come from: the commands its steps run besides
// the build, each timed on its own against the persistent builder. Raw buildx pays none of them,
// since its builder was created once, by hand.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { node24 } from "./base-images.js";
import { buildx, createBuilder, removeBuilder } from "./buildx.js";
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
  const logFile = join(bed.dir, "overhead.log");
  for (let i = 0; i < runs; i++) {
    add("starting Node 24, twice (main and post steps; `node -e 0`)", 2 * (await timed(() => run(node24(), ["-e", "0"]))));
    add("`docker buildx version` (finding buildx)", await timed(() => buildx(bed.buildxConfig, ["version"], logFile)));
    const name = `bench-overhead-${i}`;
    const builder = { name, endpoint: bed.remote.endpoint, tls: bed.clientFiles };
    const undo = bed.cleanup.defer(`buildx builder ${name}`, () => removeBuilder(bed.buildxConfig, name, logFile));
    add("`docker buildx create --driver remote` + `inspect --bootstrap`", await timed(() => createBuilder(bed.buildxConfig, builder, logFile)));
    add("`docker buildx rm`", await timed(undo));
  }
  return [...samples.entries()].map(([what, values]) => ({ what, medianMs: median(values) ?? 0 }));
}
