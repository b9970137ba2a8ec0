/** A build's record, as `buildx history export` writes it for Docker Desktop's build view. */
export interface RecordRef {
  readonly builder: string;
  readonly node: string;
  /** BuildKit's id of the build. */
  readonly id: string;
}

/** Reads the `buildx.build.ref` of the metadata file: `builder/node/id`. */
export function parseRecordRef(ref: string): RecordRef | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)\/([a-z0-9]+)$/.exec(ref.trim());
  return match ? { builder: match[1] ?? "", node: match[2] ?? "", id: match[3] ?? "" } : undefined;
}

/** `--finalize`: the trace of a build that just ended may not be written yet. */
export function exportRecordArgs(ref: RecordRef, file: string): string[] {
  return ["history", "export", "--builder", ref.builder, "--finalize", "--output", file, ref.id];
}

/** Named as docker/build-push-action names its records: `owner~repo~ID.dockerbuild`. */
export function recordFileName(repository: string, ref: RecordRef): string {
  const prefix = repository.replace(/[^A-Za-z0-9._-]+/g, "~").replace(/^~+|~+$/g, "") || "build";
  return `${prefix}~${ref.id.slice(0, 6).toUpperCase()}.dockerbuild`;
}

/** DOCKER_BUILD_RECORD_UPLOAD, as docker's actions read it: anything but a false word keeps the record. */
export function keepRecords(value: string | undefined): boolean {
  return !/^(false|0|no|off)$/i.test((value ?? "").trim());
}
