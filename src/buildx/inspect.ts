import { isRecord } from "../json.js";
import { parseGcPolicy, type GcRule } from "./gc-policy.js";

/** What `buildx inspect` says of one node of a builder. */
export interface NodeStatus {
  readonly name: string;
  readonly endpoint: string;
  readonly status: string;
  readonly buildkitVersion: string;
  readonly platforms: readonly string[];
  readonly error: string;
  /** The worker's garbage collection rules, in order; empty when buildx showed none. */
  readonly gcPolicy: readonly GcRule[];
}

/**
 * Parses `buildx inspect` text into its nodes. buildx can exit 0 for a builder whose node is
 * inactive or in error, so each node's own Status line is what tells whether it booted.
 */
export function parseInspect(text: string): NodeStatus[] {
  const nodesText = text.split(/^Nodes:\s*$/m)[1] ?? "";
  return nodesText.split(/^(?=Name:)/m).filter((block) => /^Name:/.test(block)).map((block) => {
    const field = (label: string): string => (new RegExp(`^${label}:[ \\t]*(.*)$`, "m").exec(block)?.[1] ?? "").trim();
    const platforms = field("Platforms").split(",").map((p) => p.trim().replace(/\*$/, "")).filter(Boolean);
    return { name: field("Name"), endpoint: field("Endpoint"), status: field("Status"), buildkitVersion: field("BuildKit version"), platforms, error: field("Error"), gcPolicy: parseGcPolicy(block) };
  });
}

/** What build-push-action reads from the metadata file, plus the file itself. */
export interface BuildMetadata {
  readonly digest: string;
  readonly imageId: string;
  readonly json: string;
}

export function parseMetadata(text: string): BuildMetadata {
  const parsed: unknown = JSON.parse(text);
  const record = isRecord(parsed) ? parsed : {};
  const str = (key: string): string => {
    const value = record[key];
    return typeof value === "string" ? value : "";
  };
  return { digest: str("containerimage.digest"), imageId: str("containerimage.config.digest"), json: JSON.stringify(parsed) };
}
