import type { StateChoice } from "../inputs/builder-state.js";

/** Where the fallback builder's state lives: a tmpfs volume of that cap, or the engine's disk (and why). */
export type StateStore =
  | { readonly where: "memory"; readonly sizeBytes: number | undefined }
  | { readonly where: "disk"; readonly why: string };

export interface StateFacts {
  readonly choice: StateChoice;
  /** The runner's available memory (MemAvailable), in bytes. */
  readonly freeBytes: number;
  /** DOCKER_HOST, empty when unset (the local socket). */
  readonly dockerHost: string;
  readonly driverOpts: readonly string[];
}

const GIB = 1024 ** 3;
/** Left to the build's own processes (compilers, package managers, the runner) beside the state. */
export const MEMORY_RESERVE = 2 * GIB;
/**
 * The least state worth a tmpfs in auto: below it, a build of an ordinary service would fill it,
 * and a full one costs a build again on disk.
 */
export const MIN_MEMORY_STATE = 3 * GIB;

/**
 * The builder lives for one job, so its state never needs a disk: kept in memory, unpacking the
 * layers from the CI's cache, the dependencies and the cache mounts creates its files in RAM
 * rather than on the runner's disk, several times faster. auto takes memory only where the
 * engine's memory is the runner's (a local socket), the builder has no memory limit of its own
 * (tmpfs pages would count against it), and the free memory leaves MEMORY_RESERVE beside a state of
 * at least MIN_MEMORY_STATE. A state that outgrows its cap fails the build, which then runs again
 * on disk (run/main.ts).
 */
export function chooseStateStore(facts: StateFacts): StateStore {
  const { choice } = facts;
  if (choice.kind === "disk") return { where: "disk", why: "fallback-state is disk" };
  const local = facts.dockerHost === "" || facts.dockerHost.startsWith("unix://");
  const room = facts.freeBytes - MEMORY_RESERVE;
  if (choice.kind === "memory") return { where: "memory", sizeBytes: choice.sizeBytes ?? (local ? Math.max(room, 1 * GIB) : undefined) };
  if (!local) return { where: "disk", why: `the Docker engine is not on this machine (DOCKER_HOST ${facts.dockerHost}), so its free memory is unknown` };
  if (facts.driverOpts.some((o) => o.startsWith("memory="))) return { where: "disk", why: "the builder has a memory limit (fallback-driver-opts memory=), which a state in memory would count against" };
  if (room < MIN_MEMORY_STATE) return { where: "disk", why: `${gib(facts.freeBytes)} of memory is free, under the ${gib(MIN_MEMORY_STATE + MEMORY_RESERVE)} a state in memory wants` };
  return { where: "memory", sizeBytes: room };
}

/** `5.5 GiB`; `64 MiB` under a gibibyte. */
export function gib(bytes: number): string {
  return bytes < GIB ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${(bytes / GIB).toFixed(1)} GiB`;
}

/** How the log and the summary name it. */
export function describeStateStore(store: StateStore): string {
  if (store.where === "disk") return `on disk (${store.why})`;
  return `in memory (a tmpfs${store.sizeBytes === undefined ? "" : ` of up to ${gib(store.sizeBytes)}`})`;
}
