import { request } from "node:https";
import { rootCertificates } from "node:tls";

export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
}

export interface JsonRequest {
  readonly method: "GET" | "POST";
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** A CA to trust besides the system's; without it, Node's default (NODE_EXTRA_CA_CERTS included). */
  readonly ca?: string;
  readonly timeoutMs: number;
}

/** An https call failed before any answer; code is Node's (ECONNREFUSED, CERT_HAS_EXPIRED, ...) or ETIMEDOUT. */
export class HttpsFailedError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "HttpsFailedError";
  }
}

const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * One JSON call over Node's own https (no HTTP client library is loaded for the two calls the
 * keyless path makes). The whole call, connection included, has timeoutMs.
 */
export function requestJson(url: URL, options: JsonRequest): Promise<JsonReply> {
  return new Promise((resolve, reject) => {
    const fail = (code: string, message: string): void => reject(new HttpsFailedError(code, message));
    const req = request(url, {
      method: options.method,
      headers: { accept: "application/json", ...options.headers, ...(options.body === undefined ? {} : { "content-type": "application/json" }) },
      ...(options.ca === undefined ? {} : { ca: [...rootCertificates, options.ca] }),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) req.destroy(new HttpsFailedError("ETOOBIG", `the answer is larger than ${MAX_REPLY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on("end", () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on("error", (err: NodeJS.ErrnoException) => fail(err.code ?? "EIO", err.message));
    });
    const timer = setTimeout(() => req.destroy(new HttpsFailedError("ETIMEDOUT", `no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err instanceof HttpsFailedError) reject(err);
      else fail(err.code ?? "EIO", err.message);
    });
    req.end(options.body);
  });
}
