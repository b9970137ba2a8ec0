import assert from "node:assert/strict";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { fixtureContext } from "../bed/fixture.js";
import { waitFor } from "../bed/ports.js";
import { running } from "../bed/processes.js";
import { runAction, visibleOutput } from "../bed/runner.js";


/** The modes of the workspace's directory, certificates and secrets while the build runs. */
async function privateModes(runnerTemp: string): Promise<string[]> {
  const [workspace = ""] = await readdir(runnerTemp);
  assert.ok(workspace.startsWith("remote-buildkit-"));
  const dir = join(runnerTemp, workspace);
  const mode = async (path: string): Promise<string> => ((await stat(join(dir, path))).mode & 0o777).toString(8);
  const result = [`remote-buildkit-* ${await mode(".")}`];
  for (const sub of ["certs", "secrets"]) {
    result.push(`${sub} ${await mode(sub)}`);
    for (const file of (await readdir(join(dir, sub))).sort()) result.push(`${sub}/${file} ${await mode(join(sub, file))}`);
  }
  return result;
}

describe("cancelling and killing the main step", () => {
  let bed: Bed;
  let context: string;
  before(async () => {
    bed = await startBed();
    context = await fixtureContext(bed.dir, "slow");
  });
  after(() => bed.stop());

  it("stops the build on the daemon when the job is cancelled (SIGINT), and cleans up", async () => {
    const pause = "4242";
    let signalledAt = 0;
    let modes: string[] = [];
    const run = await runAction({
      inputs: { ...bed.connection(), context, "build-args": `PAUSE=${pause}`, secrets: "token=x" },
      duringMain: async (child, runnerTemp) => {
        await waitFor("the RUN step", async () => running(`busybox sleep ${pause}`), 60_000);
        modes = await privateModes(runnerTemp);
        signalledAt = Date.now();
        child.kill("SIGINT");
      },
    });
    const exitedAfter = Date.now() - signalledAt - run.post.ms;
    assert.notEqual(run.main.code, 0);
    assert.match(run.main.output, /Received SIGINT: cancelling the build/);
    assert.match(run.main.output, /::error::The build was cancelled/, visibleOutput(run.main.output));
    // No report to read: the step stops on a signal. buildx gets SIGINT and cancels the build on the
    // daemon, which takes well under a second here; the step would SIGKILL it after 10 s (graceMs). Under
    // 10 s shows buildx stopped by itself, with room for a busy machine's slow clean-up.
    assert.ok(exitedAfter < 10_000, `the step took ${exitedAfter} ms to stop`);
    await waitFor("the RUN step to stop on the daemon", async () => !running(`busybox sleep ${pause}`), 10_000);
    assert.deepEqual(await readdir(run.runnerTemp), []);
    assert.deepEqual(modes, [
      "remote-buildkit-* 700", "certs 700", "certs/ca.pem 600", "certs/cert.pem 600", "certs/key.pem 600", "secrets 700", "secrets/0 600",
    ]);
  });

  it("leaves the post step to remove the certificates when the main step is killed outright", async () => {
    const pause = "7";
    let stateAtKill: string[] = [];
    const run = await runAction({
      inputs: { ...bed.connection(), context, "build-args": `PAUSE=${pause}`, "no-cache": "true" },
      duringMain: async (child) => {
        await waitFor("the RUN step", async () => running(`busybox sleep ${pause}`), 60_000);
        child.kill("SIGKILL");
      },
    });
    assert.equal(run.main.code, null, "the main step was killed");
    stateAtKill = Object.keys(run.state);
    assert.ok(stateAtKill.includes("workspace") && stateAtKill.includes("buildx"), stateAtKill.join(", "));
    assert.equal(run.post.code, 0, visibleOutput(run.post.output));
    assert.match(run.post.output, /Removed what the main step left/);
    assert.deepEqual(await readdir(run.runnerTemp), [], "post must remove the certificates the killed step left");
    await waitFor("the orphaned RUN step to end", async () => !running(`busybox sleep ${pause}`), 30_000);
  });
});
