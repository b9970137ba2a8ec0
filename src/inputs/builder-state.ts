import { quoted, UserError } from "../errors.js";

/** fallback-state: where the fallback's docker-container builder keeps its BuildKit state. */
export type StateChoice =
  | { readonly kind: "auto" }
  | { readonly kind: "disk" }
  /** sizeBytes: the cap given (`memory:6g`); undefined lets the step size it from the free memory. */
  | { readonly kind: "memory"; readonly sizeBytes: number | undefined };

const UNITS: Readonly<Record<string, number>> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `auto`, `disk`, `memory` or `memory:SIZE` with docker's binary units (`512m`, `6g`). */
export function parseStateChoice(raw: string): StateChoice {
  if (raw === "auto" || raw === "disk") return { kind: raw };
  if (raw === "memory") return { kind: "memory", sizeBytes: undefined };
  const size = /^memory:(\d+(?:\.\d+)?)([kmgKMG]?)[bB]?$/.exec(raw);
  const bytes = size ? Math.floor(Number(size[1]) * (UNITS[(size[2] ?? "").toLowerCase()] ?? 1)) : 0;
  // BuildKit's own files and one small layer need a few megabytes: anything under that is a slip.
  if (size && bytes >= 64 * 1024 ** 2) return { kind: "memory", sizeBytes: bytes };
  throw new UserError("fallback-state", size ? `${quoted(raw)} is under 64m` : `${quoted(raw)} is not auto, disk, memory or memory:SIZE`,
    "set fallback-state to auto, disk, memory, or memory with a cap such as memory:6g");
}
