import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { fixtureContext } from "../bed/fixture.js";
import { manifestDigest } from "../bed/registry.js";
import { runGitlabJob } from "../bed/gitlab-job.js";
import { runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

/** The three warnings test/fixtures/checks/Dockerfile has on purpose, as BuildKit's checks name them. */
const EXPECTED = [
  { rule: "StageNameCasing", line: 3 },
  { rule: "LegacyKeyValueFormat", line: 5 },
  { rule: "JSONArgsRecommended", line: 6 },
];

/** `::warning title=...,file=...,line=...::message` lines of a step's output, as the runner reads them. */
function annotations(output: string): Array<{ title: string; file: string; line: number; message: string }> {
  return [...output.matchAll(/^::warning (title=[^,]*,file=[^,]*,line=\d+[^:]*)::(.*)$/gm)].map((m) => {
    const props = new Map((m[1] ?? "").split(",").map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)] as const));
    return { title: props.get("title") ?? "", file: props.get("file") ?? "", line: Number(props.get("line")), message: m[2] ?? "" };
  });
}

describe("build checks, as build-push-action runs them, against a real daemon", () => {
  let bed: Bed;
  let workspace: string;
  before(async () => {
    bed = await startBed();
    // The checkout: the fixture under the workspace, so that annotations point at a path in the repository.
    workspace = await mkdtemp(join(bed.dir, "workspace-"));
    await mkdir(join(workspace, "_temp"));
    await cp(await fixtureContext(bed.dir, "checks"), join(workspace, "checks"), { recursive: true });
  });
  after(() => bed.stop());

  const run = (inputs: Record<string, string>): Promise<ActionRun> =>
    runAction({ workDir: workspace, inputs: { ...bed.connection(), context: "checks", ...inputs }, env: { GITHUB_WORKSPACE: workspace, DOCKER_BUILD_RECORD_UPLOAD: "false" } });

  it("call: check fails on a Dockerfile with warnings, naming each rule at its line, and builds nothing", async () => {
    const tag = `${bed.registry.host}/checks/warned:check`;
    const result = await run({ call: "check", tags: tag, push: "true" });
    const output = visibleOutput(result.main.output);
    assert.notEqual(result.main.code, 0, output);
    assert.match(output, /^::error::Check complete, 3 warnings have been found!/m);
    for (const { rule, line } of EXPECTED) assert.match(output, new RegExp(`checks/Dockerfile:${line}: ${rule}: `), rule);
    assert.deepEqual(annotations(output).map((a) => [a.title, a.file, a.line]), EXPECTED.map((e) => [e.rule, "checks/Dockerfile", e.line]));
    // Nothing built: no step ran, nothing was pushed, and the outputs carry no image.
    await assert.rejects(manifestDigest(bed.registry.host, "checks/warned", "check"));
    assert.equal(result.outputs["digest"], undefined);
    assert.doesNotMatch(output, /COPY busybox/);
    assert.equal(result.post.code, 0, visibleOutput(result.post.output));
  });

  it("call: check succeeds on a clean Dockerfile, and builds nothing", async () => {
    const tag = `${bed.registry.host}/checks/clean:check`;
    const result = await run({ call: "check", file: "checks/Dockerfile.clean", tags: tag, push: "true" });
    const output = visibleOutput(result.main.output);
    assert.equal(result.main.code, 0, output);
    assert.match(output, /Check complete, no warnings found\./);
    assert.deepEqual(annotations(output), []);
    await assert.rejects(manifestDigest(bed.registry.host, "checks/clean", "check"));
    assert.equal(result.outputs["digest"], "");
    assert.doesNotMatch(output, /COPY busybox/);
  });

  it("a normal build of the Dockerfile with warnings succeeds and annotates each warning at its file and line", async () => {
    const repository = "checks/warned";
    const result = await run({ tags: `${bed.registry.host}/${repository}:built`, push: "true" });
    const output = visibleOutput(result.main.output);
    assert.equal(result.main.code, 0, output);
    assert.equal(result.outputs["digest"], await manifestDigest(bed.registry.host, repository, "built"));
    const found = annotations(output);
    assert.deepEqual(found.map((a) => [a.title, a.file, a.line]), EXPECTED.map((e) => [e.rule, "checks/Dockerfile", e.line]));
    assert.match(found[0]?.message ?? "", /Stage name 'Base' should be lowercase/);
    for (const a of found) assert.match(a.message, /https:\/\/docs\.docker\.com\/go\/dockerfile\/rule\//);
  });

  it("on GitLab, each warning of a normal build is a log line naming the file, line and rule", async () => {
    const job = await runGitlabJob({
      checkout: (projectDir) => cp(join(workspace, "checks"), projectDir, { recursive: true }),
      inputs: { ...bed.connection() },
      variables: { DOCKER_BUILD_RECORD_UPLOAD: "false" },
    });
    const log = job.script.output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
    assert.equal(job.script.code, 0, log);
    const lines = [...log.matchAll(/^WARNING: (Dockerfile):(\d+): (\w+): /gm)].map((m) => [m[3], m[1], Number(m[2])]);
    assert.deepEqual(lines, EXPECTED.map((e) => [e.rule, "Dockerfile", e.line]));
  });

  it("call: targets lists the Dockerfile's stages and builds nothing", async () => {
    const result = await run({ call: "targets", file: "checks/Dockerfile.clean" });
    const output = visibleOutput(result.main.output);
    assert.equal(result.main.code, 0, output);
    assert.match(output, /^TARGET\s+DESCRIPTION\n^base \(default\)/m);
    assert.match(result.outputs["metadata"] ?? "", /"targets":\[\{"name":"base"/);
    assert.doesNotMatch(output, /COPY busybox/);
  });

  it("a Dockerfile with `# check=error=true` fails the step on its warnings", async () => {
    const result = await run({ file: "checks/Dockerfile.strict", tags: `${bed.registry.host}/checks/strict:built`, push: "true" });
    const output = visibleOutput(result.main.output);
    assert.notEqual(result.main.code, 0, output);
    assert.match(output, /^::error::/m);
    // BuildKit names the rules in no fixed order (one run had JSONArgsRecommended first).
    const rules = /lint violation found for rules: ([\w, ]+)/.exec(output)?.[1]?.split(", ").sort();
    assert.deepEqual(rules, ["JSONArgsRecommended", "LegacyKeyValueFormat", "StageNameCasing"], output);
    // No metadata for a failed build: the annotations come from the progress events.
    assert.deepEqual(annotations(output).map((a) => [a.title, a.file, a.line]), EXPECTED.map((e) => [e.rule, "checks/Dockerfile.strict", e.line]));
    await assert.rejects(manifestDigest(bed.registry.host, "checks/strict", "built"));
    assert.deepEqual(await readdir(result.runnerTemp), [], "the workspace must be gone after post");
  });
});
