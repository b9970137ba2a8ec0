import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { startBuildkitd, type Daemon } from "../bed/buildkitd.js";
import { fixtureContext } from "../bed/fixture.js";
import { startLosingRegistry, type LosingRegistry } from "../bed/losing-registry.js";
import { manifestDigest } from "../bed/registry.js";
import { runAction, visibleOutput } from "../bed/runner.js";

/**
 * Two builders pushing the same new layer at once (one per platform, or two jobs sharing a base)
 * can make a registry refuse one upload. The registry here refuses the first, as a real one does
 * when it loses that race; the push must get through on its own.
 */
describe("a registry that loses an upload race", () => {
  let bed: Bed;
  let losing: LosingRegistry;
  let daemon: Daemon;
  let context: string;
  before(async () => {
    bed = await startBed();
    losing = await startLosingRegistry(bed.registry.host);
    daemon = await startBuildkitd({
      dir: join(bed.dir, "daemon-losing"),
      tls: { ca: bed.certs.ca.cert, cert: bed.certs.server.cert, key: bed.certs.server.key, requireClientCert: true },
      insecureRegistries: [losing.host],
    });
    context = await fixtureContext(bed.dir);
  });
  after(async () => {
    await daemon.stop();
    await losing.close();
    await bed.stop();
  });

  it("pushes again, from the cache, and says why", async () => {
    const run = await runAction({
      inputs: { ...bed.connection(), endpoint: daemon.endpoint, context, tags: `${losing.host}/race/app:1`, push: "true", secrets: "token=race" },
    });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.equal(losing.refused(), 1, "the registry refused one upload");
    assert.match(run.main.output, /::warning::The registry refused a layer that was being uploaded twice at once/);
    assert.match(run.main.output, /::group::Building again to push/);
    assert.equal(run.outputs["digest"], await manifestDigest(bed.registry.host, "race/app", "1"));
    // BuildKit always runs its internal loading steps; every step of the Dockerfile comes from the cache.
    const ranDockerfileSteps = [...run.summary.matchAll(/^\| `.*` \| (.*?) \| [\d.]+ s \| ran/gm)].filter((m) => m[1] !== "internal" && m[1] !== "–");
    assert.deepEqual(ranDockerfileSteps.map((m) => m[0]), [], "the second build came from the cache");
  });
});
