// node build/bench/render.js [DIR] — derives the figures and targets again from the builds in
// DIR/remote-builds.json (default bench/results) and rewrites it with remote-builds.md and .svg:
// for a change to how results are judged or shown, without measuring everything again.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO } from "../test/bed/runner.js";
import { renderChart } from "./chart.js";
import { renderMarkdown } from "./markdown.js";
import { deriveFigures, judgeTargets, type Results } from "./report.js";

const dir = process.argv[2] ?? join(REPO, "bench", "results");
const file = join(dir, "remote-builds.json");
// The file is one this benchmark wrote: its shape is Results.
const stored = JSON.parse(await readFile(file, "utf8")) as Results;
const figures = stored.workloads.filter((w) => w.status === "measured").map(deriveFigures);
const results: Results = { ...stored, figures, targets: judgeTargets(stored.workloads, figures, stored.overheadParts) };
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(dir, "remote-builds.md"), renderMarkdown(results));
await writeFile(join(dir, "remote-builds.svg"), renderChart(results));
process.stdout.write(`written: ${join(dir, "remote-builds.{json,md,svg}")}\n`);
