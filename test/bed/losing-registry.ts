import { request, createServer, type IncomingMessage } from "node:http";

/** A registry in front of a real one that loses the first upload race it is given, as some registries do. */
export interface LosingRegistry {
  /** host:port, as used in image references. */
  readonly host: string;
  /** How many blob uploads it refused. */
  readonly refused: () => number;
  close(): Promise<void>;
}

const isBlobCommit = (req: IncomingMessage): boolean => req.method === "PUT" && /\/blobs\/uploads\/.*[?&]digest=/.test(req.url ?? "");

/**
 * Forwards everything to `target` (host:port) except the first `refuse` commits of a blob upload,
 * which it answers as distribution does when two uploads of one blob meet: 400 DIGEST_INVALID.
 */
export async function startLosingRegistry(target: string, refuse = 1): Promise<LosingRegistry> {
  const [hostname, port] = target.split(":");
  let refused = 0;
  const server = createServer((req, res) => {
    if (isBlobCommit(req) && refused < refuse) {
      refused++;
      req.resume();
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "DIGEST_INVALID", message: "provided digest did not match uploaded content" }] }));
      return;
    }
    // The Host header goes through unchanged, so the registry's upload URLs name this proxy.
    const forward = request({ hostname, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const host = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    host,
    refused: () => refused,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
