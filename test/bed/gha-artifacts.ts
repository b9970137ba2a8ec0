// A local stand-in for GitHub's artifact service (the results service's ArtifactService), as
// @actions/artifact uses it: CreateArtifact answers a signed upload URL (an Azurite blob with a
// SAS), the client uploads there, FinalizeArtifact records the size and hash and answers an id.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { startAzurite } from "./azurite.js";
import { freePort } from "./ports.js";

const CONTAINER = "actions-artifacts";
const PREFIX = "/twirp/github.actions.results.api.v1.ArtifactService/";
const RUN = "run-backend-1";
const JOB = "job-backend-1";

/** An artifact the job uploaded and finalized. */
export interface StoredArtifact {
  readonly id: number;
  readonly name: string;
  readonly mimeType: string;
  readonly size: number;
  /** `sha256:...`, as the client computed it while uploading. */
  readonly hash: string;
  /** The bytes Azurite holds. */
  content(): Promise<Buffer>;
}

export interface GhaArtifacts {
  /** The step environment that points @actions/artifact at this stand-in. */
  readonly env: Readonly<Record<string, string>>;
  /** Finalized artifacts, in upload order. */
  artifacts(): StoredArtifact[];
  stop(): Promise<void>;
}

/**
 * The runtime token's claims the client reads: `scp` names the run and the job it uploads for.
 * Nobody checks its signature.
 */
function runtimeToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { scp: `Actions.GenericRead:0 Actions.Results:${RUN}:${JOB}`, nbf: now - 60, exp: now + 3600 };
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array));
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? Object.fromEntries(Object.entries(parsed)) : {};
}

/** A string field, or a protobuf StringValue wrapper (JSON: the bare string). */
function field(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

export async function startGhaArtifacts(dir: string): Promise<GhaArtifacts> {
  const azurite = await startAzurite(dir, "azurite-artifacts", CONTAINER);
  const container = azurite.container;

  const pending = new Map<string, string>();
  const done: StoredArtifact[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const call = (req.url ?? "").startsWith(PREFIX) ? (req.url ?? "").slice(PREFIX.length) : "";
      const body = await jsonBody(req);
      const name = field(body, "name");
      const owner = field(body, "workflow_run_backend_id") === RUN && field(body, "workflow_job_run_backend_id") === JOB;
      let answer: Record<string, unknown>;
      if (call === "CreateArtifact" && owner && name !== "") {
        const blob = `${done.length + pending.size}-${encodeURIComponent(name)}`;
        answer = { ok: true, signed_upload_url: azurite.signedUrl(blob, "cw") };
        pending.set(name, blob);
      } else if (call === "FinalizeArtifact" && owner && pending.has(name)) {
        const blob = pending.get(name) ?? "";
        pending.delete(name);
        const client = container.getBlobClient(blob);
        const properties = await client.getProperties();
        const id = done.length + 1;
        done.push({
          id, name, mimeType: properties.contentType ?? "", size: Number(field(body, "size")), hash: field(body, "hash"),
          content: () => client.downloadToBuffer(),
        });
        answer = { ok: true, artifact_id: String(id) };
      } else {
        res.writeHead(call === "" ? 404 : 400, { "Content-Type": "application/json" }).end(JSON.stringify({ code: "invalid_argument", msg: `unexpected ${call}` }));
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
    })().catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    env: { ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` },
    artifacts: () => [...done],
    async stop() {
      await new Promise((r) => server.close(r));
      await azurite.stop();
    },
  };
}
