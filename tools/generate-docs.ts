// npm run docs: regenerates what is derived from action.yml: README.md's inputs and outputs
// tables, and the GitLab component's template.
import { readFileSync, writeFileSync } from "node:fs";
import { parseManifest } from "../src/inputs/manifest.js";
import { GITLAB_TEMPLATE_PATH, packageVersion } from "./paths.js";
import { renderGitlabTemplate } from "./gitlab-template.js";
import { replaceInputsSection } from "./inputs-table.js";

const manifest = parseManifest(readFileSync("action.yml", "utf8"));
writeFileSync("README.md", replaceInputsSection(readFileSync("README.md", "utf8"), manifest));
writeFileSync(GITLAB_TEMPLATE_PATH, renderGitlabTemplate(manifest, packageVersion(readFileSync("package.json", "utf8"))));
