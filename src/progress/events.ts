import { isRecord } from "../json.js";

/** BuildKit's solve status, as `buildx build --progress=rawjson` writes it: one JSON object a line. */
export interface Vertex {
  readonly digest: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly started?: number;
  readonly completed?: number;
  readonly cached: boolean;
  readonly error: string;
}

export interface VertexStatus {
  readonly id: string;
  readonly vertex: string;
  readonly current: number;
  readonly total: number;
  readonly started?: number;
  readonly completed?: number;
}

export interface VertexLog {
  readonly vertex: string;
  /** 1 for the step's stdout, 2 for its stderr; each is a stream of its own, cut into chunks anywhere. */
  readonly stream?: number;
  readonly data: string;
}

export interface SolveStatus {
  readonly vertexes: readonly Vertex[];
  readonly statuses: readonly VertexStatus[];
  readonly logs: readonly VertexLog[];
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function time(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, number>>);
}

/** Parses one line of rawjson progress; undefined for a line that is not a status (buildx's own messages). */
export function parseStatusLine(line: string): SolveStatus | undefined {
  if (!line.startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  return {
    vertexes: records(parsed["vertexes"]).map((v) => ({
      digest: text(v["digest"]),
      name: text(v["name"]),
      inputs: Array.isArray(v["inputs"]) ? v["inputs"].filter((i): i is string => typeof i === "string") : [],
      ...optional("started", time(v["started"])),
      ...optional("completed", time(v["completed"])),
      cached: v["cached"] === true,
      error: text(v["error"]),
    })),
    statuses: records(parsed["statuses"]).map((s) => ({
      id: text(s["id"]),
      vertex: text(s["vertex"]),
      current: typeof s["current"] === "number" ? s["current"] : 0,
      total: typeof s["total"] === "number" ? s["total"] : 0,
      ...optional("started", time(s["started"])),
      ...optional("completed", time(s["completed"])),
    })),
    logs: records(parsed["logs"]).map((l) => ({
      vertex: text(l["vertex"]),
      stream: typeof l["stream"] === "number" ? l["stream"] : 1,
      data: Buffer.from(text(l["data"]), "base64").toString("utf8"),
    })),
  };
}
