// The demo: a local buildkitd with mutual TLS, a registry, fresh certificates, and the bundled action
// run as the GitHub runner runs it (main, then post), twice, to show the warm cache mount.
import { startBed } from "./bed.js";
import { fixtureContext } from "./fixture.js";
import { manifestDigest, readImageFile } from "./registry.js";
import { runAction, visibleOutput } from "./runner.js";

const bed = await startBed();
try {
  const context = await fixtureContext(bed.dir);
  const repository = "demo/app";
  for (const runId of [`first-${Date.now()}`, `second-${Date.now()}`]) {
    const run = await runAction({
      inputs: {
        ...bed.connection(),
        context,
        tags: `${bed.registry.host}/${repository}:latest`,
        push: "true",
        "build-args": `RUN_ID=${runId}`,
        secrets: "token=demo-secret-value",
      },
    });
    process.stdout.write(`\n===== main step (run ${runId}) =====\n${visibleOutput(run.main.output)}`);
    process.stdout.write(`===== post step =====\n${visibleOutput(run.post.output)}`);
    const { metadata: _metadata, ...outputs } = run.outputs;
    process.stdout.write(`===== outputs (metadata left out) =====\n${JSON.stringify(outputs, null, 2)}\n`);
    if (run.main.code !== 0) throw new Error(`the main step failed with exit code ${run.main.code}`);
    const served = await manifestDigest(bed.registry.host, repository, "latest");
    process.stdout.write(`The registry serves ${served}: ${served === outputs["digest"] ? "the same as" : "NOT the same as"} the digest output.\n`);
    const seen = await readImageFile(bed.registry.host, repository, "latest", "runs-seen");
    process.stdout.write(`Runs recorded in the cache mount so far:\n${seen}`);
  }
} finally {
  await bed.stop();
}
