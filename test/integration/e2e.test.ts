import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { fixtureContext } from "../bed/fixture.js";
import { manifestDigest, readImageFile } from "../bed/registry.js";
import { nodeBinaries, runAction, visibleOutput } from "../bed/runner.js";
import { assertNoLeak } from "./leaks.js";

const TOKEN = `token-${Date.now()}-do-not-print`;

describe("the bundle, run as the GitHub runner runs it, against a real daemon", () => {
  let bed: Bed;
  let context: string;
  before(async () => {
    bed = await startBed();
    context = await fixtureContext(bed.dir);
  });
  after(() => bed.stop());

  for (const [label, node] of Object.entries(nodeBinaries())) {
    it(`builds and pushes under ${label}; a second run finds what the first left in the cache mount`, async () => {
      const repository = `e2e/${label}`;
      const runIds = [`${label}-first-${Date.now()}`, `${label}-second-${Date.now()}`];
      for (const runId of runIds) {
        const run = await runAction({
          node,
          inputs: {
            ...bed.connection(),
            context,
            tags: `${bed.registry.host}/${repository}:latest`,
            push: "true",
            "build-args": `RUN_ID=${runId}`,
            secrets: `token=${TOKEN}`,
          },
        });
        assert.equal(run.main.code, 0, visibleOutput(run.main.output));
        assert.equal(run.post.code, 0, visibleOutput(run.post.output));
        assert.match(run.post.output, /The main step already removed the builder/);

        const served = await manifestDigest(bed.registry.host, repository, "latest");
        assert.match(served, /^sha256:[0-9a-f]{64}$/);
        assert.equal(run.outputs["digest"], served);
        assert.match(run.outputs["imageid"] ?? "", /^sha256:[0-9a-f]{64}$/);
        const metadata: unknown = JSON.parse(run.outputs["metadata"] ?? "{}");
        assert.equal((metadata as Record<string, unknown>)["containerimage.digest"], served);
        // A remote builder lives only in the job's buildx configuration: no `buildx rm` to leave for post.
        assert.equal(run.state["builders"], undefined);
        // docker's buildx plugin, run directly rather than through `docker buildx`.
        assert.match(run.state["buildx"] ?? "", /^\["\/\S+\/cli-plugins\/docker-buildx"\]$/);
        assert.equal(run.outputs["builder-mode"], "remote");
        assert.equal(run.outputs["fallback-reason"], "");
        assert.ok(Number(run.outputs["duration"]) > 0);
        assert.match(run.main.output, /BuildKit v0\.34\.2 on tcp:\/\/127\.0\.0\.1:\d+; platforms: linux\/amd64/);

        assert.deepEqual(await readdir(run.runnerTemp), [], "the workspace must be gone after post");
        assertNoLeak(run, [bed.certs.ca.cert, bed.certs.client.cert, bed.certs.client.key], [TOKEN]);
        const builders = execFileSync("docker", ["buildx", "ls"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
        assert.ok(!builders.includes(run.outputs["builder"] ?? "?"), "the runner's own buildx config must not know the builder");
      }
      const seen = (await readImageFile(bed.registry.host, repository, "latest", "runs-seen")).trim().split("\n");
      assert.deepEqual(seen.slice(-2), runIds, "the second run must see the first run's entry in the cache mount");
      const tokenHash = (await readImageFile(bed.registry.host, repository, "latest", "token-sha256")).trim();
      assert.equal(tokenHash, createHash("sha256").update(TOKEN).digest("hex"), "the build secret must reach the build");
    });
  }
});
