import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parseManifest } from "../../src/inputs/manifest.js";
import { REPO } from "../bed/runner.js";
import { realManifest } from "./manifest.js";

/** The README's section on switching from build-push-action, up to the next heading. */
function switchingSection(): string {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const start = readme.indexOf("## Switching from docker/build-push-action");
  assert.ok(start >= 0, "the README has a section on switching from docker/build-push-action");
  const end = readme.indexOf("\n## ", start + 3);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** `- \`name\`: reason` items of the section: the inputs that cannot apply, each with its reason. */
function explained(section: string): Map<string, string> {
  const items = new Map<string, string>();
  for (const match of section.matchAll(/^- `([a-z-]+)`: (.*(?:\n {2}.*)*)/gm)) items.set(match[1] ?? "", (match[2] ?? "").trim());
  return items;
}

describe("parity with docker/build-push-action's inputs (test/vendor/build-push-action)", () => {
  const theirs = parseManifest(readFileSync(join(REPO, "test", "vendor", "build-push-action", "action.yml"), "utf8"));
  const ours = realManifest();
  const reasons = explained(switchingSection());

  it("reads a real copy of their action.yml", () => {
    // A truncated or emptied copy would make the comparison below pass vacuously.
    assert.ok(theirs.inputs.size >= 30, `only ${theirs.inputs.size} inputs in the vendored action.yml`);
    for (const known of ["context", "tags", "push", "call", "attests", "builder"]) assert.ok(theirs.inputs.has(known), known);
  });

  it("declares each of their inputs, or explains in the README why it cannot apply", () => {
    const missing = [...theirs.inputs.keys()].filter((name) => !ours.inputs.has(name) && !reasons.has(name));
    assert.deepEqual(missing, [], `inputs of build-push-action neither in action.yml nor explained in the README's switching section: ${missing.join(", ")}`);
  });

  it("explains only inputs that are theirs and not ours, each with a reason", () => {
    assert.ok(reasons.size > 0, "the switching section lists the inputs that cannot apply as - `name`: reason");
    for (const [name, reason] of reasons) {
      assert.ok(theirs.inputs.has(name), `${name} is explained, but build-push-action has no such input`);
      assert.ok(!ours.inputs.has(name), `${name} is explained as not applying, but action.yml declares it`);
      assert.ok(reason.length >= 20, `the reason given for ${name} is too short to be one`);
    }
  });
});
