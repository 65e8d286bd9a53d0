// The web explorer in headless Chromium against the same runs in Node: the time from opening the
// page to its result (kernel fetch, bundle start-up and simulation in the worker included), and the
// library call for the same settings. Skipped without Debian's chromium or a built dist/web.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serveStatic } from "../src/cli/webCommand.js";
import { parseRunConfig, simulateConfig } from "../src/config/runConfig.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const WEB = fileURLToPath(new URL("../web", import.meta.url));

export interface WebRow {
  run: string;
  transfers: number;
  pageSeconds: number;
  nodeSeconds: number;
}

/** Each case opened `repeats` times in a fresh page; means. Undefined when it cannot run. */
export async function webPageBenchmark(cases: { run: string; query: string; settings: Record<string, string> }[], repeats: number): Promise<WebRow[] | undefined> {
  if (!existsSync(CHROMIUM) || !existsSync(`${WEB}/index.html`)) {
    console.log(`\nWeb explorer: skipped (${existsSync(CHROMIUM) ? "dist/web is not built" : `no Chromium at ${CHROMIUM}`})`);
    return undefined;
  }
  const { chromium } = await import("playwright-core");
  const { server, url: base } = await serveStatic(WEB, "127.0.0.1", 0);
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
    const rows: WebRow[] = [];
    for (const c of cases) {
      let page = 0;
      let node = 0;
      let transfers = 0;
      for (let i = 0; i < repeats; i++) {
        const p = await browser.newPage();
        const t0 = performance.now();
        await p.goto(base + c.query);
        // the result is shown when the comparison starts
        // a function, not a string: the page's Content-Security-Policy refuses eval of strings
        await p.waitForFunction(() => {
          const { document } = globalThis as unknown as { document: { body: { dataset: { phase?: string } } } };
          return ["comparing", "idle"].includes(document.body.dataset.phase ?? "");
        }, null, { timeout: 600_000 });
        page += (performance.now() - t0) / 1000;
        await p.close();
        const t1 = performance.now();
        // what the page's worker does: the run with every transfer handed over for drawing
        transfers = simulateConfig(parseRunConfig(c.settings), { onTransfer: () => {} }).transfers;
        node += (performance.now() - t1) / 1000;
      }
      rows.push({ run: c.run, transfers, pageSeconds: page / repeats, nodeSeconds: node / repeats });
    }
    await browser.close();
    return rows;
  } finally {
    server.close();
  }
}
