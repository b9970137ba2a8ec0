import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./exchange.js";

export const PATH = "/v1/certificates";
// A token and a certificate request are a few kilobytes.
const MAX_BODY_BYTES = 64 * 1024;

export interface ServeOptions {
  readonly cert: string;
  readonly key: string;
  readonly handle: (body: string) => Promise<Answer>;
  readonly log: (line: string) => void;
}

/** The HTTPS server: one route, JSON in and out; what to answer is decided by `handle`. */
export function certificateServer(options: ServeOptions): Server {
  const server = createServer({ cert: options.cert, key: options.key, minVersion: "TLSv1.2" }, (req, res) => {
    const from = req.socket.remoteAddress ?? "?";
    const reply = (answer: Answer): void => {
      options.log(`${from} ${answer.log}`);
      send(res, answer.status, answer.body);
    };
    if (req.url !== PATH) return reply(plain(404, "not_found", `${req.url ?? ""} is not served here: POST ${PATH}`));
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return reply(plain(405, "method_not_allowed", `${req.method ?? ""} is not allowed: POST ${PATH}`));
    }
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
      return reply(plain(415, "unsupported_media_type", "send the body as JSON, with content-type: application/json"));
    }
    readBody(req).then(
      (body) => (body === undefined ? reply(plain(413, "too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`)) : options.handle(body).then(reply)),
      () => req.destroy(),
    ).catch(() => res.destroy());
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return server;
}

function plain(status: number, error: string, message: string): Answer {
  return { status, body: { error, message }, log: `refused ${error}: ${message}` };
}

function send(res: ServerResponse, status: number, body: Readonly<Record<string, string>>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** The body as text, or undefined once it passes the limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
