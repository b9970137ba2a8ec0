import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FILE_OUTPUTS, gitlabVariable } from "../../src/platform/gitlab-names.js";
import { REPO } from "../bed/runner.js";
import { realManifest } from "./manifest.js";

describe("gitlab/README.md", () => {
  it("lists every dotenv variable the job writes: one per output of action.yml", () => {
    const readme = readFileSync(join(REPO, "gitlab", "README.md"), "utf8");
    for (const name of realManifest().outputs.keys()) {
      const variable = `${gitlabVariable(name)}${FILE_OUTPUTS.has(name) ? "_FILE" : ""}`;
      assert.ok(readme.includes(`\`${variable}\``), `${variable} (output ${name}) is not in gitlab/README.md`);
    }
  });
});
