// Reads a `.dockerbuild` file as Docker Desktop's import does: a gzipped OCI archive whose manifest
// has a BuildKit history record as its config and the build's trace and logs as its layers.
// `buildx history import` only hands the file to Docker Desktop, which this machine lacks; reading
// it here, every blob checked against its digest, is how the tests show that the file is whole.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const HISTORY_RECORD_TYPE = "application/vnd.buildkit.historyrecord.v0";

interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

/** One build's record: BuildKit's BuildHistoryRecord as buildx exported it, and what its layers are. */
export interface DockerbuildRecord {
  readonly record: Record<string, unknown>;
  readonly layerTypes: readonly string[];
}

function descriptor(value: unknown): Descriptor {
  const d = value as Partial<Descriptor> | undefined;
  if (typeof d?.mediaType !== "string" || typeof d.digest !== "string" || typeof d.size !== "number") throw new Error(`not a descriptor: ${JSON.stringify(value)}`);
  return { mediaType: d.mediaType, digest: d.digest, size: d.size };
}

export async function readDockerbuild(file: string): Promise<DockerbuildRecord[]> {
  const dir = await mkdtemp(join(tmpdir(), "rbk-dockerbuild-"));
  try {
    execFileSync("tar", ["-xzf", file, "-C", dir], { stdio: ["ignore", "ignore", "pipe"] });
    const blob = async (d: Descriptor): Promise<Buffer> => {
      const [algorithm, hex] = d.digest.split(":");
      const path = join(dir, "blobs", algorithm ?? "", hex ?? "");
      if (!existsSync(path)) throw new Error(`blob ${d.digest} (${d.mediaType}) is missing from the archive`);
      const data = await readFile(path);
      if (data.length !== d.size) throw new Error(`blob ${d.digest} has ${data.length} bytes, not ${d.size}`);
      if (`sha256:${createHash("sha256").update(data).digest("hex")}` !== d.digest) throw new Error(`blob ${d.digest} does not match its digest`);
      return data;
    };
    const json = async (d: Descriptor): Promise<Record<string, unknown>> => JSON.parse((await blob(d)).toString("utf8")) as Record<string, unknown>;
    const index = JSON.parse(await readFile(join(dir, "index.json"), "utf8")) as { manifests?: unknown[] };
    const records: DockerbuildRecord[] = [];
    const visit = async (d: Descriptor): Promise<void> => {
      const doc = await json(d);
      if (Array.isArray(doc["manifests"])) {
        for (const m of doc["manifests"]) await visit(descriptor(m));
        return;
      }
      const config = descriptor(doc["config"]);
      if (config.mediaType !== HISTORY_RECORD_TYPE) throw new Error(`the manifest's config is ${config.mediaType}, not a history record`);
      const layers = Array.isArray(doc["layers"]) ? doc["layers"].map(descriptor) : [];
      for (const layer of layers) await blob(layer);
      records.push({ record: await json(config), layerTypes: layers.map((l) => l.mediaType) });
    };
    for (const m of index.manifests ?? []) await visit(descriptor(m));
    return records;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
