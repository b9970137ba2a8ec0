// npm run docs: rewrites README.md's inputs and outputs tables from action.yml.
import { readFileSync, writeFileSync } from "node:fs";
import { parseManifest } from "../src/inputs/manifest.js";
import { replaceInputsSection } from "./inputs-table.js";

const manifest = parseManifest(readFileSync("action.yml", "utf8"));
writeFileSync("README.md", replaceInputsSection(readFileSync("README.md", "utf8"), manifest));
