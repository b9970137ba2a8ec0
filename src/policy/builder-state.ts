import type { StateChoice } from "../inputs/builder-state.js";

/** Where the fallback builder's state lives: a tmpfs volume of that cap, or the engine's disk (and why). */
export type StateStore =
  | { readonly where: "memory"; readonly sizeBytes: number | undefined }
  | { readonly where: "disk"; readonly why: string };

export interface StateFacts {
  readonly choice: StateChoice;
  /** The runner's available memory (MemAvailable) and all of it, in bytes. */
  readonly freeBytes: number;
  readonly totalBytes: number;
  /** The Docker endpoint buildx's docker-container driver uses (its context's), such as `unix:///var/run/docker.sock`. */
  readonly engine: string;
  readonly driverOpts: readonly string[];
}

const GIB = 1024 ** 3;
/** Left at the least to the build's own processes (compilers, package managers, buildkitd's compression, the runner) beside the state. */
const MEMORY_RESERVE = 2 * GIB;
/**
 * The least state worth a tmpfs in auto: below it, a build of an ordinary service would fill it,
 * and a full one costs a build again on disk.
 */
export const MIN_MEMORY_STATE = 3 * GIB;

/**
 * The cap of a state in memory: the free memory less a reserve of a quarter of the machine (at
 * least MEMORY_RESERVE) for the build's processes, and never more than half the machine. Without
 * swap, tmpfs pages cannot be reclaimed: what the cap leaves is what keeps the out-of-memory
 * killer away. The cap is a bound, not a reservation: the memory is taken only as it is used.
 */
export function memoryCap(freeBytes: number, totalBytes: number): number {
  return Math.floor(Math.min(freeBytes - Math.max(MEMORY_RESERVE, totalBytes / 4), totalBytes / 2));
}

/** A limit on the builder's container, which tmpfs pages written by buildkitd would count against. */
const LIMITS = /^(memory|memory-swap|cgroup-parent)=/;

/**
 * The builder lives for one job, so its state never needs a disk: kept in memory, unpacking the
 * layers from the CI's cache, the dependencies and the cache mounts creates its files in RAM
 * rather than on the runner's disk, several times faster. auto takes memory only where the
 * engine's memory is the runner's (a unix socket), the builder has no limits of its own, and
 * memoryCap leaves a state of at least MIN_MEMORY_STATE. A state that outgrows its cap fails the
 * build, which then runs again on disk (run/fallback-build.ts).
 */
export function chooseStateStore(facts: StateFacts): StateStore {
  const { choice } = facts;
  if (choice.kind === "disk") return { where: "disk", why: "fallback-state is disk" };
  const local = facts.engine === "" || facts.engine.startsWith("unix://");
  const cap = memoryCap(facts.freeBytes, facts.totalBytes);
  // A remote engine's memory is unknown here: tmpfs's own default, half of that machine's, caps it.
  if (choice.kind === "memory") return { where: "memory", sizeBytes: choice.sizeBytes ?? (local ? Math.max(cap, 1 * GIB) : undefined) };
  if (!local) return { where: "disk", why: `the Docker engine is not on this machine (${facts.engine}), so its free memory is unknown` };
  const limit = facts.driverOpts.find((o) => LIMITS.test(o));
  if (limit) return { where: "disk", why: `the builder has a limit (fallback-driver-opts ${limit.slice(0, limit.indexOf("=") + 1)}), which a state in memory would count against` };
  if (cap < MIN_MEMORY_STATE) return { where: "disk", why: `${gib(facts.freeBytes)} of ${gib(facts.totalBytes)} is free: too little for a state in memory of at least ${gib(MIN_MEMORY_STATE)} beside the build` };
  return { where: "memory", sizeBytes: cap };
}

/** `5.5 GiB`; `64 MiB` under a gibibyte. */
export function gib(bytes: number): string {
  return bytes < GIB ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${(bytes / GIB).toFixed(1)} GiB`;
}

/** How the log names it. */
export function describeStateStore(store: StateStore): string {
  if (store.where === "disk") return `on disk (${store.why})`;
  return `in memory (a tmpfs${store.sizeBytes === undefined ? "" : ` of up to ${gib(store.sizeBytes)}`})`;
}
