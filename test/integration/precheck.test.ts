import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { diagnose } from "../../src/tls/diagnose.js";
import { probeTls } from "../../src/tls/probe.js";
import { startBed, type Bed } from "../bed/bed.js";
import { startBuildkitd, type Daemon } from "../bed/buildkitd.js";
import { base64 } from "../bed/certs.js";
import { fixtureContext } from "../bed/fixture.js";
import { freePort, silentServer } from "../bed/ports.js";
import { reportedTimes, runAction, visibleOutput, type ActionRun } from "../bed/runner.js";


function errorLine(run: ActionRun): string {
  const errors = run.main.output.split("\n").filter((l) => l.startsWith("::error::"));
  assert.equal(errors.length, 1, visibleOutput(run.main.output));
  return errors[0] ?? "";
}

describe("the TLS pre-check, against real daemons", () => {
  let bed: Bed;
  let openDaemon: Daemon;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  before(async () => {
    bed = await startBed();
    openDaemon = await startBuildkitd({
      dir: join(bed.dir, "open-daemon"),
      tls: { ca: bed.certs.ca.cert, cert: bed.certs.server.cert, key: bed.certs.server.key, requireClientCert: false },
    });
    silent = await silentServer();
  });
  after(async () => {
    await silent.close();
    await openDaemon.stop();
    await bed.stop();
  });

  // buildx reports each of these as "context deadline exceeded" after 20 s.
  const cases: Array<[string, (b: Bed) => Promise<Record<string, string>> | Record<string, string>, RegExp]> = [
    ["a closed port", async () => ({ endpoint: `tcp://127.0.0.1:${await freePort()}` }), /nothing is listening at tcp:\/\/127\.0\.0\.1:\d+ \(connection refused\)/],
    ["a plain-HTTP port", (b) => ({ endpoint: `tcp://${b.registry.host}` }), /answered, but not with TLS\. Fix: start buildkitd with --tlscert/],
    ["a server name the certificate does not cover", () => ({ "tls-server-name": "buildkit.wrong.example" }),
      /this runner rejected the daemon's server certificate: it is for IP Address:127\.0\.0\.1, DNS:localhost, not buildkit\.wrong\.example\. Fix: set tls-server-name/],
    ["a CA that did not issue the server certificate", (b) => ({
      "ca-cert": base64(b.certs.otherCa.cert),
      "client-cert": base64(b.certs.clientFromOtherCa.cert),
      "client-key": base64(b.certs.clientFromOtherCa.key),
    }), /this runner rejected the daemon's server certificate: it was not issued by the CA in ca-cert/],
    ["a client certificate the daemon does not trust", (b) => ({
      "ca-cert": base64(b.certs.ca.cert + b.certs.otherCa.cert),
      "client-cert": base64(b.certs.clientFromOtherCa.cert),
      "client-key": base64(b.certs.clientFromOtherCa.key),
    }), /the daemon rejected this runner's client certificate: it does not trust the CA that issued it\. Fix: issue the client certificate from the CA the daemon was started with/],
  ];
  for (const [what, inputs, message] of cases) {
    it(`tells ${what} apart, in under 5 s`, async () => {
      const run = await runAction({ inputs: { ...bed.connection(), fallback: "never", ...(await inputs(bed)) } });
      assert.equal(run.main.code, 1);
      assert.match(errorLine(run), message);
      // The step's own time (Node's start left out): buildx would say "context deadline exceeded" after 20 s.
      const took = reportedTimes(run.main.output)?.totalMs ?? Infinity;
      assert.ok(took < 5000, `took ${took} ms by its own report`);
      assert.equal(run.post.code, 0);
    });
  }

  it("decides a port that accepts TCP and never answers within connect-timeout", async () => {
    const run = await runAction({ inputs: { ...bed.connection(), endpoint: `tcp://127.0.0.1:${silent.port}`, "connect-timeout": "2", fallback: "never" } });
    assert.equal(run.main.code, 1);
    assert.match(errorLine(run), /accepted TCP but did not complete a TLS handshake within 2 s/);
    // By the step's own report: connect-timeout (2 s), and 2 s for the rest (workspace, clean-up,
    // summary: about 0.1 s idle), which no busy machine has stretched that far.
    const took = reportedTimes(run.main.output)?.totalMs ?? Infinity;
    assert.ok(took < 4000, `took ${took} ms by its own report`);
  });

  it("is told by the daemon that an expired client certificate is refused", async () => {
    // Our own check stops an expired certificate first; this asks the daemon directly.
    const { certs, daemon } = bed;
    const result = await probeTls({ host: "127.0.0.1", port: daemon.port, serverName: "", ca: certs.ca.cert, cert: certs.expiredClient.cert, key: certs.expiredClient.key, timeoutMs: 5000 }, () => new Date());
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(diagnose(result, { endpoint: daemon.endpoint, serverName: "", timeoutMs: 5000 }).reason, "client-expired");
  });

  it("is told by the daemon that a client certificate is required", async () => {
    const { certs, daemon } = bed;
    const result = await probeTls({ host: "127.0.0.1", port: daemon.port, serverName: "", ca: certs.ca.cert, timeoutMs: 5000 }, () => new Date());
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(diagnose(result, { endpoint: daemon.endpoint, serverName: "", timeoutMs: 5000 }).reason, "client-cert-required");
  });

  it("accepts the right server name given explicitly", async () => {
    const result = await probeTls({ host: "127.0.0.1", port: bed.daemon.port, serverName: "localhost", ca: bed.certs.ca.cert, cert: bed.certs.client.cert, key: bed.certs.client.key, timeoutMs: 5000 }, () => new Date());
    assert.equal(result.ok, true);
  });

  it("warns loudly, and still builds, when the daemon accepts clients without a certificate", async () => {
    const context = await fixtureContext(join(bed.dir, "open"));
    const run = await runAction({ inputs: { ...bed.connection(), endpoint: openDaemon.endpoint, context, secrets: "token=x" } });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.match(run.main.output, /::warning::SECURITY: the daemon at tcp:\/\/127\.0\.0\.1:\d+ also accepts connections WITHOUT a client certificate/);
  });

  it("does not warn about a daemon that requires client certificates", async () => {
    const context = await fixtureContext(join(bed.dir, "closed"));
    const run = await runAction({ inputs: { ...bed.connection(), context, secrets: "token=x" } });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.doesNotMatch(run.main.output, /SECURITY/);
  });
});
