import { isIP } from "node:net";
import { connect } from "node:tls";
import { stopwatch, type Clock } from "../process/host.js";

/** How far a connection got before it ended. */
export type ProbeStage = "tcp" | "tls" | "http2";

export type ProbeResult =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly stage: ProbeStage; readonly code: string; readonly detail: string; readonly ms: number };

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
  /** Expected name in the server certificate; empty: the host (for an IP, its IP SAN is checked). */
  readonly serverName: string;
  readonly ca: string;
  /** Omitted to ask whether the daemon accepts clients without a certificate. */
  readonly cert?: string;
  readonly key?: string;
  readonly timeoutMs: number;
  /** Ends the probe early, when its answer is no longer needed. */
  readonly signal?: AbortSignal;
}

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
const EMPTY_SETTINGS = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
const SETTINGS_TYPE = 4;

/**
 * One connection as buildx would make it: TCP, TLS with ALPN h2, then the HTTP/2 preface. Healthy
 * when the daemon answers with its SETTINGS frame. With TLS 1.3 the daemon's verdict on our client
 * certificate arrives only after the handshake, so waiting for that frame is what makes a
 * rejected certificate visible here.
 */
export function probeTls(target: ProbeTarget, clock: Clock): Promise<ProbeResult> {
  const elapsed = stopwatch(clock);
  return new Promise((resolve) => {
    let stage: ProbeStage = "tcp";
    let settled = false;
    const finish = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      target.signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(result);
    };
    const fail = (code: string, detail: string): void =>
      finish({ ok: false, stage, code, detail, ms: elapsed() });

    const servername = target.serverName || (isIP(target.host) ? undefined : target.host);
    const socket = connect({
      host: target.host,
      port: target.port,
      ca: target.ca,
      ALPNProtocols: ["h2"],
      ...(servername ? { servername } : {}),
      ...(target.cert && target.key ? { cert: target.cert, key: target.key } : {}),
    });
    const timer = setTimeout(() => fail("TIMEOUT", `no answer within ${target.timeoutMs} ms`), target.timeoutMs);
    const onAbort = (): void => fail("ABORTED", "the check was no longer needed");
    if (target.signal?.aborted) onAbort();
    else target.signal?.addEventListener("abort", onAbort, { once: true });

    socket.once("connect", () => {
      stage = "tls";
    });
    socket.once("secureConnect", () => {
      stage = "http2";
      socket.write(Buffer.concat([PREFACE, EMPTY_SETTINGS]));
    });
    socket.on("data", (chunk: Buffer) => {
      if (chunk.length >= 4 && chunk[3] === SETTINGS_TYPE) finish({ ok: true, ms: elapsed() });
      else fail("NOT_HTTP2", "the server did not answer with an HTTP/2 SETTINGS frame");
    });
    socket.once("end", () => fail("CLOSED", "the server closed the connection"));
    socket.once("error", (err: NodeJS.ErrnoException) => fail(err.code ?? "ERROR", err.message));
  });
}
