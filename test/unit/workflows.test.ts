// The project's own GitHub workflows: valid against GitHub's workflow schema, third-party actions
// pinned by commit, and no job with more permissions than it needs. e2e.yml itself runs under
// nektos/act in .ci/run; this checks what a run cannot show.
import assert from "node:assert/strict";
import { Ajv, type ValidateFunction } from "ajv";
import { load } from "js-yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO } from "../bed/runner.js";

const WORKFLOWS = ["ci.yml", "e2e.yml", "release.yml"] as const;
type Json = Record<string, unknown>;

const text = (name: string): string => readFileSync(join(REPO, ".github", "workflows", name), "utf8");
const parse = (name: string): Json => load(text(name)) as Json;
const record = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {});
const jobs = (workflow: Json): [string, Json][] => Object.entries(record(workflow["jobs"])).map(([id, job]) => [id, record(job)]);
const steps = (job: Json): Json[] => (Array.isArray(job["steps"]) ? job["steps"].map(record) : []);

let validator: ValidateFunction | undefined;
function schemaErrors(workflow: unknown): string {
  // test/schemas/SOURCES.md says where the schema comes from.
  validator ??= new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, "test", "schemas", "github-workflow.json"), "utf8")) as Json);
  return validator(workflow) ? "" : JSON.stringify(validator.errors?.map((e) => `${e.instancePath} ${e.message ?? ""}`));
}

/**
 * Every `uses:` line that names another repository's action must pin a full commit and say which
 * release it is (`owner/repo@<40 hex> # vX.Y.Z`): a tag can be moved under a workflow, a commit cannot.
 * Returns the lines that do not.
 */
