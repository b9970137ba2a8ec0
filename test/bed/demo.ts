// The demo: a local buildkitd with mutual TLS, a registry, fresh certificates, and the bundled action
// run as the GitHub runner runs it (main, then post), twice, to show the warm cache mount.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBuildkitd } from "./buildkitd.js";
import { base64, makeCertSet } from "./certs.js";
import { fixtureContext } from "./fixture.js";
import { manifestDigest, startRegistry } from "./registry.js";
import { runAction, visibleOutput } from "./runner.js";

const dir = await mkdtemp(join(tmpdir(), "rbk-demo-"));
const certs = await makeCertSet();
const registry = await startRegistry(join(dir, "registry"));
const daemon = await startBuildkitd({
  dir: join(dir, "buildkitd"),
  tls: { ca: certs.ca.cert, cert: certs.server.cert, key: certs.server.key, requireClientCert: true },
  insecureRegistries: [registry.host],
});
try {
  const context = await fixtureContext(dir);
  for (const runId of ["first", "second"]) {
    const run = await runAction({
      inputs: {
        endpoint: daemon.endpoint,
        "ca-cert": base64(certs.ca.cert),
        "client-cert": base64(certs.client.cert),
        "client-key": base64(certs.client.key),
        context,
        tags: `${registry.host}/demo/app:latest`,
        push: "true",
        "build-args": `RUN_ID=${runId}`,
        secrets: "token=demo-secret-value",
      },
    });
    process.stdout.write(`\n===== main step (${runId} run) =====\n${visibleOutput(run.main.output)}`);
    process.stdout.write(`===== post step =====\n${visibleOutput(run.post.output)}`);
    process.stdout.write(`===== outputs =====\n${JSON.stringify({ ...run.outputs, metadata: undefined }, null, 2)}\n`);
    if (run.main.code !== 0) throw new Error(`the main step failed with exit code ${run.main.code}`);
    const served = await manifestDigest(registry.host, "demo/app", "latest");
    process.stdout.write(`registry serves ${served}: ${served === run.outputs["digest"] ? "matches" : "DOES NOT MATCH"} the digest output\n`);
  }
} finally {
  await daemon.stop();
  await registry.stop();
  await rm(dir, { recursive: true, force: true });
}
