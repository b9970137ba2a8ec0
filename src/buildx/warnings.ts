import { posix } from "node:path";
import { isRecord } from "../json.js";

/** One build-check warning of BuildKit's Dockerfile frontend, where it points in the Dockerfile. */
export interface BuildWarning {
  /** The check's rule, such as `StageNameCasing`; empty for a warning that is not a check's. */
  readonly rule: string;
  readonly message: string;
  /** The file as the frontend names it (the Dockerfile's name in its context). */
  readonly file: string;
  /** 1-based; 0 when the warning points at no line. */
  readonly line: number;
  readonly url: string;
}

type Json = Record<string, unknown>;

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The first range's start line, from `[{start: {line}}]` (BuildKit's pb.Range). */
function firstLine(ranges: unknown): number {
  const start = records(ranges)[0]?.["start"];
  const line = isRecord(start) ? start["line"] : undefined;
  return typeof line === "number" && line > 0 ? line : 0;
}

/**
 * The warnings buildx writes to the metadata file under `buildx.build.warnings` when run with
 * BUILDX_METADATA_WARNINGS=true: BuildKit's VertexWarning, whose `short` is base64 of
 * `Rule: message (line N)`.
 */
export function warningsFromMetadata(metadata: unknown): BuildWarning[] {
  return isRecord(metadata) ? fromVertexWarnings(metadata["buildx.build.warnings"]) : [];
}

/**
 * The warnings of one rawjson progress event (SolveStatus), the same VertexWarnings: the only
 * place a failed build, which writes no metadata, has them.
 */
export function warningsFromStatusLine(line: string): BuildWarning[] {
  if (!line.includes('"warnings"')) return [];
  try {
    const status: unknown = JSON.parse(line);
    return isRecord(status) ? fromVertexWarnings(status["warnings"]) : [];
  } catch {
    return [];
  }
}

function fromVertexWarnings(list: unknown): BuildWarning[] {
  return records(list).map((w) => {
    const short = Buffer.from(text(w["short"]), "base64").toString("utf8").trim();
    const source = w["sourceInfo"];
    const line = firstLine(w["range"]);
    const ruled = /^([A-Z][A-Za-z0-9]+): ([\s\S]*?)(?: \(line \d+\))?$/.exec(short);
    return {
      rule: ruled?.[1] ?? "",
      message: ruled?.[2] ?? short,
      file: isRecord(source) ? text(source["filename"]) : "",
      line,
      url: text(w["url"]),
    };
  });
}

/** What `buildx build --call=check,format=json` printed: the warnings, and the error that stopped the check. */
export interface CheckResult {
  readonly warnings: readonly BuildWarning[];
  readonly error: string;
}

/** Parses the JSON document of `--call=check,format=json` (BuildKit's lint.LintResults); undefined when there is none. */
export function parseCheckResult(stdout: string): CheckResult | undefined {
  const start = stdout.indexOf("{");
  if (start < 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.slice(start));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const sources = records(parsed["sources"]);
  const warnings = records(parsed["warnings"]).map((w): BuildWarning => {
    const location = isRecord(w["location"]) ? w["location"] : {};
    const index = typeof location["sourceIndex"] === "number" ? location["sourceIndex"] : 0;
    return {
      rule: text(w["ruleName"]),
      message: text(w["detail"]) || text(w["description"]),
      file: text(sources[index]?.["filename"]),
      line: firstLine(location["ranges"]),
      url: text(w["url"]),
    };
  });
  const error = isRecord(parsed["buildError"]) ? text(parsed["buildError"]["message"]) : "";
  return { warnings, error };
}

/** buildx's own verdict line for a check. */
export function checkVerdict(count: number): string {
  if (count === 0) return "Check complete, no warnings found.";
  return `Check complete, ${count === 1 ? "1 warning has" : `${count} warnings have`} been found!`;
}

/** `Dockerfile:3: StageNameCasing: Stage name 'Builder' should be lowercase`, for the log. */
export function describeWarning(w: BuildWarning, file: string): string {
  const where = file ? `${file}${w.line > 0 ? `:${w.line}` : ""}: ` : "";
  return `${where}${w.rule ? `${w.rule}: ` : ""}${w.message}${w.url ? ` (${w.url})` : ""}`;
}

/**
 * The path of the file a warning points at, as the repository knows it: the frontend names only
 * the Dockerfile's base name, which we map back to the `file` input (or `Dockerfile` in the
 * context), relative to the working directory (the checkout) when it lies inside it. A context
 * that is a URL has no path in the checkout.
 */
export function warningPath(warningFile: string, context: string, file: string, cwd: string): string {
  const remoteContext = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(context);
  const dockerfile = file !== "" ? file : remoteContext ? "" : posix.join(context, "Dockerfile");
  if (dockerfile === "" || warningFile === "") return warningFile;
  let path = posix.normalize(dockerfile).replace(/^\.\//, "");
  const inside = posix.isAbsolute(path) && cwd !== "" ? posix.relative(cwd, path) : "";
  if (inside !== "" && !inside.startsWith("..")) path = inside;
  return posix.basename(path) === posix.basename(warningFile) ? path : warningFile;
}
