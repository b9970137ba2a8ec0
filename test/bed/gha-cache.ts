// A local stand-in for the GitHub Actions cache service: Azurite holds the data, and a small
// server answers the three calls of the cache service's twirp API that buildx's `type=gha` cache
// and @actions/cache make. The signed URLs are Azurite blob URLs with a SAS.
import { mkdir } from "node:fs/promises";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { BlobSASPermissions, BlobServiceClient, generateBlobSASQueryParameters, StorageSharedKeyCredential } from "@azure/storage-blob";
import { freePort, waitFor } from "./ports.js";
import { startService, type Service } from "./processes.js";
import { REPO } from "./runner.js";

// Azurite's documented development account.
const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const CONTAINER = "actions-cache";
const PREFIX = "/twirp/github.actions.results.api.v1.CacheService/";

interface Entry {
  readonly key: string;
  readonly version: string;
  readonly blob: string;
  finalized: boolean;
  created: number;
}

export interface GhaCache {
  /** The step environment that points buildx and @actions/cache at this stand-in. */
  readonly env: Readonly<Record<string, string>>;
  /** Keys of the finalized entries, oldest first. */
  keys(): string[];
  /** Keys whose second save was refused, in order. */
  refused(): string[];
  /** From now on, each request for the data of an entry whose key starts with `prefix` is answered `ms` late (0: at once again), as a slow network would. */
  slowDownloads(prefix: string, ms: number): void;
  stop(): Promise<void>;
}

function base64url(value: string): string {
  return Buffer.from(value).toString("base64url");
}

/** A runtime token as the runner hands it out: the clients read its claims, nobody checks its signature. */
function runtimeToken(): string {
  const now = Math.floor(Date.now() / 1000);
  // A day, not the runner's hour: the benchmark uses one stand-in for longer than an hour.
  const claims = { ac: JSON.stringify([{ Scope: "refs/heads/main", Permission: 3 }]), nbf: now - 60, exp: now + 24 * 3600 };
  return `${base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array));
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

export async function startGhaCache(dir: string): Promise<GhaCache> {
  const blobPort = await freePort();
  await mkdir(join(dir, "azurite"), { recursive: true });
  const azurite: Service = startService(join(REPO, "node_modules", ".bin", "azurite-blob"), [
    "--blobHost", "127.0.0.1", "--blobPort", String(blobPort), "--location", join(dir, "azurite"),
    "--skipApiVersionCheck", "--loose", "--disableTelemetry",
  ], join(dir, "azurite.log"));
  const credential = new StorageSharedKeyCredential(ACCOUNT, KEY);
  const blobBase = `http://127.0.0.1:${blobPort}/${ACCOUNT}`;
  const service = new BlobServiceClient(blobBase, credential);
  await waitFor("Azurite", async () => {
    await service.getContainerClient(CONTAINER).createIfNotExists();
    return true;
  }, 30_000);

  const entries: Entry[] = [];
  const refused: string[] = [];
  let slow = { prefix: "", ms: 0 };
  const SLOW = "/slow/";
  /** Passes a request for a blob on to Azurite, `ms` late; a client gone by then (a step that ended without the data) gets nothing. */
  const late = (req: IncomingMessage, res: ServerResponse, ms: number): void => {
    res.on("error", () => undefined);
    setTimeout(() => {
      if (res.destroyed) return;
      const upstream = request(`${blobBase}/${(req.url ?? "").slice(SLOW.length)}`, { method: req.method, headers: { ...req.headers, host: `127.0.0.1:${blobPort}` } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
    }, ms);
  };
  const signed = (blob: string, permissions: string): string => {
    const sas = generateBlobSASQueryParameters({
      containerName: CONTAINER, blobName: blob, permissions: BlobSASPermissions.parse(permissions), expiresOn: new Date(Date.now() + 3600_000),
    }, credential);
    return `${blobBase}/${CONTAINER}/${blob}?${sas.toString()}`;
  };
  const str = (b: Record<string, unknown>, ...names: string[]): string => {
    for (const n of names) if (typeof b[n] === "string") return b[n] as string;
    return "";
  };

  const server: Server = createServer((req, res) => {
    if ((req.url ?? "").startsWith(SLOW)) return late(req, res, slow.ms);
    void (async () => {
      const call = (req.url ?? "").startsWith(PREFIX) ? (req.url ?? "").slice(PREFIX.length) : "";
      const b = await body(req);
      const key = str(b, "key");
      const version = str(b, "version");
      let answer: Record<string, unknown>;
      if (call === "CreateCacheEntry") {
        // As the service does: a key is written once. A second job saving it gets a twirp
        // already_exists (HTTP 409), which @actions/cache reports as "Unable to reserve cache".
        if (entries.some((e) => e.key === key && e.version === version)) {
          refused.push(key);
          res.writeHead(409, { "Content-Type": "application/json" }).end(JSON.stringify({ code: "already_exists", msg: "cache entry with the same key, version, and scope already exists" }));
          return;
        }
        const blob = `${entries.length}-${Buffer.from(key).toString("hex").slice(0, 80)}`;
        entries.push({ key, version, blob, finalized: false, created: Date.now() });
        answer = { ok: true, signed_upload_url: signed(blob, "cw") };
      } else if (call === "FinalizeCacheEntryUpload") {
        const entry = entries.findLast((e) => e.key === key && e.version === version);
        if (entry) {
          entry.finalized = true;
          entry.created = Date.now();
        }
        answer = { ok: entry !== undefined, entry_id: String(entry ? entries.indexOf(entry) : 0) };
      } else if (call === "GetCacheEntryDownloadURL") {
        const ready = entries.filter((e) => e.finalized && e.version === version);
        const restoreKeys = Array.isArray(b["restore_keys"]) ? b["restore_keys"] : Array.isArray(b["restoreKeys"]) ? b["restoreKeys"] : [];
        const exact = ready.findLast((e) => e.key === key);
        const prefixed = restoreKeys.filter((k): k is string => typeof k === "string")
          .map((prefix) => ready.filter((e) => e.key.startsWith(prefix)).sort((x, y) => x.created - y.created).at(-1))
          .find((e) => e !== undefined);
        const match = exact ?? prefixed;
        const url = match && signed(match.blob, "r");
        answer = match && url ? {
          ok: true, matched_key: match.key,
          signed_download_url: slow.ms > 0 && match.key.startsWith(slow.prefix) ? url.replace(`${blobBase}/`, `http://127.0.0.1:${port}${SLOW}`) : url,
        } : { ok: false };
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
    })().catch(() => res.writeHead(500).end());
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    env: {
      ACTIONS_RUNTIME_TOKEN: runtimeToken(),
      ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/`,
      ACTIONS_CACHE_SERVICE_V2: "True",
    },
    keys: () => entries.filter((e) => e.finalized).map((e) => e.key),
    refused: () => [...refused],
    slowDownloads: (prefix, ms) => {
      slow = { prefix, ms };
    },
    async stop() {
      await new Promise((r) => server.close(r));
      await azurite.stop();
    },
  };
}
