import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diagnose, openDaemonWarning } from "../../src/tls/diagnose.js";
import type { ProbeStage } from "../../src/tls/probe.js";

const ctx = { endpoint: "tcp://bk:1234", serverName: "", timeoutMs: 5000 };

function failure(code: string, stage: ProbeStage = "tls", detail = ""): Parameters<typeof diagnose>[0] {
  return { ok: false, stage, code, detail, ms: 1 };
}

describe("diagnose", () => {
  const cases: Array<[string, ProbeStage, string, "unreachable" | "misconfigured", RegExp]> = [
    ["ECONNREFUSED", "tcp", "refused", "unreachable", /nothing is listening at tcp:\/\/bk:1234/],
    ["ENOTFOUND", "tcp", "dns", "unreachable", /does not resolve/],
    ["EHOSTUNREACH", "tcp", "unreachable", "unreachable", /no route/],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls", "not-tls", "misconfigured", /answered, but not with TLS/],
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "tls", "server-untrusted", "misconfigured", /this runner rejected the daemon's server certificate/],
    ["SELF_SIGNED_CERT_IN_CHAIN", "tls", "server-untrusted", "misconfigured", /not issued by the CA in ca-cert/],
    ["CERT_HAS_EXPIRED", "tls", "server-expired", "misconfigured", /has expired/],
    ["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "http2", "client-cert-required", "misconfigured", /requires a client certificate/],
    ["ERR_SSL_TLSV1_ALERT_UNKNOWN_CA", "http2", "client-untrusted", "misconfigured", /the daemon rejected this runner's client certificate/],
    ["ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED", "http2", "client-expired", "misconfigured", /as expired/],
    ["NOT_HTTP2", "http2", "not-buildkit", "misconfigured", /did not speak HTTP\/2/],
    ["ERR_SSL_SOMETHING_NEW", "tls", "tls", "misconfigured", /ERR_SSL_SOMETHING_NEW/],
  ];
  for (const [code, stage, reason, kind, message] of cases) {
    it(`explains ${code}`, () => {
      const d = diagnose(failure(code, stage), ctx);
      assert.equal(d.reason, reason);
      assert.equal(d.kind, kind);
      assert.match(d.message, message);
      assert.ok(d.fix.length > 10);
    });
  }

  const timeouts: Array<[ProbeStage, RegExp]> = [
    ["tcp", /did not accept a TCP connection within 5 s/],
    ["tls", /accepted TCP but did not complete a TLS handshake within 5 s/],
    ["http2", /completed TLS but sent no HTTP\/2 answer within 5 s/],
  ];
  for (const [stage, message] of timeouts) {
    it(`says where a timeout happened: ${stage}`, () => {
      const d = diagnose(failure("TIMEOUT", stage), ctx);
      assert.equal(d.reason, "timeout");
      assert.equal(d.kind, "unreachable");
      assert.match(d.message, message);
    });
  }

  it("names the certificate's names when the server name does not match", () => {
    const detail = "Hostname/IP does not match certificate's altnames: Host: wrong.example. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1";
    const d = diagnose(failure("ERR_TLS_CERT_ALTNAME_INVALID", "tls", detail), { ...ctx, serverName: "wrong.example" });
    assert.equal(d.reason, "server-name");
    assert.match(d.message, /it is for DNS:localhost, IP Address:127.0.0.1, not wrong.example/);
    assert.match(d.fix, /tls-server-name/);
  });

  it("warns loudly about a daemon that needs no client certificate", () => {
    assert.match(openDaemonWarning("tcp://bk:1234"), /^SECURITY: .*WITHOUT a client certificate.*--tlscacert/);
  });
});
