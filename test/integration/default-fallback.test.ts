import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { freemem, homedir, totalmem } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { memoryCap, MIN_MEMORY_STATE } from "../../src/policy/builder-state.js";
import { startBed, type Bed } from "../bed/bed.js";
import { startDocker, type DockerEngine } from "../bed/docker.js";
import { pushShellBase } from "../bed/fixture.js";
import { startGhaCache, type GhaCache } from "../bed/gha-cache.js";
import { waitFor } from "../bed/ports.js";
import { running } from "../bed/processes.js";
import { imageLayers, readImageFile } from "../bed/registry.js";
import { runAction, visibleOutput, type ActionRun, type RunOptions } from "../bed/runner.js";

const run = promisify(execFile);

/**
 * The fallback users meet first: no fallback-builder, so the step makes a docker-container builder
 * (as docker/setup-buildx-action does) on the runner's real Docker engine, with the locally made
 * BuildKit image under its default name, and carries the layers and cache mounts through the
 * Actions-cache stand-in. Every job runs on a fresh runner: new home, new temp dir.
 */
describe("the default fallback: a docker-container builder on the runner's Docker engine", () => {
  let bed: Bed;
  let docker: DockerEngine;
  let gha: GhaCache;
  let base: string;
  let app: string;
  before(async () => {
    bed = await startBed();
    docker = await startDocker(join(bed.dir, "docker"));
    gha = await startGhaCache(join(bed.dir, "gha"));
    base = await pushShellBase(bed.dir, bed.daemon.socket, bed.registry.host);
    app = join(bed.dir, "app");
    await mkdir(app);
    await writeFile(join(app, "Dockerfile"), [
      `FROM ${base}`,
      "RUN echo layer > /layer",
      "ARG RUN_ID=unset",
      "ARG PAUSE=0",
      // Slow on an empty mount, as a dependency step is: a held-back build is stopped for it (a step
      // that ends within 2 s, silent, runs on the empty mount instead). The third job expects the
      // mount to have paid: carrying its few KiB took 2.2 s on a quiet machine and 4.0 s in CI on a
      // busy one, so the empty mount's 10 s leaves more than twice that.
      "RUN --mount=type=cache,id=deps-cache,target=/root/.cache/deps \\",
      "    if [ ! -f /root/.cache/deps/runs ]; then sleep 10; fi && sleep $PAUSE && echo \"$RUN_ID\" >> /root/.cache/deps/runs && cp /root/.cache/deps/runs /runs-seen",
      "",
    ].join("\n"));
    await writeFile(join(app, "package-lock.json"), '{"lockfileVersion": 3}');
  });
  after(async () => {
    await docker.stop();
    await gha.stop();
    await bed.stop();
  });

  let jobs = 0;
  interface Runner {
    readonly home: string;
    readonly env: Record<string, string>;
  }
  /**
   * A fresh runner: a new home with buildx installed as a CLI plugin, a buildkitd.default.toml in
   * its buildx configuration that lets BuildKit reach the test bed's plain-HTTP registry, and a
   * builder of its own that the step must leave alone.
   */
  const registryToml = (): string => `[registry."${bed.registry.host}"]\n  http = true\n  insecure = true\n`;
  async function freshRunner(runnersToml = registryToml()): Promise<Runner> {
    const home = join(bed.dir, `home-${++jobs}`);
    await mkdir(join(home, ".docker", "cli-plugins"), { recursive: true });
    await symlink(join(homedir(), ".docker", "cli-plugins", "docker-buildx"), join(home, ".docker", "cli-plugins", "docker-buildx"));
    await mkdir(join(home, ".docker", "buildx"));
    await writeFile(join(home, ".docker", "buildx", "buildkitd.default.toml"), runnersToml);
    const env = { HOME: home, ...docker.env, ...gha.env };
    await run("docker", ["buildx", "create", "--name", "runners-own", "--driver", "docker-container"], { env: { ...process.env, ...env } });
    return { home, env };
  }

  /** What the runner's buildx and Docker know of, which the step must leave as it was. */
  async function runnersView(runner: Runner): Promise<string> {
    const env = { ...process.env, ...runner.env };
    const builders = (await run("docker", ["buildx", "ls", "--format", "{{.Name}}"], { env })).stdout;
    const contexts = (await run("docker", ["context", "ls", "--format", "{{.Name}}"], { env })).stdout;
    const files = (await readdir(join(runner.home, ".docker"), { recursive: true })).sort().join(" ");
    return `builders: ${builders.trim().split("\n").sort().join(" ")}; contexts: ${contexts.trim()}; files: ${files}`;
  }

  async function job(runId: string, options: Partial<RunOptions> = {}, runnersToml?: string): Promise<{ run: ActionRun; runner: Runner; viewBefore: string }> {
    const runner = await freshRunner(runnersToml);
    const viewBefore = await runnersView(runner);
    // A new temp dir at the same path, as hosted runners give every job (@actions/cache versions entries by path).
    await rm(join(bed.dir, "runner"), { recursive: true, force: true });
    const result = await runAction({
      workDir: join(bed.dir, "runner"),
      inputs: {
        context: app, tags: `${bed.registry.host}/fallback/app:latest`, push: "true", "build-args": `RUN_ID=${runId}`,
        // The test bed's engine gives containers loopback only; the registry and the cache stand-in are on the host's.
        "fallback-driver-opts": "network=host",
      },
      ...options,
      env: { ...runner.env, ...options.env },
    });
    return { run: result, runner, viewBefore };
  }

  const seen = async (): Promise<string[]> => (await readImageFile(bed.registry.host, "fallback/app", "latest", "runs-seen")).trim().split("\n");
  const ours = async (): Promise<string[]> => (await docker.containers()).filter((c) => c.includes("remote-buildkit-fallback"));
  const volumes = async (): Promise<string[]> => (await docker.docker(["volume", "ls", "--format", "{{.Name}}"])).split("\n").filter((v) => v.includes("remote-buildkit-fallback"));
  // The steps leave the removal of the builder's container and state volume to dockerd; deleting the
  // volume takes seconds on this disk, so 60 s is ample.
  const gone = (): Promise<void> => waitFor("Docker to remove the builder's container and state volume", async () => (await ours()).length === 0 && (await volumes()).length === 0, 60_000);

  const roomy = memoryCap(freemem(), totalmem()) >= MIN_MEMORY_STATE;
  it("builds on a new docker-container builder, then a second job on a fresh runner finds its layers and cache mounts", async () => {
    const first = await job("one");
    assert.equal(first.run.main.code, 0, visibleOutput(first.run.main.output));
    assert.equal(first.run.outputs["builder-mode"], "fallback");
    assert.equal(first.run.outputs["fallback-reason"], "no-credentials");
    assert.match(first.run.outputs["builder"] ?? "", /^remote-buildkit-fallback-[0-9a-f]{8}$/);
    assert.match(first.run.main.output, /Fallback builder remote-buildkit-fallback-\w+ \(BuildKit v0\.34\.2\), cache type=gha/);
    assert.match(first.run.main.output, /BuildKit configuration: the runner's \S+\/\.docker\/buildx\/buildkitd\.default\.toml/);
    assert.match(first.run.main.output, /Driver options: network=host/);
    // fallback-state auto: in memory where the machine has room for it (chooseStateStore), else on disk.
    assert.match(first.run.main.output, roomy ? /^Builder state in memory \(a tmpfs of up to \d+\.\d GiB\)$/m : /^Builder state on disk \(\d+\.\d GiB of \d+\.\d GiB is free/m);
    const out = /Saved \/root\/\.cache\/deps as the cache entry remote-buildkit-cache-mounts-\S+: (\d+\.\d) s out of the builder streamed through its container,/.exec(first.run.main.output);
    assert.ok(out, "the mount left through the builder's container, not buildx's session");
    // A few kilobytes take about a second. An nc that keeps the connection open after the data
    // (netcat 1.10's, in the image's busybox as in moby/buildkit's) would hold it 40 s or more;
    // 30 s leaves a busy 2-core machine room.
    assert.ok(Number(out[1]) < 30, `the copy out took ${out[1]} s`);
    assert.match(first.run.main.output, /^Docker removes builder remote-buildkit-fallback-\w+, its container and its state \(buildx_buildkit_remote-buildkit-fallback-\w+0_state\), in the background$/m);
    assert.match(first.run.summary, /\| Remove the builder \| \d+\.\d s \|/);
    assert.equal(first.run.post.code, 0, visibleOutput(first.run.post.output));
    assert.deepEqual(await seen(), ["one"]);
    await gone();
    assert.equal(await runnersView(first.runner), first.viewBefore, "the runner's builders, contexts and files are as they were");

    const second = await job("two");
    assert.equal(second.run.main.code, 0, visibleOutput(second.run.main.output));
    assert.match(second.run.main.output, /#(\d+) \[stage-0 2\/3\] RUN echo layer > \/layer\n(?:.*\n)*?#\1 CACHED/, "the layer came from the Actions cache");
    assert.match(second.run.main.output, /importing cache manifest from gha:/);
    const copiedIn = /Restored \/root\/\.cache\/deps from the cache entry remote-buildkit-cache-mounts-\S+: \d+\.\d s from the CI's cache, (\d+\.\d) s into the builder streamed through its container/.exec(second.run.main.output);
    assert.ok(copiedIn, "the mount came in through the builder's container");
    assert.ok(Number(copiedIn[1]) < 30, `the copy in took ${copiedIn[1]} s`);
    assert.deepEqual(await seen(), ["one", "two"], "the cache mount held what the first job left there");
    // The build started without the mounts and stopped when the step that uses them ran: the second
    // attempt, with them, found the base image and the earlier steps in the builder.
    assert.match(second.run.main.output, /^Stopped the build after \d+\.\d s: \[stage-0 3\/3\] RUN --mount=type=cache,id=deps-cache\S* .* uses the cache mounts; copying them in, then building again$/m);
    const attempts = [...second.run.main.output.matchAll(/::group::Building\n([\s\S]*?)::endgroup::/g)].map((m) => m[1] ?? "");
    assert.equal(attempts.length, 2, "stopped once, then built");
    assert.match(attempts[1] ?? "", /^#\d+ \[stage-0 1\/3\] FROM \S+\/base\/busybox:1@sha256:/m);
    const baseLayers = await imageLayers(bed.registry.host, "base/busybox", "1");
    assert.ok(baseLayers.length > 0);
    for (const layer of baseLayers) assert.doesNotMatch(attempts[1] ?? "", new RegExp(`^#\\d+ (?:extracting )?${layer}`, "m"), `the second attempt pulled the base's layer ${layer}`);
    await gone();
    assert.equal(await runnersView(second.runner), second.viewBefore);

    // Nothing changed: every step comes from the layer cache, and the mounts are neither copied in nor
    // out. Their download, made slow here (each request answered 10 s late, and it takes at least
    // two), goes on while the build runs: the lookup of the entry said the lockfiles are the same,
    // so nothing waits for it before a step needs it, and as none did, the step ends without it. A
    // build like this one took 2.3 s in CI on a busy machine: 20 s leaves it ample room.
    gha.slowDownloads("remote-buildkit-cache-mounts-", 10_000);
    const third = await job("two").finally(() => gha.slowDownloads("", 0));
    assert.equal(third.run.main.code, 0, visibleOutput(third.run.main.output));
    assert.match(third.run.main.output, /^The cache mounts were not copied in: every step that uses them came from the layer cache$/m);
    assert.match(third.run.main.output, /^::group::Building$/m);
    assert.doesNotMatch(third.run.main.output, /Cache restored successfully/, "the step waited for the mounts' download");
    assert.doesNotMatch(third.run.main.output, /Restored \/root|Saving the cache mounts|Stopped the build/);
    assert.equal([...third.run.main.output.matchAll(/::group::Building\n/g)].length, 1);
    assert.deepEqual(await seen(), ["one", "two"]);
    await gone();
  });

  /** A project of its own (FROM the base, ARG RUN_ID, then `steps`), built by jobs with its own cache scope and tag. */
  async function project(name: string, steps: readonly string[]): Promise<{ dir: string; run: (runId: string) => Promise<{ run: ActionRun }> }> {
    const dir = join(bed.dir, name);
    await mkdir(dir);
    await writeFile(join(dir, "Dockerfile"), [`FROM ${base}`, "ARG RUN_ID=unset", ...steps, ""].join("\n"));
    return {
      dir,
      run: (runId) => job(runId, {
        inputs: { context: dir, tags: `${bed.registry.host}/fallback/${name}:latest`, push: "true", "build-args": `RUN_ID=${runId}`, "fallback-driver-opts": "network=host", "cache-scope": name },
      }),
    };
  }

  it("saves the cache mounts while the build exports its layers", async () => {
    // After the step with the mount, 150 MB of random bytes: the export compresses them (gzip, one
    // core, tens of MB/s) for the push and the layer cache, seconds in which the save, of a few
    // KiB, starts and ends.
    const { run: exportJob } = await project("slow-export", [
      "RUN --mount=type=cache,id=slow-export,target=/mnt echo \"$RUN_ID\" >> /mnt/runs",
      "RUN head -c 150000000 /dev/urandom > /big",
    ]);
    const { main } = (await exportJob("e1")).run;
    assert.equal(main.code, 0, visibleOutput(main.output));
    const building = main.output.indexOf("::group::Building");
    const built = main.output.indexOf("::endgroup::", building);
    const exporting = main.output.indexOf("exporting to image", building);
    // @actions/cache logs its archive's making as it saves: within the build's log, after its steps.
    const archiving = main.output.indexOf("[command]/usr/bin/tar --posix -cf");
    assert.ok(building >= 0 && exporting > building && archiving > exporting && archiving < built, visibleOutput(main.output));
    assert.match(main.output, /^Saved \/mnt as the cache entry /m);
    // The copy out ended within the export (the archive was made before the build's log closed): the job did not wait for it.
    assert.match(main.output, /^ {2}\/mnt: carrying it cost 0\.0 s, its steps took \d+\.\d s on an empty mount$/m, visibleOutput(main.output));
  });

  it("skips next time a cache mount whose transfer cost more than it saved, and keeps carrying one that paid", async () => {
    // `pays` spares its step 6 s once filled; `nopay` holds 40 MB that its step does not need.
    const { run: payoffJob } = await project("payoff", [
      "RUN --mount=type=cache,id=pays,target=/pays echo \"$RUN_ID\" && if [ ! -f /pays/filled ]; then sleep 6 && touch /pays/filled; fi",
      "RUN --mount=type=cache,id=nopay,target=/nopay echo \"$RUN_ID\" && ls /nopay > /nopay-seen && head -c 40000000 /dev/urandom > /nopay/blob && sleep 1",
    ]);
    const first = (await payoffJob("p1")).run;
    assert.equal(first.main.code, 0, visibleOutput(first.main.output));
    assert.match(first.main.output, /^ {2}\/pays: carrying it cost \d+\.\d s, its steps took [6-9]\.\d s on an empty mount$/m);
    const second = (await payoffJob("p2")).run;
    assert.equal(second.main.code, 0, visibleOutput(second.main.output));
    assert.match(second.main.output, /Restored \/pays, \/nopay from the cache entry/, "with no figures of a run with contents yet, both are carried");
    const nopay = /^ {2}\/nopay: carrying it cost (\d+\.\d) s, its steps took (\d+\.\d) s on an empty mount, (\d+\.\d) s with its contents$/m.exec(second.main.output);
    assert.ok(nopay, second.main.output);

    const third = (await payoffJob("p3")).run;
    assert.equal(third.main.code, 0, visibleOutput(third.main.output));
    assert.match(third.main.output, /Not carrying \/nopay: skipped: carrying it cost \d+\.\d s, and it saved its steps \d+\.\d s/);
    assert.match(third.main.output, /Restored \/pays from the cache entry/, "the mount that paid is still carried");
    assert.doesNotMatch(third.main.output, /Restored [^\n]*\/nopay/);
    assert.match(third.summary, /Cache mount \/nopay was not carried: skipped: carrying it cost/);
    assert.equal((await readImageFile(bed.registry.host, "fallback/payoff", "latest", "nopay-seen")).trim(), "", "the skipped mount started empty");
    assert.match(third.main.output, /^ {2}\/nopay: carrying it cost \d+\.\d s, its steps took \d+\.\d s on an empty mount/m, "the skipped run measured the empty mount again");
  });

  it("keeps skipping a mount that did not pay after a job that saved only its figures", async () => {
    // The job that skips the only mount saves an entry with its figures and no archive; the next
    // job must read those figures and skip again, not carry and save 40 MB as if on a first run.
    const { run: onlyJob } = await project("only", [
      "RUN --mount=type=cache,id=only,target=/only echo \"$RUN_ID\" && ls /only > /only-seen && head -c 40000000 /dev/urandom > /only/blob && sleep 1",
    ]);
    const ok = async (runId: string): Promise<ActionRun> => {
      const { run: r } = await onlyJob(runId);
      assert.equal(r.main.code, 0, visibleOutput(r.main.output));
      return r;
    };
    await ok("o1");
    assert.match((await ok("o2")).main.output, /Restored \/only from the cache entry/);
    const third = await ok("o3");
    assert.match(third.main.output, /Not carrying \/only: skipped/);
    assert.match(third.main.output, /Saved the figures of the skipped mounts as the cache entry/);
    const fourth = await ok("o4");
    assert.match(fourth.main.output, /Not carrying \/only: skipped: carrying it cost \d+\.\d s/, visibleOutput(fourth.main.output));
    assert.doesNotMatch(fourth.main.output, /Saved \/only as the cache entry|holds none of/);
    assert.match(fourth.main.output, /Saved the figures of the skipped mounts as the cache entry/);
    assert.equal((await readImageFile(bed.registry.host, "fallback/only", "latest", "only-seen")).trim(), "", "the skipped mount started empty");
  });

  it("does not save the cache mounts again when a build that used them added little to them", async () => {
    // Runs every job (RUN_ID), as a compile step runs after a source change; slow on an empty mount, so it is carried.
    const { dir: grow, run: growRun } = await project("grow", [
      "RUN --mount=type=cache,id=grow,target=/grow echo \"$RUN_ID\" >> /grow/runs && cp /grow/runs /runs-seen && if [ ! -f /grow/filled ]; then sleep 6 && touch /grow/filled; fi",
    ]);
    await writeFile(join(grow, "go.sum"), "example.com/m v1.0.0 h1:x=\n");
    const growJob = async (runId: string): Promise<ActionRun> => {
      const { run: r } = await growRun(runId);
      assert.equal(r.main.code, 0, visibleOutput(r.main.output));
      return r;
    };
    const savedAs = (r: ActionRun): string | undefined => /Saved \/grow as the cache entry (\S+):/.exec(r.main.output)?.[1];
    // g1 fills the mount; g2, restored, records how long the step takes with it: both save.
    assert.ok(savedAs(await growJob("g1")));
    const second = await growJob("g2");
    const kept = savedAs(second);
    assert.ok(kept, visibleOutput(second.main.output));
    // g3 adds a line to a mount of a few KiB: not saved again; the next job restores g2's entry.
    const third = await growJob("g3");
    assert.match(third.main.output, /^The cache mounts were not saved again: each grew by under 5% since the restore \(\/grow \d+\.\d MB → \d+\.\d MB\): the entry they came from still serves the next job$/m);
    assert.doesNotMatch(third.main.output, /Saving the cache mounts/);
    assert.equal((await readImageFile(bed.registry.host, "fallback/grow", "latest", "runs-seen")).trim(), "g1\ng2\ng3");
    const fourth = await growJob("g4");
    assert.match(fourth.main.output, new RegExp(`Restored /grow from the cache entry ${kept}:`));
    assert.equal((await readImageFile(bed.registry.host, "fallback/grow", "latest", "runs-seen")).trim(), "g1\ng2\ng4", "g3's line was not kept: a little lost, a save spared");

    // New lockfiles: saved whatever the growth, so that the newest entry matches them.
    await writeFile(join(grow, "go.sum"), "example.com/m v1.0.1 h1:y=\n");
    const fifth = await growJob("g5");
    assert.match(fifth.main.output, /The lockfiles changed since the cache mounts were saved: they are copied in before the build/);
    assert.doesNotMatch(fifth.main.output, /Stopped the build/);
    // The stage's image was unpacked alongside the copy, so the build itself unpacks none of it.
    assert.match(fifth.main.output, new RegExp(`^Unpacked ${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} into the builder alongside the copy, for the build: \\d+\\.\\d s$`, "m"), visibleOutput(fifth.main.output));
    const buildStart = fifth.main.output.indexOf("::group::Building");
    assert.ok(buildStart >= 0, visibleOutput(fifth.main.output));
    const building = fifth.main.output.slice(buildStart);
    assert.doesNotMatch(building, /extracting sha256:/, "the build found the image unpacked");
    assert.ok(savedAs(fifth), visibleOutput(fifth.main.output));
  });

  it("gives each job of a matrix its own cache-mount entry: the service takes a key once", async () => {
    // The stand-in refuses a second save of a key, as the service does (twirp already_exists, HTTP 409).
    const create = (key: string): Promise<Response> => fetch(`${gha.env["ACTIONS_RESULTS_URL"] ?? ""}twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ key, version: "v" }),
    });
    assert.equal((await create("matrix-probe")).status, 200);
    const again = await create("matrix-probe");
    assert.equal(again.status, 409);
    assert.match(await again.text(), /already_exists/);

    // Two legs of one workflow run: the same run id and attempt. Their runners' own BuildKit settings
    // do not let BuildKit reach the plain-HTTP registry: fallback-buildkitd-config-inline does, in their place.
    const leg = (runId: string): Promise<{ run: ActionRun }> => job(runId, {
      env: { GITHUB_RUN_ID: "4242", GITHUB_RUN_ATTEMPT: "1" },
      inputs: {
        context: app, tags: `${bed.registry.host}/fallback/app:latest`, push: "true", "build-args": `RUN_ID=${runId}`, "fallback-driver-opts": "network=host", "cache-scope": "matrix",
        "fallback-buildkitd-config-inline": registryToml(),
      },
    }, "debug = true\n");
    const before = gha.refused().length;
    const a = (await leg("leg-a")).run;
    const b = (await leg("leg-b")).run;
    const saved = [a, b].map((r) => /Saved \/root\/\.cache\/deps as the cache entry (\S+):/.exec(r.main.output)?.[1]);
    assert.ok(saved[0] && saved[1], `${a.main.output}\n${b.main.output}`);
    assert.match(a.main.output, /BuildKit configuration: fallback-buildkitd-config-inline/);
    assert.match(saved[0] ?? "", /-4242-1-[0-9a-f]{8}$/);
    assert.notEqual(saved[0], saved[1]);
    assert.deepEqual(gha.refused().slice(before).filter((k) => k.startsWith("remote-buildkit-cache-mounts-")), [], "no save of a leg was refused");
  });

  it("keeps the builder's state in memory, and builds again with it on disk when the build fills it", async () => {
    const big = await project("fills-memory", ["RUN dd if=/dev/zero of=/big bs=1M count=100 && echo \"$RUN_ID\" > /runs-seen"]);
    const { run: filled } = await job("big", {
      inputs: {
        context: big.dir, tags: `${bed.registry.host}/fallback/fills-memory:latest`, push: "true", "build-args": "RUN_ID=big",
        "fallback-driver-opts": "network=host", "cache-scope": "fills-memory", "fallback-state": "memory:64m",
      },
    });
    assert.equal(filled.main.code, 0, visibleOutput(filled.main.output));
    assert.match(filled.main.output, /^Builder state in memory \(a tmpfs of up to 64 MiB\)$/m);
    // The tmpfs's cap is real: 100 MiB does not fit, and the step's own error says so (dd names the
    // error; busybox's head would say only "I/O error", which NoSpaceWatch cannot tell from others).
    assert.match(filled.main.output, /No space left on device/);
    assert.match(filled.main.output, /The build ran out of room with the builder's state in memory \(a tmpfs of up to 64 MiB\): building again on a new builder with its state on disk/);
    assert.match(filled.main.output, /^Builder state on disk \(its state in memory filled up\)$/m);
    assert.equal([...filled.main.output.matchAll(/::group::Building\n/g)].length, 2, "built twice: in memory, then on disk");
    assert.equal((await readImageFile(bed.registry.host, "fallback/fills-memory", "latest", "runs-seen")).trim(), "big");
    assert.equal(filled.post.code, 0, visibleOutput(filled.post.output));
    assert.equal([...filled.main.output.matchAll(/^Docker removes builder /gm)].length, 1, "the end of the step removes only the second builder: the first went before the second started");
    await gone();
  });

  it("carries the cache mounts through buildx's session when the builder's container refuses docker exec, and says why", async () => {
    // An engine whose authorization plugin refuses `exec` (some locked-down runners' do): a `docker`
    // first on PATH that refuses it, as such an engine answers, and passes everything else on.
    const shim = join(bed.dir, "refusing-docker");
    await mkdir(shim);
    const realDocker = (await run("sh", ["-c", "command -v docker"])).stdout.trim();
    await writeFile(join(shim, "docker"), [
      "#!/bin/sh",
      'if [ "$1" = exec ]; then echo "Error response from daemon: authorization denied by plugin test-authz: exec is not allowed" >&2; exit 1; fi',
      `exec ${realDocker} "$@"`,
      "",
    ].join("\n"), { mode: 0o755 });
    const noExec = await project("no-exec", [
      "RUN --mount=type=cache,id=no-exec,target=/root/.cache/x \\",
      "    if [ ! -f /root/.cache/x/runs ]; then sleep 4; fi && echo \"$RUN_ID\" >> /root/.cache/x/runs && cp /root/.cache/x/runs /runs-seen",
    ]);
    const inputs = (runId: string): Record<string, string> => ({
      context: noExec.dir, tags: `${bed.registry.host}/fallback/no-exec:latest`, push: "true", "build-args": `RUN_ID=${runId}`,
      "fallback-driver-opts": "network=host", "cache-scope": "no-exec",
    });
    const env = { PATH: `${shim}:${process.env["PATH"] ?? ""}` };
    const refused = /failed \(docker exec in buildx_buildkit_remote-buildkit-fallback-\w+0 failed: Error response from daemon: authorization denied by plugin test-authz: exec is not allowed\)/;

    const { run: first } = await job("one", { inputs: inputs("one"), env });
    assert.equal(first.main.code, 0, visibleOutput(first.main.output));
    const saved = /^Saved \/root\/\.cache\/x as the cache entry \S+: \d+\.\d s out of the builder (.*)$/m.exec(first.main.output);
    assert.ok(saved, visibleOutput(first.main.output));
    assert.match(saved[1] ?? "", /^through buildx, since the stream through the builder's container failed /);
    assert.match(saved[1] ?? "", refused);

    const { run: second } = await job("two", { inputs: inputs("two"), env });
    assert.equal(second.main.code, 0, visibleOutput(second.main.output));
    const restored = /^Restored \/root\/\.cache\/x from the cache entry \S+: \d+\.\d s from the CI's cache, \d+\.\d s into the builder (.*)$/m.exec(second.main.output);
    assert.ok(restored, visibleOutput(second.main.output));
    assert.match(restored[1] ?? "", refused);
    assert.equal((await readImageFile(bed.registry.host, "fallback/no-exec", "latest", "runs-seen")).trim().split("\n").join(" "), "one two",
      "the mount held what the first job left, carried through the session");
    // What failed the stream in would fail the stream out: the save goes to the session at once, with no second try.
    const savedAgain = /^Saved \/root\/\.cache\/x as the cache entry \S+: \d+\.\d s out of the builder(.*)$/m.exec(second.main.output);
    assert.ok(savedAgain, visibleOutput(second.main.output));
    assert.doesNotMatch(savedAgain[1] ?? "", /stream/);
    assert.equal(second.post.code, 0, visibleOutput(second.post.output));
    await gone();
  });

  it("removes the builder and its container when the job is cancelled (SIGINT)", async () => {
    const pause = "4243";
    let during: string[] = [];
    let buildkitdArgs = "";
    const { run: cancelled, runner, viewBefore } = await job("cancelled", {
      inputs: { context: app, tags: `${bed.registry.host}/fallback/app:latest`, push: "true", "build-args": `RUN_ID=x\nPAUSE=${pause}`, "fallback-driver-opts": "network=host" },
      duringMain: async (child) => {
        await waitFor("the RUN step", async () => running(`sleep ${pause}`), 120_000);
        during = await ours();
        buildkitdArgs = await docker.docker(["inspect", "--format", "{{json .Args}}", during[0] ?? ""]);
        child.kill("SIGINT");
      },
    });
    assert.equal(during.length, 1, "the builder's container ran during the build");
    // BuildKit's default collection keeps about 512 MB of cache mounts, and ran between a copy and the build.
    assert.match(buildkitdArgs, /"--oci-worker-gc=false"/);
    assert.notEqual(cancelled.main.code, 0);
    assert.match(cancelled.main.output, /Received SIGINT: cancelling the build/);
    assert.match(cancelled.main.output, /^Docker removes builder remote-buildkit-fallback-/m, "the main step had it removed at once");
    await gone();
    assert.ok(!running(`sleep ${pause}`));
    assert.equal(await runnersView(runner), viewBefore);
  });

  it("leaves the builder to the post step when the main step is killed outright, and the post step removes it", async () => {
    const pause = "4244";
    let afterKill: string[] = [];
    const { run: killed } = await job("killed", {
      inputs: { context: app, tags: `${bed.registry.host}/fallback/app:latest`, push: "true", "build-args": `RUN_ID=y\nPAUSE=${pause}`, "fallback-driver-opts": "network=host" },
      duringMain: async (child) => {
        await waitFor("the RUN step", async () => running(`sleep ${pause}`), 120_000);
        child.kill("SIGKILL");
        await new Promise((r) => child.once("close", r));
        afterKill = await ours();
      },
    });
    assert.equal(killed.main.code, null, "the main step was killed");
    assert.equal(afterKill.length, 1, "a killed step leaves its builder running");
    assert.equal(killed.post.code, 0, visibleOutput(killed.post.output));
    assert.match(killed.post.output, /^Docker removes builder remote-buildkit-fallback-/m);
    await gone();
    await waitFor("the orphaned RUN step to end", async () => !running(`sleep ${pause}`), 30_000);
  });
});
