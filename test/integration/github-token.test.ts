import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { startGhaCache, type GhaCache } from "../bed/gha-cache.js";
import { recordingBuildx } from "../bed/recording-buildx.js";
import { GITHUB_TOKEN, runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

/**
 * github-token's default is the expression `${{ github.token }}`, which the runner evaluates. Set
 * to '' (or on a runner without a token) it must mean "no token": the fallback builder's GitHub
 * Actions cache is the one place the token goes, so the bundle is run there, as the runner runs it.
 */
describe("an empty github-token, run as the runner runs the bundle", () => {
  let bed: Bed;
  let gha: GhaCache;
  let context: string;
  let runnerEnv: Record<string, string>;
  before(async () => {
    bed = await startBed();
    gha = await startGhaCache(join(bed.dir, "gha"));
    context = join(bed.dir, "context");
    await mkdir(context, { recursive: true });
    await writeFile(join(context, "Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
    await writeFile(join(context, "hello.txt"), "hello\n");
    // The runner's own builder, for the fallback: the bed's daemon over its unix socket.
    const buildxConfig = join(bed.dir, "runner-buildx");
    await mkdir(buildxConfig, { recursive: true });
    runnerEnv = { BUILDX_CONFIG: buildxConfig, ...gha.env };
    execFileSync("docker", ["buildx", "create", "--name", "runner-local", "--driver", "remote", `unix://${bed.daemon.socket}`], { env: { ...process.env, BUILDX_CONFIG: buildxConfig } });
  });
  after(async () => {
    await gha.stop();
    await bed.stop();
  });

  async function fallbackRun(inputs: Record<string, string>): Promise<{ run: ActionRun; argv: string[][] }> {
    const job = await mkdtemp(join(bed.dir, "job-"));
    const buildx = await recordingBuildx(job);
    // No certificates: the fork's pull request, which builds on the fallback builder with the gha cache.
    const run = await runAction({ env: { ...runnerEnv, DOCKER_CONFIG: buildx.dockerConfig }, inputs: { context, "fallback-builder": "runner-local", ...inputs } });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.equal(run.outputs["fallback-reason"], "no-credentials");
    return { run, argv: await buildx.calls() };
  }

  it("hands buildx no ghtoken and prints no ${{ when github-token is ''", async () => {
    const { run, argv } = await fallbackRun({ "github-token": "" });
    const build = argv.find((a) => a[0] === "build") ?? [];
    const caches = build.filter((_, i) => build[i - 1] === "--cache-to" || build[i - 1] === "--cache-from");
    assert.deepEqual(caches.filter((c) => c.startsWith("type=gha")).length, 2, build.join(" "));
    for (const call of argv) assert.ok(!call.some((a) => a.includes("${{") || a.includes("ghtoken")), JSON.stringify(call));
    assert.ok(!`${run.main.output}\n${run.post.output}\n${run.files}`.includes("${{"), "an expression reached the log or a file command");
  });

  it("hands buildx the token the runner evaluated when github-token is not set (the control)", async () => {
    const { run, argv } = await fallbackRun({});
    const build = argv.find((a) => a[0] === "build") ?? [];
    assert.ok(build.some((a) => a.startsWith("type=gha,") && a.includes(`ghtoken=${GITHUB_TOKEN}`)), build.join(" "));
    assert.ok(!visibleOutput(run.main.output).includes(GITHUB_TOKEN), "the token is masked");
  });
});
