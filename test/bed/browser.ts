// Renders a step summary as GitHub shows it (markdown to HTML, mermaid blocks drawn by mermaid
// itself) in Debian's headless Chromium, driven by playwright-core.
import { join } from "node:path";
import { marked } from "marked";
import { chromium } from "playwright-core";
import { REPO } from "./runner.js";

export interface RenderedSummary {
  /** One SVG per mermaid block, drawn without error. */
  readonly charts: number;
  /** Task bars drawn in the gantt charts. */
  readonly bars: number;
}

const STYLE = `
  body { font: 14px -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color: #1f2328; max-width: 1000px; }
  table { border-collapse: collapse; margin: 8px 0; }
  td, th { border: 1px solid #d1d9e0; padding: 4px 10px; }
  code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; font-size: 12px; }
  h3, h4 { margin: 18px 0 6px; }
  blockquote { color: #59636e; border-left: 4px solid #d1d9e0; margin: 0; padding: 0 12px; }`;

const DRAW_CHARTS = `(async () => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", gantt: { useWidth: 1000 } });
  const blocks = [...document.querySelectorAll("code.language-mermaid")];
  for (const [i, block] of blocks.entries()) {
    const { svg } = await mermaid.render("chart" + i, block.textContent);
    const holder = document.createElement("div");
    holder.innerHTML = svg;
    block.parentElement.replaceWith(holder);
  }
  return blocks.length;
})()`;

export async function renderSummaryInBrowser(markdown: string, screenshot?: string): Promise<RenderedSummary> {
  const html = await marked.parse(markdown);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.setContent(`<!doctype html><html><head><style>${STYLE}</style></head><body>${html}</body></html>`);
    await page.addScriptTag({ path: join(REPO, "node_modules", "mermaid", "dist", "mermaid.min.js") });
    // mermaid.render rejects on any syntax error, and the test with it. Browser-side code, as text.
    const charts = await page.evaluate<number>(DRAW_CHARTS);
    const bars = await page.locator("svg rect.task").count();
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return { charts, bars };
  } finally {
    await browser.close();
  }
}
