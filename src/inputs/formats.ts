import { quoted, UserError } from "../errors.js";

/**
 * Checks of the inputs whose syntax buildx would otherwise refuse with a message that does not say
 * which input is wrong. Each follows buildx's own parser (util/buildflags) where it has one, and
 * stops at syntax: what the daemon decides (an unknown platform, an attestation attribute) stays
 * the daemon's to say.
 */

/** `os/arch[/variant]`, an OS with its version in parentheses, or one component (`local`, `arm64`). */
const PLATFORM = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\([A-Za-z0-9_.-]*\))?(\/[A-Za-z0-9_.-]+){0,2}$/;

export function checkPlatforms(input: string, platforms: readonly string[]): void {
  for (const platform of platforms) {
    if (!PLATFORM.test(platform)) {
      throw new UserError(input, `${quoted(platform)} is not a platform`, "write os/arch[/variant], such as linux/amd64 or linux/arm/v7, one per line or comma-separated");
    }
  }
}

/** Splits a CSV line as buildx does (encoding/csv): commas outside double quotes; `""` in quotes is a quote. */
export function csvFields(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = "";
  let quotedField = false;
  let atStart = true;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quotedField) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quotedField = false;
      } else {
        field += char;
      }
    } else if (char === '"' && atStart) {
      quotedField = true;
      atStart = false;
    } else if (char === ",") {
      fields.push(field);
      field = "";
      atStart = true;
    } else {
      field += char;
      atStart = false;
    }
  }
  if (quotedField) return undefined;
  fields.push(field);
  return fields;
}

/** Exporters buildx knows; `image` with push=true is what `registry` is short for. */
const EXPORTERS = ["local", "tar", "oci", "docker", "image", "registry", "cacheonly"] as const;
export type ExporterType = (typeof EXPORTERS)[number];

/** The exporters that write files, which need a destination buildx would otherwise refuse to guess. */
const NEED_DEST: ReadonlySet<string> = new Set(["local", "tar", "oci"]);

export interface OutputSpec {
  readonly type: ExporterType;
  readonly dest: string;
}

/**
 * Reads one `outputs` item as buildx does: a bare path is a local directory, otherwise CSV
 * `key=value` fields with a `type`. Refuses what buildx would refuse, and `-` (a tarball on
 * standard output, which here is the step's log).
 */
export function parseOutput(item: string): OutputSpec {
  const fix = "write one output per line, such as type=local,dest=out, type=tar,dest=out.tar or type=registry";
  const fields = csvFields(item);
  if (!fields) throw new UserError("outputs", `${quoted(item)} has a quote that is not closed`, fix);
  let spec: { type: string; dest: string };
  // buildx also reads a lone `dest=out` or `name=app` as a directory of that name: a mistake, refused here.
  if (fields.length === 1 && fields[0] === item && !/^[a-z-]+=/i.test(item)) {
    spec = { type: item === "-" ? "tar" : "local", dest: item };
  } else {
    spec = { type: "", dest: "" };
    for (const field of fields) {
      const at = field.indexOf("=");
      if (at < 0) throw new UserError("outputs", `${quoted(item)}: ${quoted(field)} is not key=value`, fix);
      const key = field.slice(0, at).trim().toLowerCase();
      if (key === "type") spec.type = field.slice(at + 1);
      if (key === "dest") spec.dest = field.slice(at + 1);
    }
  }
  const type = EXPORTERS.find((t) => t === spec.type);
  if (spec.type === "") throw new UserError("outputs", `${quoted(item)} names no type`, fix);
  if (!type) throw new UserError("outputs", `${quoted(item)}: type ${quoted(spec.type)} is not one of ${EXPORTERS.join(", ")}`, fix);
  if (spec.dest === "-") {
    throw new UserError("outputs", `${quoted(item)} writes to standard output, which is this step's log`, "give the output a file or directory: dest=PATH");
  }
  if (spec.dest.startsWith("-")) throw new UserError("outputs", `${quoted(item)}: the destination looks like a command-line flag`, "write the path as ./" + spec.dest);
  if (NEED_DEST.has(type) && spec.dest === "") throw new UserError("outputs", `${quoted(item)}: type=${type} needs dest=PATH`, fix);
  return { type, dest: spec.dest };
}

/**
 * Whether buildx may be given `--iidfile`: it refuses the image ID file next to a local or tar
 * export, which produces no image.
 */
export function producesImageId(outputs: readonly OutputSpec[]): boolean {
  return !outputs.some((o) => o.type === "local" || o.type === "tar");
}

/** Go's strconv.ParseBool, which buildx uses for `--provenance=true` and `disabled=`. */
const GO_BOOLS = new Set(["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]);

/** `provenance` and `sbom`: a boolean or CSV `key=value` attributes, as buildx's `--provenance`/`--sbom` take. */
export function checkAttestation(input: "provenance" | "sbom", value: string): void {
  if (value === "" || GO_BOOLS.has(value)) return;
  const fix = input === "provenance"
    ? "set provenance to true, false or attributes such as mode=max"
    : "set sbom to true, false or attributes such as generator=IMAGE";
  const fields = csvFields(value);
  if (!fields) throw new UserError(input, `${quoted(value)} has a quote that is not closed`, fix);
  for (const field of fields) {
    const at = field.indexOf("=");
    if (at <= 0) throw new UserError(input, `${quoted(field)} is not true, false or key=value`, fix);
    const key = field.slice(0, at).trim().toLowerCase();
    const v = field.slice(at + 1);
    if (key === "disabled" && !GO_BOOLS.has(v)) throw new UserError(input, `disabled=${quoted(v)} is not true or false`, fix);
    if (input === "provenance" && key === "mode" && v !== "min" && v !== "max") {
      throw new UserError(input, `mode=${quoted(v)} is not min or max`, fix);
    }
  }
}

/** `attests`: each `type=sbom|provenance,...` as buildx's `--attest` takes it, CSV `key=value` with a type. */
export function checkAttests(items: readonly string[]): void {
  const fix = "write one attestation per line, such as type=sbom,generator=image or type=provenance,mode=max";
  for (const item of items) {
    const fields = csvFields(item);
    if (!fields) throw new UserError("attests", `${quoted(item)} has a quote that is not closed`, fix);
    const pairs = fields.map((f) => ({ key: f.slice(0, Math.max(0, f.indexOf("="))).trim().toLowerCase(), value: f.slice(f.indexOf("=") + 1), field: f }));
    const bad = pairs.find((p) => p.key === "");
    if (bad) throw new UserError("attests", `${quoted(item)}: ${quoted(bad.field)} is not key=value`, fix);
    const type = pairs.find((p) => p.key === "type")?.value ?? "";
    if (type === "") throw new UserError("attests", `${quoted(item)} names no type`, fix);
    const disabled = pairs.find((p) => p.key === "disabled");
    if (disabled && !GO_BOOLS.has(disabled.value)) throw new UserError("attests", `${quoted(item)}: disabled=${quoted(disabled.value)} is not true or false`, fix);
  }
}

/** The build context: a path or a URL, never standard input, which this step does not have. */
export function checkContext(context: string): void {
  if (context === "-") {
    throw new UserError("context", `"-" reads the build context from standard input, which this step does not have`, "set context to a directory, such as ., or a Git URL");
  }
}
