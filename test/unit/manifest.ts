import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseManifest, type Manifest } from "../../src/inputs/manifest.js";
import { REPO } from "../bed/runner.js";

/** The project's real action.yml, as every test of inputs should read it. */
export function realManifest(): Manifest {
  return parseManifest(readFileSync(join(REPO, "action.yml"), "utf8"));
}
