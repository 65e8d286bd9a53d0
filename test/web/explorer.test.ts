// The web explorer in a real headless Chromium (Debian's chromium driven by playwright-core):
// the numbers it shows against the CLI's, the drawn lightpaths against the CLI's trace, the URL
// round trip, keyboard use, bad input, console errors and the download size. Screenshots of every
// view, light and dark, land in test/output/web/ for a reviewer.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cli } from "../helpers/cli.js";
import { tmpdir } from "node:os";

const ROOT = join(__dirname, "..", "..");
const WEB = join(ROOT, "dist", "web");
const SHOTS = join(ROOT, "test", "output", "web");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const VIEWS = ["result", "plan", "ring", "occupancy", "compare"] as const;

let server: ChildProcess;
let base = "";
let browser: Browser;
/** Console errors and uncaught exceptions of every page opened. */
const problems: string[] = [];

const runJson = (args: string[]) => {
  const r = cli(["run", "--json", ...args]);
  expect(r.stderr, args.join(" ")).toBe("");
  return JSON.parse(r.stdout) as { time: number; transfers: number; steps: number };
};

async function open(query: string, scheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme: scheme });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(base + query);
  await settled(page);
  return page;
}

/** Waits until the run and the comparison are over. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.phase === "idle", null, { timeout: 240_000 });
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const v of VIEWS) {
    await page.click(`#tab-${v}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `${name}-${v}.png`), fullPage: true });
  }
}

/**
 * Steps the ring view of an open page through every step of WRHT (settings `args`, 100 MB),
 * checking each step's drawn lightpaths against the CLI's trace of the same run and against the
 * plan's levels; alternates the next button and the arrow key. Returns the step count.
 */
