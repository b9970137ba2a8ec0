import { isRecord } from "../json.js";

/** One line of `buildx history ls --format json`. */
export interface RecordEntry {
  readonly ref: string;
  /** The Git repository the context was checked out from (buildx's `vcs:source`); empty for a context that is no Git checkout. */
  readonly repository: string;
  readonly status: string;
  readonly createdAt: number;
  /** When the build ended, in milliseconds; NaN when the record does not say. */
  readonly completedAt: number;
}

/** What `buildx history inspect --format json` tells of one build. */
export interface RecordDetails {
  readonly ref: string;
  readonly repository: string;
  readonly dockerfile: string;
  readonly target: string;
  readonly buildArgs: Readonly<Record<string, string>>;
}

const str = (o: Record<string, unknown>, key: string): string => (typeof o[key] === "string" ? o[key] : "");

/** The short ref of a record: the last part of `builder/node/ref`, as the metadata file names it. */
export function shortRef(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** Completed builds, newest first: a failed one tells nothing of what a good build caches. */
export function parseRecordList(text: string): RecordEntry[] {
  const entries: RecordEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim().startsWith("{")) continue;
    const parsed: unknown = JSON.parse(line);
    if (!isRecord(parsed)) continue;
    entries.push({ ref: shortRef(str(parsed, "ref")), repository: str(parsed, "name"), status: str(parsed, "status"), createdAt: Date.parse(str(parsed, "created_at")), completedAt: Date.parse(str(parsed, "completed_at")) });
  }
  return entries.filter((e) => e.status === "Completed").sort((a, b) => b.createdAt - a.createdAt);
}

export function parseRecordDetails(text: string): RecordDetails {
  const parsed: unknown = JSON.parse(text);
  const o = isRecord(parsed) ? parsed : {};
  const args: Record<string, string> = {};
  for (const a of Array.isArray(o["BuildArgs"]) ? o["BuildArgs"] : []) if (isRecord(a)) args[str(a, "Name")] = str(a, "Value");
  return {
    ref: str(o, "Ref"),
    repository: str(o, "VCSRepository"),
    dockerfile: str(o, "Dockerfile"),
    target: str(o, "Target"),
    buildArgs: args,
  };
}

/**
 * Whether a record's Git repository (`https://github.com/acme/app.git`, credentials already
 * stripped by buildx) is the CI's project (`acme/app`). The daemon keeps no other trace of where a
 * build came from: the context's path lives only in the client's buildx state, which each job drops.
 */
export function fromRepository(recordRepository: string, project: string): boolean {
  const url = recordRepository.toLowerCase().replace(/\/+$/, "").replace(/\.git$/, "");
  return project !== "" && url.endsWith(`/${project.toLowerCase()}`);
}

/** The same project: its repository, and the same Dockerfile and target. */
export function sameProject(record: RecordDetails, project: { readonly repository: string; readonly dockerfile: string; readonly target: string }): boolean {
  const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1) || "Dockerfile";
  return fromRepository(record.repository, project.repository) && base(record.dockerfile) === base(project.dockerfile || "Dockerfile") && record.target === project.target;
}

/** The `build-args` input's `NAME=value` lines as the history record keeps them. */
export function buildArgValues(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.includes("=") ? l.indexOf("=") : l.length), l.includes("=") ? l.slice(l.indexOf("=") + 1) : ""]));
}
