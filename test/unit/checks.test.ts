import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkVerdict, describeWarning, parseCheckResult, warningPath, warningsFromMetadata, warningsFromStatusLine } from "../../src/buildx/warnings.js";
import { parseInputs } from "../../src/inputs/inputs.js";
import { reportWarnings } from "../../src/run/checks.js";
import { REPO } from "../bed/runner.js";
import { FakePlatform } from "./fake-platform.js";
import { realManifest } from "./manifest.js";

// Both fixtures are buildx v0.38.2's own output for test/fixtures/checks/Dockerfile (the LLB
// definitions left out): `--call=check,format=json` on stdout, and the metadata file of a build
// run with BUILDX_METADATA_WARNINGS=true.
const fixture = (name: string): string => readFileSync(join(REPO, "test", "fixtures", name), "utf8");

const EXPECTED = [
  { rule: "StageNameCasing", line: 3, file: "Dockerfile", url: "https://docs.docker.com/go/dockerfile/rule/stage-name-casing/" },
  { rule: "LegacyKeyValueFormat", line: 5, file: "Dockerfile", url: "https://docs.docker.com/go/dockerfile/rule/legacy-key-value-format/" },
  { rule: "JSONArgsRecommended", line: 6, file: "Dockerfile", url: "https://docs.docker.com/go/dockerfile/rule/json-args-recommended/" },
];

describe("build-check warnings", () => {
  it("reads buildx's metadata warnings: rule, message, file, line", () => {
    const warnings = warningsFromMetadata(JSON.parse(fixture("buildx-metadata-warnings.json")));
    assert.deepEqual(warnings.map(({ rule, line, file, url }) => ({ rule, line, file, url })), EXPECTED);
    assert.equal(warnings[0]?.message, "Stage name 'Base' should be lowercase");
    assert.equal(warnings[1]?.message, '"ENV key=value" should be used instead of legacy "ENV key value" format');
  });

  it("reads the same warnings from a rawjson progress event, where a failed build has them", () => {
    const [warning] = JSON.parse(fixture("buildx-metadata-warnings.json"))["buildx.build.warnings"] as unknown[];
    const line = JSON.stringify({ vertexes: [], warnings: [warning] });
    assert.deepEqual(warningsFromStatusLine(line).map(({ rule, line: at }) => [rule, at]), [["StageNameCasing", 3]]);
    assert.deepEqual(warningsFromStatusLine('{"vertexes":[]}'), []);
    assert.deepEqual(warningsFromStatusLine('{"warnings": broken'), []);
  });

  it("reads the result of --call=check,format=json", () => {
    const check = parseCheckResult(fixture("buildx-check.json"));
    assert.ok(check);
    assert.equal(check.error, "");
    assert.deepEqual(check.warnings.map(({ rule, line, file, url }) => ({ rule, line, file, url })), EXPECTED);
    assert.equal(check.warnings[0]?.message, "Stage name 'Base' should be lowercase");
  });

  it("finds no warnings where there are none, and no check result in other output", () => {
    assert.deepEqual(warningsFromMetadata({ "containerimage.digest": "sha256:0" }), []);
    assert.deepEqual(parseCheckResult("{}\n"), { warnings: [], error: "" });
    assert.equal(parseCheckResult("ERROR: failed to build\n"), undefined);
  });

  it("says what buildx says of a check", () => {
    assert.equal(checkVerdict(0), "Check complete, no warnings found.");
    assert.equal(checkVerdict(1), "Check complete, 1 warning has been found!");
    assert.equal(checkVerdict(3), "Check complete, 3 warnings have been found!");
  });

  it("maps the frontend's Dockerfile name back to the repository's path", () => {
    assert.equal(warningPath("Dockerfile", ".", "", "/w"), "Dockerfile");
    assert.equal(warningPath("Dockerfile", "./app", "", "/w"), "app/Dockerfile");
    assert.equal(warningPath("Dockerfile.prod", "app", "./app/docker/Dockerfile.prod", "/w"), "app/docker/Dockerfile.prod");
    assert.equal(warningPath("Dockerfile", "/w/app", "", "/w"), "app/Dockerfile", "inside the checkout: relative to it");
    assert.equal(warningPath("Dockerfile", "/elsewhere/app", "", "/w"), "/elsewhere/app/Dockerfile");
    assert.equal(warningPath("Dockerfile", "https://github.com/acme/app.git", "", "/w"), "Dockerfile", "a remote context has no path here");
    assert.equal(warningPath("other.Dockerfile", "app", "", "/w"), "other.Dockerfile");
  });

  it("describes a warning for the log with its place", () => {
    const [first] = warningsFromMetadata(JSON.parse(fixture("buildx-metadata-warnings.json")));
    assert.ok(first);
    assert.equal(describeWarning(first, "app/Dockerfile"),
      "app/Dockerfile:3: StageNameCasing: Stage name 'Base' should be lowercase (https://docs.docker.com/go/dockerfile/rule/stage-name-casing/)");
  });

  it("becomes one annotation per warning, at its file and line", () => {
    const platform = new FakePlatform({ context: "app" }, "/tmp");
    const { inputs } = parseInputs(realManifest(), (name) => platform.io.getInput(name));
    reportWarnings(platform.io, inputs, warningsFromMetadata(JSON.parse(fixture("buildx-metadata-warnings.json"))), "/w");
    assert.deepEqual(platform.annotations.map(({ title, file, line }) => ({ title, file, line })),
      EXPECTED.map(({ rule, line }) => ({ title: rule, file: "app/Dockerfile", line })));
    assert.match(platform.annotations[0]?.message ?? "", /^Stage name 'Base' should be lowercase \(https:/);
  });
});
