// npm run screenshot: builds the parallel fixture cold on a fresh test bed and saves its step
// summary, drawn as GitHub draws it, to docs/summary.png (shown in the README).
import { join } from "node:path";
import { startBed } from "./bed.js";
import { renderSummaryInBrowser } from "./browser.js";
import { fixtureContext } from "./fixture.js";
import { REPO, runAction, visibleOutput } from "./runner.js";

const bed = await startBed();
try {
  const context = await fixtureContext(bed.dir, "parallel");
  const run = await runAction({ inputs: { ...bed.connection(), context, tags: `${bed.registry.host}/acme/app:1`, push: "true" } });
  if (run.main.code !== 0) throw new Error(visibleOutput(run.main.output));
  const drawn = await renderSummaryInBrowser(run.summary, join(REPO, "docs", "summary.png"));
  process.stdout.write(`docs/summary.png: ${drawn.charts} chart, ${drawn.bars} bars\n`);
} finally {
  await bed.stop();
}
