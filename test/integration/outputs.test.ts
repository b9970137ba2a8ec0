import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { startDocker } from "../bed/docker.js";
import { recordingBuildx } from "../bed/recording-buildx.js";
import { fetchJson, manifestDigest } from "../bed/registry.js";
import { runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

/**
 * Every kind of `outputs` users write, built by the bundle as the runner runs it against the real
 * daemon: what lands where, the digest and imageid outputs, and whether buildx got --iidfile.
 */
describe("outputs of every kind, against the real daemon", () => {
  let bed: Bed;
  let context: string;
  before(async () => {
    bed = await startBed();
    // No RUN step: the outputs are the subject, and a COPY is enough to make an image.
    context = join(bed.dir, "context");
    await mkdir(context, { recursive: true });
    await writeFile(join(context, "Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
    await writeFile(join(context, "hello.txt"), "hello from an output test\n");
  });
  after(() => bed.stop());

  async function build(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<{ run: ActionRun; argv: string[] }> {
    const job = await mkdtemp(join(bed.dir, "job-"));
    const buildx = await recordingBuildx(job);
    const run = await runAction({ inputs: { ...bed.connection(), context, ...inputs }, env: { ...env, DOCKER_CONFIG: buildx.dockerConfig } });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.equal(run.post.code, 0, visibleOutput(run.post.output));
    const builds = await buildx.builds();
    assert.equal(builds.length, 1);
    return { run, argv: builds[0] ?? [] };
  }

  function tarList(file: string): string[] {
    return execFileSync("tar", ["-tf", file]).toString().trim().split("\n");
  }

  it("type=local writes the files to dest, with no image: no --iidfile, empty digest and imageid", async () => {
    const dest = join(bed.dir, "local-out");
    const { run, argv } = await build({ outputs: `type=local,dest=${dest}` });
    assert.equal(await readFile(join(dest, "hello.txt"), "utf8"), "hello from an output test\n");
    assert.ok(!argv.includes("--iidfile"), argv.join(" "));
    assert.deepEqual(argv.slice(argv.indexOf("--output"), argv.indexOf("--output") + 2), ["--output", `type=local,dest=${dest}`]);
    assert.equal(run.outputs["digest"], "");
    assert.equal(run.outputs["imageid"], "");
    assert.match(run.summary, /^### remote-buildkit: build succeeded/);
  });

  it("a bare path is a local output too", async () => {
    const dest = join(bed.dir, "bare-out");
    const { argv } = await build({ outputs: dest });
    assert.ok(existsSync(join(dest, "hello.txt")));
    assert.ok(!argv.includes("--iidfile"));
  });

  it("type=tar writes a tarball of the files: no --iidfile, empty digest and imageid", async () => {
    const dest = join(bed.dir, "out.tar");
    const { run, argv } = await build({ outputs: `type=tar,dest=${dest}` });
    assert.ok(tarList(dest).includes("hello.txt"), tarList(dest).join(", "));
    assert.ok(!argv.includes("--iidfile"));
    assert.equal(run.outputs["digest"], "");
    assert.equal(run.outputs["imageid"], "");
  });

  it("type=oci,dest= writes an OCI layout whose index names the digest output", async () => {
    const dest = join(bed.dir, "oci.tar");
    const { run, argv } = await build({ outputs: `type=oci,dest=${dest}` });
    assert.ok(argv.includes("--iidfile"));
    assert.ok(tarList(dest).includes("oci-layout"));
    const index = JSON.parse(execFileSync("tar", ["-xOf", dest, "index.json"]).toString()) as { manifests: Array<{ digest: string }> };
    assert.match(run.outputs["digest"] ?? "", /^sha256:[0-9a-f]{64}$/);
    assert.equal(index.manifests[0]?.digest, run.outputs["digest"]);
    assert.match(run.outputs["imageid"] ?? "", /^sha256:[0-9a-f]{64}$/);
  });

  for (const [kind, output] of [["type=image,push=true", "type=image,name=REF,push=true"], ["type=registry", "type=registry,name=REF"]] as const) {
    it(`${kind} pushes the image the digest output names`, async () => {
      const repository = `outputs/${kind.replace(/\W+/g, "-")}`;
      const { run, argv } = await build({ outputs: output.replace("REF", `${bed.registry.host}/${repository}:1`) });
      assert.ok(argv.includes("--iidfile"));
      assert.equal(run.outputs["digest"], await manifestDigest(bed.registry.host, repository, "1"));
      assert.match(run.outputs["imageid"] ?? "", /^sha256:[0-9a-f]{64}$/);
    });
  }

  it("imageid is the config digest of a single image, and equals digest when attestations make an index", async () => {
    const single = `${bed.registry.host}/outputs/imageid:single`;
    const { run: plain } = await build({ tags: single, push: "true", provenance: "false" });
    const manifest = await fetchJson(`http://${bed.registry.host}/v2/outputs/imageid/manifests/single`) as { config?: { digest: string } };
    assert.equal(plain.outputs["imageid"], manifest.config?.digest, "a single image: the digest of its configuration");
    assert.notEqual(plain.outputs["imageid"], plain.outputs["digest"]);

    const attested = `${bed.registry.host}/outputs/imageid:attested`;
    const { run: index } = await build({ tags: attested, push: "true", provenance: "mode=min" });
    const served = await fetchJson(`http://${bed.registry.host}/v2/outputs/imageid/manifests/attested`) as { manifests?: unknown[] };
    assert.ok(Array.isArray(served.manifests), "provenance makes the result an index");
    assert.equal(index.outputs["imageid"], index.outputs["digest"], "for an index, buildx's image ID is the index digest");
  });

  it("type=docker and load: true load the image into the runner's real Docker engine, whose image ID is the imageid output", async () => {
    // Short: the engine's unix sockets live below it.
    const engine = await startDocker(join(await mkdtemp("/tmp/rbk-dk-"), "engine"));
    try {
      for (const inputs of [{ outputs: "type=docker,name=outputs/docker:1" }, { load: "true", tags: "outputs/docker:2" }]) {
        const { run, argv } = await build(inputs, engine.env);
        assert.ok(argv.includes("--iidfile"));
        const tag = inputs.outputs ? "outputs/docker:1" : "outputs/docker:2";
        const id = await engine.docker(["image", "inspect", "--format", "{{.Id}}", tag]);
        assert.match(id, /^sha256:[0-9a-f]{64}$/);
        assert.equal(run.outputs["imageid"], id, JSON.stringify(inputs));
      }
      // The whole image arrived: the one layer of its COPY.
      assert.equal(await engine.docker(["image", "inspect", "--format", "{{len .RootFS.Layers}}", "outputs/docker:2"]), "1");
    } finally {
      await engine.stop();
    }
  });

  it("type=cacheonly builds and exports nothing: empty digest and imageid, and the step succeeds", async () => {
    const { run, argv } = await build({ outputs: "type=cacheonly" });
    assert.ok(argv.includes("--iidfile"), "buildx accepts the image ID file beside cacheonly");
    assert.equal(run.outputs["digest"], "");
    assert.equal(run.outputs["imageid"], "");
  });
});
