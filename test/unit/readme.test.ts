import assert from "node:assert/strict";
import { Ajv } from "ajv";
import { load } from "js-yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { replaceInputsSection } from "../../tools/inputs-table.js";
import { REPO } from "../bed/runner.js";
import { realManifest } from "./manifest.js";

describe("README.md", () => {
  it("lists exactly the inputs and outputs of action.yml (npm run docs regenerates it)", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    assert.equal(replaceInputsSection(readme, realManifest()), readme);
  });

  it("gives the two commands for a fresh machine, and .ci/run calls the test command", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    assert.match(readme, /^bash scripts\/demo\.sh$/m);
    assert.match(readme, /^bash scripts\/test\.sh$/m);
    assert.match(readFileSync(join(REPO, ".ci", "run"), "utf8"), /^bash scripts\/test\.sh$/m);
  });
});

describe("action.yml", () => {
  it("runs the bundle on node24, with main and post", () => {
    const text = readFileSync(join(REPO, "action.yml"), "utf8");
    assert.match(text, /^runs:\n {2}using: node24\n {2}main: dist\/main\.js\n {2}post: dist\/post\.js$/m);
  });
});

describe("action.yml against GitHub's action schema (test/schemas/github-action.json)", () => {
  it("validates", () => {
    const schema: unknown = JSON.parse(readFileSync(join(REPO, "test", "schemas", "github-action.json"), "utf8"));
    const validate = new Ajv({ strict: false }).compile(schema as object);
    const ok = validate(load(readFileSync(join(REPO, "action.yml"), "utf8")));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  });
});