async function stepThroughPlan(page: Page, args: string[], shortcut: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "wrht-web-"));
  const r = cli(["run", "-a", "wrht", ...args, "--size", "100MB", "--trace", join(dir, "t.jsonl")]);
  expect(r.code).toBe(0);
  const lines = readFileSync(join(dir, "t.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const transfers = lines.filter((l) => l.type === "transfer") as { step: number; src: number; dst: number; channel: number }[];
  const steps = Math.max(...transfers.map((t) => t.step)) + 1;
  // the plan's levels: each reduce step moves the level's transfers, and so does its broadcast;
  // with the shortcut the top level is one all-to-all step
  const levelTransfers = await page.$$eval("#plan-levels tbody tr", (trs) => trs.map((tr) => Number(tr.children[4].textContent?.replace(/,/g, ""))));
  expect(levelTransfers.length * 2 - (shortcut ? 1 : 0)).toBe(steps);
  for (let s = 0; s < steps; s++) {
    const want = transfers.filter((t) => t.step === s);
    await page.waitForFunction((step) => document.getElementById("ring")?.dataset.step === String(step), s);
    const drawn = await page.$$eval("#ring g.lightpath", (gs) => gs.map((g) => `${g.getAttribute("data-src")}>${g.getAttribute("data-dst")}@${g.getAttribute("data-wavelength")}`));
    expect(drawn.length, `step ${s + 1}`).toBe(want.length);
    expect(drawn.sort(), `step ${s + 1}`).toEqual(want.map((t) => `${t.src}>${t.dst}@${t.channel}`).sort());
    expect(await page.textContent("#step-caption")).toContain(`Step ${s + 1} of ${steps}: ${want.length.toLocaleString("en-US")} lightpaths`);
    const level = s < levelTransfers.length ? s : steps - 1 - s;
    expect(want.length, `step ${s + 1} against the plan`).toBe(levelTransfers[level]);
    if (s % 2 === 0) await page.click("#step-next");
    else {
      await page.focus("#panel-ring");
      await page.keyboard.press("ArrowRight");
    }
  }
  return steps;
}

beforeAll(async () => {
  if (!existsSync(join(WEB, "index.html"))) throw new Error("dist/web is not built: run `npm run build` first");
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM`);
  mkdirSync(SHOTS, { recursive: true });
  server = spawn(process.execPath, [CLI, "web", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  base = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on("exit", (code) => reject(new Error(`wrht-sim web exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

describe("web explorer", () => {
  it("serves JavaScript and WebAssembly under 1 MB gzipped", () => {
    const files = readdirSync(WEB).filter((f) => /\.(js|wasm)$/.test(f));
    expect(files).toContain("engine.wasm");
    const gzipped = files.reduce((s, f) => s + gzipSync(readFileSync(join(WEB, f)), { level: 9 }).length, 0);
    console.log(`dist/web: ${files.length} files, ${(gzipped / 1024).toFixed(1)} KiB gzipped`);
    expect(gzipped).toBeLessThan(1e6);
  });

  it("shows WRHT on 64 nodes, and every algorithm it compares, with the CLI's times", async () => {
    const page = await open("");
    // the page's default run: WRHT, 64 nodes, 4 wavelengths, 100 MB
    const shown = Number(await page.getAttribute("#result-time", "data-seconds"));
    const settings = ["-n", "64", "-w", "4", "--size", "100MB"];
    expect(shown).toBe(runJson(["-a", "wrht", ...settings]).time);
    const rows = await page.$$eval("#compare-table tbody tr", (trs) => trs.map((tr) => [tr.getAttribute("data-algorithm"), tr.children[1].getAttribute("data-seconds")]));
    expect(rows.map((r) => r[0])).toEqual(["wrht", "ring", "hring", "bt", "rd", "hd"]);
    for (const [algorithm, seconds] of rows) expect(Number(seconds), algorithm as string).toBe(runJson(["-a", algorithm as string, ...settings]).time);
    // WRHT's reduction against each, from the CLI's times
    const wrht = Number(rows[0][1]);
    const reductions = await page.textContent('dd[data-key="WRHT\'s reduction against"]');
    for (const [algorithm, seconds] of rows.slice(1)) expect(reductions).toContain(`${algorithm} ${(100 * (1 - wrht / Number(seconds))).toFixed(2)}%`);
    await shoot(page, "wrht-64");
    // every gradient or pattern a chart fills with is one this document defines (the legends)
    const fills = await page.$$eval("svg [fill^='url(']", (els) => els.map((e) => e.getAttribute("fill") as string));
    expect(fills.length).toBeGreaterThan(0);
    for (const f of fills) expect(await page.evaluate((id) => document.getElementById(id) !== null, /^url\(#([^)]+)\)$/.exec(f)?.[1] ?? ""), f).toBe(true);
    await page.close();
    const dark = await open("", "dark");
    await shoot(dark, "wrht-64-dark");
    await dark.close();
  });

  it("runs Ring on 1,024 nodes (2.1 million transfers) with progress and a responsive page, and shows the CLI's time", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`error: ${m.text()}`);
    });
    // a probe in the page: the longest pause of the main thread while the worker simulates, and
    // whether the progress bar moved
    await page.addInitScript(() => {
      const w = window as unknown as { probe: { gap: number; progress: number; ticks: number } };
      w.probe = { gap: 0, progress: 0, ticks: 0 };
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        // from the worker's first progress report (the page's own start-up is not the simulation's)
        const bar = document.getElementById("progress") as HTMLProgressElement | null;
        if (document.body?.dataset.phase === "simulating" && bar && !bar.hidden && bar.value > 0) {
          w.probe.gap = Math.max(w.probe.gap, now - last);
          w.probe.ticks++;
          w.probe.progress = Math.max(w.probe.progress, bar.value / bar.max);
        }
        last = now;
      }, 10);
    });
    await page.goto(`${base}?algorithm=ring&nodes=1024&wavelengths=`);
    await settled(page);
    const probe = await page.evaluate(() => (window as unknown as { probe: { gap: number; progress: number; ticks: number } }).probe);
    const cli = runJson(["-a", "ring", "-n", "1024"]);
    expect(cli.transfers).toBe(2 * 1023 * 1024);
    expect(Number(await page.getAttribute("#result-time", "data-seconds"))).toBe(cli.time);
    console.log(`ring 1024 in the page: main thread's longest pause while simulating ${probe.gap.toFixed(0)} ms over ${probe.ticks} ticks; progress seen up to ${(100 * probe.progress).toFixed(0)}%`);
    expect(probe.ticks).toBeGreaterThan(3);
    expect(probe.gap).toBeLessThan(250);
    expect(probe.progress).toBeGreaterThan(0);
    // 1,024 lightpaths a step: drawn one by one; the heatmap aggregates all 2.1 million
    await page.click("#tab-ring");
    await page.waitForFunction(() => document.getElementById("ring")?.dataset.count === "1024");
    expect(await page.locator("#ring g.lightpath").count()).toBe(1024);
    await page.click("#tab-occupancy");
    expect(await page.textContent("#occupancy-note")).toContain("all 2,095,104 lightpaths aggregated");
    await shoot(page, "ring-1024");
    await page.close();
  });

  it("draws a step of a million lightpaths per link (all-to-all, direct, 1,024 nodes)", async () => {
    // reservation grants: greedy direct all-to-all on 1,024 nodes takes the engine minutes
    const page = await open("?collective=alltoall&algorithm=direct&nodes=1024&wavelengths=&size=1GB&grants=reservation&view=ring");
    const cli = runJson(["-c", "alltoall", "-a", "direct", "-n", "1024", "--size", "1GB", "--grants", "reservation"]);
    expect(cli.transfers).toBe(1024 * 1023);
    expect(Number(await page.getAttribute("#result-time", "data-seconds"))).toBe(cli.time);
    await page.waitForFunction(() => document.getElementById("ring")?.dataset.count === String(1024 * 1023));
    // aggregated: no lightpath drawn one by one, one band per link and fibre at most
    expect(await page.locator("#ring g.lightpath").count()).toBe(0);
    const bands = await page.locator("#ring path.link-load").count();
    expect(bands).toBeGreaterThan(0);
    expect(bands).toBeLessThanOrEqual(2 * 1024);
    expect(await page.textContent("#step-caption")).toContain("1,047,552 lightpaths");
    await shoot(page, "alltoall-1024");
    await page.close();
  });

  it("steps through WRHT's plan drawing the lightpaths of the CLI's trace, by buttons and keys", async () => {
    const page = await open("?view=ring");
    expect(await page.getAttribute("#tab-ring", "aria-selected")).toBe("true");
    const steps = await stepThroughPlan(page, ["-n", "64", "-w", "4"], false);
    // past the last step it wraps to the first; End jumps to the last; play advances by itself
    await page.waitForFunction(() => document.getElementById("ring")?.dataset.step === "0");
    await page.click("#step-play");
    expect(await page.getAttribute("#step-play", "aria-pressed")).toBe("true");
    await page.waitForFunction(() => document.getElementById("ring")?.dataset.step === "1", null, { timeout: 5000 });
    await page.click("#step-play");
    expect(await page.getAttribute("#step-play", "aria-pressed")).toBe("false");
    await page.focus("#panel-ring");
    await page.keyboard.press("Home");
    await page.waitForFunction(() => document.getElementById("ring")?.dataset.step === "0");
    await page.focus("#panel-ring");
    await page.keyboard.press("End");
    await page.waitForFunction((last) => document.getElementById("ring")?.dataset.step === String(last), steps - 1);
    expect(new URL(page.url()).searchParams.get("step")).toBe(String(steps));
    // tabs move with the arrow keys
    await page.focus("#tab-ring");
    await page.keyboard.press("ArrowRight");
    expect(await page.getAttribute("#tab-occupancy", "aria-selected")).toBe("true");
    expect(await page.isVisible("#panel-occupancy")).toBe(true);
    await page.close();
  });

  it("draws WRHT's top-level all-to-all step on 1,024 nodes as the plan and the trace say", async () => {
    const page = await open("?nodes=1024&wavelengths=&view=ring");
    expect(await page.textContent("#plan-levels")).toContain("all-to-all");
    expect(await stepThroughPlan(page, ["-n", "1024"], true)).toBe(3);
    await page.close();
  });

  it("restores a shared view from its URL", async () => {
    const page = await open("");
    await page.selectOption("#set-collective", "allgather");
    await page.fill("#set-nodes", "48");
    await page.fill("#set-wavelengths", "8");
    await page.fill("#set-size", "64MB");
    await page.click("#run");
    await settled(page);
    await page.click("#tab-ring");
    await page.click("#step-next");
    await page.click("#step-next");
    await page.waitForFunction(() => document.getElementById("ring")?.dataset.step === "2");
    const url = page.url();
    const time = await page.getAttribute("#result-time", "data-seconds");
    const drawn = await page.locator("#ring g.lightpath").count();
    expect(new URL(url).searchParams.get("collective")).toBe("allgather");
    expect(Number(time)).toBe(runJson(["-c", "allgather", "-a", "wrht", "-n", "48", "-w", "8", "--size", "64MB"]).time);
    const again = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    again.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await again.goto(url);
    await settled(again);
    await again.waitForFunction(() => document.getElementById("ring")?.dataset.step === "2");
    expect(await again.inputValue("#set-collective")).toBe("allgather");
    expect(await again.inputValue("#set-algorithm")).toBe("wrht");
    expect(await again.inputValue("#set-nodes")).toBe("48");
    expect(await again.inputValue("#set-size")).toBe("64MB");
    expect(await again.getAttribute("#tab-ring", "aria-selected")).toBe("true");
    expect(await again.getAttribute("#result-time", "data-seconds")).toBe(time);
    expect(await again.locator("#ring g.lightpath").count()).toBe(drawn);
    expect(await again.textContent("#step-label")).toBe(await page.textContent("#step-label"));
    await page.close();
    await again.close();
  });

  it("answers bad input with one line naming the setting, and keeps the last result", async () => {
    const page = await open("");
    const before = await page.getAttribute("#result-time", "data-seconds");
    await page.fill("#set-nodes", "12x");
    await page.click("#run");
    await settled(page);
    const error = (await page.textContent("#error")) ?? "";
    expect(error).toMatch(/^--nodes: "12x" is not accepted; expected /);
    expect(error.split("\n")).toHaveLength(1);
    expect(await page.getAttribute("#set-nodes", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#result-time", "data-seconds")).toBe(before);
    // the same line as the CLI's
    const r = cli(["run", "-n", "12x"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`wrht-sim: ${error}`);
    await page.close();
  });

  it("cancels a run of minutes at once, and runs the next", async () => {
    // greedy direct all-to-all on 512 nodes keeps the engine busy for minutes
    const page = await open("");
    const before = await page.getAttribute("#result-time", "data-seconds");
    await page.selectOption("#set-collective", "alltoall");
    await page.selectOption("#set-algorithm", "direct");
    await page.fill("#set-nodes", "512");
    await page.fill("#set-wavelengths", "");
    await page.click("#run");
    await page.waitForFunction(() => document.body.dataset.phase === "simulating");
    await page.waitForTimeout(1000);
    expect(await page.isVisible("#cancel")).toBe(true);
    // the page answers while the worker is busy
    await page.click("#tab-plan");
    expect(await page.getAttribute("#tab-plan", "aria-selected")).toBe("true");
    await page.click("#cancel");
    expect(await page.evaluate(() => document.body.dataset.phase)).toBe("idle");
    expect(await page.textContent("#status-text")).toBe("Cancelled.");
    expect(await page.getAttribute("#result-time", "data-seconds")).toBe(before);
    // and the next run, on a fresh worker, gives the CLI's time
    await page.selectOption("#set-collective", "allreduce");
    await page.selectOption("#set-algorithm", "wrht");
    await page.fill("#set-nodes", "32");
    await page.click("#run");
    await settled(page);
    expect(Number(await page.getAttribute("#result-time", "data-seconds"))).toBe(runJson(["-a", "wrht", "-n", "32", "--size", "100MB"]).time);
    await page.close();
  });

  it("labels every control and every view", async () => {
    const page = await open("");
    const unlabelled = await page.$$eval("#settings input, #settings select", (els) =>
      (els as (HTMLInputElement | HTMLSelectElement)[]).filter((e) => !e.labels?.length || !e.labels[0].textContent?.trim()).map((e) => e.id),
    );
    expect(unlabelled).toEqual([]);
    expect(await page.locator("#settings select, #settings input").count()).toBeGreaterThan(45);
    for (const v of VIEWS) {
      expect(await page.getAttribute(`#tab-${v}`, "aria-controls")).toBe(`panel-${v}`);
      expect(await page.getAttribute(`#panel-${v}`, "aria-labelledby")).toBe(`tab-${v}`);
    }
    await page.close();
  });

  it("logged no console errors or uncaught exceptions", () => {
    expect(problems).toEqual([]);
  });
});