function unpinned(source: string): string[] {
  return source.split("\n")
    .map((line) => /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .filter(([, ref = ""]) => !ref.startsWith("./") && !ref.startsWith("docker://"))
    .filter(([, ref = "", rest = ""]) => !(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(ref) && /^\s+# v\d+(\.\d+){0,2}\s*$/.test(rest)))
    .map(([line]) => line.trim());
}

/** Each job's permissions as `workflow/job: scope=level`, writes only; a job without its own block is an error. */
function writes(): string[] {
  return WORKFLOWS.flatMap((name) => jobs(parse(name)).flatMap(([id, job]) => {
    assert.ok("permissions" in job, `${name}: job ${id} has no permissions block of its own`);
    const perms = job["permissions"];
    assert.notEqual(typeof perms, "string", `${name}: job ${id} uses a blanket "${String(perms)}"`);
    return Object.entries(record(perms)).filter(([, level]) => level === "write").map(([scope]) => `${name}/${id}: ${scope}=write`);
  }));
}

describe("the GitHub workflows", () => {
  it("validate against GitHub's workflow schema (test/schemas/github-workflow.json)", () => {
    for (const name of WORKFLOWS) assert.equal(schemaErrors(parse(name)), "", name);
  });

  it("the schema check rejects what GitHub would: a job without runs-on, a step with two actions", () => {
    const ci = parse("ci.yml");
    const [id = "", job = {}] = jobs(ci)[0] ?? [];
    const { ["runs-on"]: _dropped, ...withoutRunsOn } = job;
    assert.match(schemaErrors({ ...ci, jobs: { [id]: withoutRunsOn } }), /runs-on/);
    assert.notEqual(schemaErrors({ ...ci, jobs: { [id]: { ...job, steps: [{ uses: "./", run: "true" }] } } }), "");
  });

  it("pin every other repository's action by commit, with its release in a comment", () => {
    for (const name of WORKFLOWS) assert.deepEqual(unpinned(text(name)), [], name);
    // The rule itself: a tag, a short SHA, or a pin without its release fail; a local action passes.
    assert.deepEqual(unpinned([
      "      - uses: actions/checkout@v7",
      "      - uses: actions/checkout@3d3c42e # v7.0.1",
      "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
      "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
      "      - uses: ./",
    ].join("\n")).length, 3);
  });

  it("deny everything at the top and give each job its own least permissions: only the release's tag job writes", () => {
    for (const name of WORKFLOWS) assert.deepEqual(parse(name)["permissions"], {}, `${name}: top-level permissions`);
    assert.deepEqual(writes(), ["release.yml/major-tag: contents=write"]);
  });

  it("ci.yml: on pull requests and pushes, the README's test command, the type check, dist/ freshness; superseded runs cancelled", () => {
    const ci = parse("ci.yml");
    assert.deepEqual(Object.keys(record(ci["on"])).sort(), ["pull_request", "push"]);
    assert.equal(record(ci["concurrency"])["cancel-in-progress"], true);
    const runs = jobs(ci).flatMap(([, job]) => steps(job)).map((s) => String(s["run"] ?? ""));
    assert.ok(runs.includes("bash scripts/test.sh"), "the README's test command");
    assert.match(readFileSync(join(REPO, "README.md"), "utf8"), /^bash scripts\/test\.sh$/m);
    assert.ok(runs.includes("npm run -s typecheck"));
    assert.ok(runs.some((r) => r.includes("npm run -s build") && r.includes("git status --porcelain -- dist")));
    for (const [, job] of jobs(ci)) assert.equal(job["runs-on"], "ubuntu-latest");
  });

  it("e2e.yml: runs the action from the checkout, names no action act would fetch, reads both jobs' outputs", () => {
    const e2e = parse("e2e.yml");
    assert.equal(record(e2e["concurrency"])["cancel-in-progress"], true);
    const all = jobs(e2e);
    for (const id of ["remote", "fallback"]) {
      const job = record(all.find(([j]) => j === id)?.[1]);
      const own = steps(job).filter((s) => s["uses"] === "./");
      assert.equal(own.length, 1, `${id}: one step uses ./`);
      // act fetches every action a job names while setting it up, even for a skipped step, and
      // cannot offline; a checkout of this repository it never fetches: it copies the working tree.
      const others = steps(job).filter((s) => typeof s["uses"] === "string" && s["uses"] !== "./");
      assert.deepEqual(others.map((s) => String(s["uses"]).split("@")[0]), ["actions/checkout"], `${id}: no action act would fetch`);
      assert.equal(record(others[0]?.["with"])["repository"], undefined, `${id}: the checkout is of this repository, so act maps it`);
      const last = steps(job).at(-1) ?? {};
      assert.equal(last["run"], "bash scripts/e2e-bed.sh stop", `${id}: the test bed is stopped`);
      assert.equal(last["if"], "always()", `${id}: even when a step failed`);
    }
    // As the README shows it: the quick start's inputs, and only the build's own besides.
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const snippet = /## Quick start \(GitHub Actions\)[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const quickStart = steps(record(jobs(load(snippet) as Json)[0]?.[1])).find((s) => String(s["uses"]).startsWith("remote-buildkit/remote-buildkit@"));
    const remote = steps(record(all.find(([j]) => j === "remote")?.[1])).find((s) => s["uses"] === "./");
    assert.deepEqual(Object.keys(record(remote?.["with"])).filter((k) => !["build-args", "secrets"].includes(k)).sort(), Object.keys(record(quickStart?.["with"])).sort());
    const check = record(all.find(([j]) => j === "check")?.[1]);
    assert.deepEqual(check["needs"], ["remote", "fallback"]);
  });

  it("release.yml: on version tags, dist/ checked before the major tag moves", () => {
    const release = parse("release.yml");
    assert.deepEqual(record(record(release["on"])["push"])["tags"], ["v[0-9]+.[0-9]+.[0-9]+"]);
    const [, tagJob = {}] = jobs(release).find(([id]) => id === "major-tag") ?? [];
    assert.equal(tagJob["needs"], "check");
    assert.match(String(steps(tagJob).at(-1)?.["run"]), /git push --force origin "refs\/tags\/\$major"/);
  });
});
