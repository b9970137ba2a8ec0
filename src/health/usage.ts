import { parseSize } from "../buildx/sizes.js";
import { isRecord } from "../json.js";

/** The kinds of cache record users care about; everything else is `other`. */
export type UsageKind = "layers" | "cacheMounts" | "contexts" | "other";

/** One record of `buildx du --format json`. */
export interface UsageRecord {
  /** BuildKit's record type: `regular`, `exec.cachemount`, `source.local`, ... */
  readonly type: string;
  readonly bytes: number;
}

export interface DiskUsage {
  readonly totalBytes: number;
  readonly byKind: Readonly<Record<UsageKind, number>>;
  readonly records: readonly UsageRecord[];
}

export function kindOf(type: string): UsageKind {
  if (type === "regular") return "layers";
  if (type === "exec.cachemount") return "cacheMounts";
  if (type === "source.local" || type === "source.git.checkout") return "contexts";
  return "other";
}

/** Parses `buildx du --format json` (one JSON object per line) into the usage by kind. */
export function parseDiskUsage(text: string): DiskUsage {
  const records: UsageRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed: unknown = JSON.parse(line);
    if (!isRecord(parsed)) continue;
    const bytes = typeof parsed["Size"] === "string" ? parseSize(parsed["Size"]) : typeof parsed["Size"] === "number" ? parsed["Size"] : undefined;
    records.push({ type: typeof parsed["Type"] === "string" ? parsed["Type"] : "", bytes: bytes ?? 0 });
  }
  const byKind: Record<UsageKind, number> = { layers: 0, cacheMounts: 0, contexts: 0, other: 0 };
  for (const r of records) byKind[kindOf(r.type)] += r.bytes;
  return { totalBytes: records.reduce((sum, r) => sum + r.bytes, 0), byKind, records };
}

/** The bytes of the records a GC rule's filters select (`type==exec.cachemount`; none: every record). */
export function bytesSelected(records: readonly UsageRecord[], filters: readonly string[]): number {
  const types = filters.flatMap((f) => /^type==(.+)$/.exec(f)?.[1] ?? []);
  return records.filter((r) => filters.length === 0 || types.includes(r.type)).reduce((sum, r) => sum + r.bytes, 0);
}

/** `2026-12-01 15:31:24.16473598 +0000 UTC`, as `buildx du --format json` writes a record's CreatedAt, in milliseconds; NaN when it is not one. */
export function parseDuTime(text: string): number {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-]\d\d)(\d\d)/.exec(text);
  if (!match) return Number.NaN;
  return Date.parse(`${match[1]}T${match[2]}${(match[3] ?? "").slice(0, 4)}${match[4]}:${match[5]}`);
}

/**
 * A cache mount's id as the daemon's records and the Dockerfile both give it: BuildKit puts the
 * Dockerfile's id (or, with none, the target) under its namespace path, `/` by default.
 */
export function mountKey(id: string): string {
  return id.replace(/^\/+/, "");
}

/**
 * When each cache mount on the daemon was created, by mountKey of its id (`... with id "/gobuild"`
 * in a record's description), the oldest record of an id when several share it (`sharing=locked`
 * or `private`).
 */
export function mountsCreatedAt(text: string): Map<string, number> {
  const created = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed: unknown = JSON.parse(line);
    if (!isRecord(parsed) || parsed["Type"] !== "exec.cachemount") continue;
    const id = typeof parsed["Description"] === "string" ? / with id "((?:[^"\\]|\\.)*)"$/.exec(parsed["Description"])?.[1] : undefined;
    const at = typeof parsed["CreatedAt"] === "string" ? parseDuTime(parsed["CreatedAt"]) : Number.NaN;
    if (id === undefined || !Number.isFinite(at)) continue;
    const key = mountKey(id.replace(/\\(.)/g, "$1"));
    created.set(key, Math.min(at, created.get(key) ?? at));
  }
  return created;
}
