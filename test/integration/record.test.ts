import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { readDockerbuild } from "../bed/dockerbuild.js";
import { fixtureContext } from "../bed/fixture.js";
import { startGhaArtifacts, type GhaArtifacts, type StoredArtifact } from "../bed/gha-artifacts.js";
import { runGitlabJob } from "../bed/gitlab-job.js";
import { parseFileCommands, runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

const TOKEN = `record-secret-${Date.now()}-never-in-the-record`;

/** The id of the build, from the `metadata` output (`buildx.build.ref` is builder/node/id). */
function buildId(metadata: string): string {
  const ref = (JSON.parse(metadata || "{}") as Record<string, unknown>)["buildx.build.ref"];
  assert.equal(typeof ref, "string", "buildx must name the build in its metadata");
  return String(ref).split("/").at(-1) ?? "";
}

/** BuildKit's history record names its build `Ref` (Go's field name) or `ref`. */
function recordRef(record: Record<string, unknown>): string {
  return String(record["Ref"] ?? record["ref"] ?? "");
}

describe("the build record, exported from a real daemon and kept with the job", () => {
  let bed: Bed;
  let artifacts: GhaArtifacts;
  let context: string;
  before(async () => {
    bed = await startBed();
    artifacts = await startGhaArtifacts(bed.dir);
    context = await fixtureContext(bed.dir, "checks");
  });
  after(async () => {
    await artifacts.stop();
    await bed.stop();
  });

  /** Runs the action on GitHub with the artifact service; what it uploaded. */
  async function runWithArtifacts(inputs: Record<string, string>, env: Record<string, string>): Promise<{ run: ActionRun; kept: StoredArtifact[] }> {
    const before = artifacts.artifacts().length;
    const run = await runAction({ inputs: { ...bed.connection(), ...inputs }, env: { ...artifacts.env, ...env } });
    return { run, kept: artifacts.artifacts().slice(before) };
  }

  it("on GitHub: uploads the .dockerbuild as a workflow artifact, names it in the summary, and the file holds the build's record whole", async () => {
    // The Dockerfile with three check warnings: the record counts them too.
    const { run, kept } = await runWithArtifacts({ context, tags: `${bed.registry.host}/record/app:1`, push: "true", secrets: `token=${TOKEN}` }, { GITHUB_RUN_ID: "4242" });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.equal(kept.length, 1, "one artifact for one build");
    const id = buildId(run.outputs["metadata"] ?? "");
    const artifact = kept[0];
    assert.ok(artifact);
    assert.equal(artifact.name, `acme~app~${id.slice(0, 6).toUpperCase()}.dockerbuild`);
    const content = await artifact.content();
    assert.equal(artifact.size, content.length);
    assert.equal(artifact.hash, `sha256:${createHash("sha256").update(content).digest("hex")}`);

    // An artifact is not masked as the log is: no secret may be in it.
    const unpacked = gunzipSync(content).toString("latin1");
    for (const secret of [TOKEN, bed.certs.client.key.split("\n")[1] ?? "?", bed.connection()["client-key"] ?? "?"]) {
      assert.ok(!unpacked.includes(secret), "a secret is in the build record");
    }
    const file = join(bed.dir, artifact.name);
    await writeFile(file, content);
    const records = await readDockerbuild(file);
    assert.deepEqual(records.map((r) => recordRef(r.record)), [id], "the record of this build, and only it");
    assert.equal(records[0]?.record["numWarnings"], 3, "the record counts the Dockerfile's three check warnings");
    assert.ok(records[0]?.layerTypes.includes("application/vnd.buildkit.status.v0"), "the record carries the build's progress");
    assert.ok(records[0]?.layerTypes.includes("application/vnd.buildkit.otlp.json.v0"), "the record carries the build's trace");

    assert.match(run.summary, new RegExp(`\\| Build record \\| the workflow artifact ${artifact.name}, https://github\\.com/acme/app/actions/runs/4242/artifacts/${artifact.id} `));
    assert.match(run.main.output, new RegExp(`build record: the workflow artifact ${artifact.name}`));
    assert.deepEqual(await readdir(run.runnerTemp), [], "the exported file goes with the workspace");
  });

  it("on GitHub: keeps the record of a failed build too, found where buildx noted it", async () => {
    const { run, kept } = await runWithArtifacts({ context, file: join(context, "Dockerfile.strict") }, { GITHUB_RUN_ID: "4243" });
    assert.notEqual(run.main.code, 0, visibleOutput(run.main.output));
    assert.equal(kept.length, 1, visibleOutput(run.main.output));
    const file = join(bed.dir, kept[0]?.name ?? "missing");
    await writeFile(file, await (kept[0]?.content() ?? Promise.resolve(Buffer.alloc(0))));
    const [only, ...more] = await readDockerbuild(file);
    assert.deepEqual(more, []);
    assert.ok(only);
    assert.equal(kept[0]?.name, `acme~app~${recordRef(only.record).slice(0, 6).toUpperCase()}.dockerbuild`);
    assert.match(JSON.stringify(only.record["error"] ?? only.record["Error"] ?? ""), /lint violation/, "the record of the build that failed");
    assert.match(run.summary, /build failed[\s\S]*\| Build record \| the workflow artifact acme~app~/);
  });

  it("on GitHub: keeps no record when DOCKER_BUILD_RECORD_UPLOAD is false", async () => {
    const { run, kept } = await runWithArtifacts({ context, file: join(context, "Dockerfile.clean") }, { DOCKER_BUILD_RECORD_UPLOAD: "false" });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.deepEqual(kept, []);
    assert.match(run.main.output, /The build record is not kept: DOCKER_BUILD_RECORD_UPLOAD is false/);
    assert.doesNotMatch(run.summary, /Build record/);
  });

  it("on GitLab: writes the .dockerbuild into the directory the template keeps as the job's artifacts", async () => {
    const job = await runGitlabJob({
      checkout: (projectDir) => cp(context, projectDir, { recursive: true }),
      inputs: { ...bed.connection(), file: "Dockerfile.clean" },
    });
    assert.equal(job.script.code, 0, job.script.output);
    const dir = join(job.projectDir, "remote-buildkit-records");
    const files = await readdir(dir);
    assert.equal(files.length, 1);
    const dotenv = parseFileCommands(await readFile(join(job.projectDir, "remote-buildkit.env"), "utf8"));
    const metadata = await readFile(join(job.projectDir, dotenv["REMOTE_BUILDKIT_METADATA_FILE"] ?? "missing"), "utf8");
    const id = buildId(metadata);
    assert.equal(files[0], `acme~app~${id.slice(0, 6).toUpperCase()}.dockerbuild`);
    const records = await readDockerbuild(join(dir, files[0] ?? ""));
    assert.deepEqual(records.map((r) => recordRef(r.record)), [id]);
    const summary = await readFile(join(job.projectDir, "remote-buildkit-summary.md"), "utf8");
    assert.match(summary, new RegExp(`Build record \\| the job's artifacts, remote-buildkit-records/${files[0]}`));
    assert.equal(job.afterScript.code, 0, job.afterScript.output);
  });
});
