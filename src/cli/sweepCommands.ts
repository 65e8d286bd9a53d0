// `wrht-sim sweep`, `wrht-sim merge` and `wrht-sim plot`.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { loadFileAlgorithms } from "../import/scheduleSource.js";
import { algorithmsNamed } from "../sweep/spec.js";
import { InputError } from "../core/errors.js";
import { closestName } from "../core/suggest.js";
import { writeFileAtomic } from "../io/atomicFile.js";
import { firstAndLastLines } from "../io/lines.js";
import { flagName } from "../validation/fields.js";
import { progressBar } from "./progress.js";
import type { Row } from "../sweep/rows.js";
import type { PlotSpec, Sweep, SweepFile } from "../sweep/spec.js";
import { parseSeeds } from "../core/seedStats.js";
// the sweep machinery (thread pool, YAML, CSV) loads only for the commands that use it
const rowsModule = () => import("../sweep/rows.js");
const specModule = () => import("../sweep/spec.js");

function positiveInt(field: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new InputError(field, v, "an integer from 1 to 1024");
  return n;
}

/** A path as the user should read it: relative to the working directory when inside it. */
function shown(p: string): string {
  const rel = relative(process.cwd(), resolve(p));
  return rel.startsWith("..") || isAbsolute(rel) ? resolve(p) : rel;
}

/** Draws the sweep's plots next to the results file (over seeds: means in a band); returns their paths. */
async function drawPlots(sweep: Sweep, rows: Row[], dir: string): Promise<string[]> {
  const { resultsChart } = await import("../plot/charts.js");
  const { writeSvg } = await import("../plot/svg.js");
  const { SEED_AXIS } = await import("../sweep/seedSummary.js");
  const written: string[] = [];
  const spreadOver = sweep.axisNames.includes(SEED_AXIS) ? SEED_AXIS : undefined;
  for (const p of sweep.file.plots) {
    const path = join(dir, p.file);
    const chart = resultsChart(rows, { ...plotOptions(p), fixed: sweep.file.base, spreadOver });
    for (const w of chart.warnings) process.stderr.write(`wrht-sim: ${p.file}: ${w}\n`);
    await writeSvg(path, chart.spec);
    written.push(path);
  }
  return written;
}

/** A sweep over seeds: the summary next to the results (mean, p50, p99 per point of the other axes); its path, or undefined. */
async function writeSeedSummary(sweep: Sweep, rows: Row[], out: string): Promise<string | undefined> {
  const { SEED_AXIS, summarizeSeeds, summaryColumns, summaryPath } = await import("../sweep/seedSummary.js");
  const { formatOf, renderRows } = await rowsModule();
  if (!sweep.axisNames.includes(SEED_AXIS)) return undefined;
  const path = summaryPath(out);
  const summary = summarizeSeeds(rows, sweep.axisNames, sweep.training);
  writeFileAtomic(path, renderRows(summary, summaryColumns(sweep.axisNames, sweep.training), formatOf(out)));
  return path;
}

/** `--seeds 1..100`: the sweep gets a seed axis (the last, so it varies fastest). */
function withSeeds(file: SweepFile, seeds: unknown): SweepFile {
  if (seeds === undefined) return file;
  const list = parseSeeds(String(seeds));
  if (!list) throw new InputError("--seeds", seeds, "a range FIRST..LAST or a list of distinct whole numbers from 0 to 4294967295 (at most 100,000)");
  if ("seed" in file.axes || "seed" in file.base) throw new InputError("--seeds", seeds, "a sweep without its own seed", `--seeds: the sweep file sets seed itself (in ${"seed" in file.axes ? "axes" : "base"}); drop one of them`);
  return { ...file, axes: { ...file.axes, seed: list } };
}

function plotOptions(p: PlotSpec) {
  return { x: p.x, y: p.y, color: p.color, facet: p.facet, logX: p.logX, logY: p.logY, title: p.title };
}

/** `--where col=a,b` filters, all of which a row must pass. */
function whereFilter(specs: string[], columns: string[], file: string, parse: (column: string, text: string) => number | string): (r: Row) => boolean {
  const tests = specs.map((spec) => {
    const eq = spec.indexOf("=");
    const column = eq < 0 ? "" : spec.slice(0, eq).trim();
    if (eq < 0 || !columns.includes(column)) throw new InputError("--where", spec, `COLUMN=VALUE[,VALUE...] with a column of ${file}: ${columns.join(", ")}`);
    const wanted = spec.slice(eq + 1).split(",").map((v) => parse(column, v.trim()));
    return (r: Row) => wanted.some((w) => w === parse(column, String(r[column] ?? "")));
  });
  return (r) => tests.every((t) => t(r));
}

export function sweepCommands(program: Command): void {
  program
    .command("sweep <file>")
    .description("run a sweep file (JSON or YAML) of axes over any setting, in parallel")
    .option("-o, --out <file>", "results file, .csv or .jsonl (default: the sweep's output, or <name>.csv)")
    .option("--out-dir <dir>", "directory for the results and plots (default .)")
    .option("-t, --threads <n>", "worker threads (default: the number of cores)")
    .option("--resume", "skip points an interrupted run already finished")
    .option("--shard <i/n>", "run every n-th point starting at i (also read from Slurm and Kubernetes variables)")
    .option("--shard-count <n>", "number of shards of a Kubernetes Indexed Job (with JOB_COMPLETION_INDEX)")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .option("--seeds <range>", "add a seed axis, e.g. 1..100 (with jitter or random faults): also writes <out>.summary.csv (mean, p50, p99 per point of the other axes); plots show the mean in a 5-95% band")
    .addHelpText(
      "after",
      `
Sweep file (YAML or JSON):
  name: ring-vs-rd
  base: { preset: paper-optical }
  axes:
    algorithm: [ring, rd]                  # a list
    size: { log: [1MB, 1GB], points: 13 }  # a log range (also: { from, to, step } or { from, to, points })
  zip: []                                  # axes that vary together, e.g. [[alpha, hopLatency]]
  plots:
    - { file: ring-vs-rd.svg, x: size, y: time, color: algorithm, logX: true, logY: true }

Examples:
  wrht-sim sweep sweeps/ring-vs-rd-size.yaml --out-dir out    # -> out/ring-vs-rd-size.csv, out/ring-vs-rd-size.svg
  wrht-sim sweep sweeps/ring-vs-rd-size.yaml --out-dir out --threads 2 --resume
  wrht-sim sweep sweeps/rd-ring-wavelengths.yaml --shard 0/2 --out rd.csv    # writes rd.shard-0-of-2.csv
  wrht-sim sweep sweeps/rd-ring-wavelengths.yaml --shard 1/2 --out rd.csv    # writes rd.shard-1-of-2.csv
  wrht-sim merge -o rd.csv rd.shard-*-of-2.csv --sweep sweeps/rd-ring-wavelengths.yaml`,
    )
    .action(async (file: string, opts: Record<string, unknown>) => {
      const { expandSweep, readSweepFile } = await specModule();
      const { formatOf } = await rowsModule();
      const { runSweep } = await import("../sweep/runner.js");
      const { resolveShard, shardPath } = await import("../sweep/shard.js");
      const parsed = withSeeds(readSweepFile(file), opts.seeds);
      // file: algorithms are loaded (and checked) before the points are
      await loadFileAlgorithms(algorithmsNamed(parsed.base.algorithm, parsed.axes.algorithm));
      const sweep = expandSweep(parsed);
      const threads = opts.threads === undefined ? undefined : positiveInt("--threads", opts.threads);
      const shard = resolveShard(opts.shard as string | undefined, opts.shardCount as string | undefined);
      const dir = String(opts.outDir ?? ".");
      let out = resolve(dir, String(opts.out ?? sweep.file.output ?? `${sweep.file.name ?? basename(file).replace(/\.(ya?ml|json)$/i, "")}.csv`));
      formatOf(out);
      mkdirSync(dirname(out), { recursive: true });
      if (shard) out = shardPath(out, shard);
      const bar = progressBar(sweep.points.length, "sweep", opts.progress === true ? true : undefined);
      let r;
      try {
        r = await runSweep({ sweep, out, threads, resume: opts.resume === true, shard, onPoint: (_done, _total, label) => bar.tick(label) });
      } finally {
        bar.stop();
      }
      if (r.interrupted) {
        process.stderr.write(`wrht-sim: interrupted with ${r.resumed + r.ran} of ${r.total} points done (kept in ${r.journal}); run again with --resume\n`);
        process.exit(130);
      }
      // plots go next to the results file
      const plots = shard ? [] : await drawPlots(sweep, r.rows, dirname(out));
      const summary = shard ? undefined : await writeSeedSummary(sweep, r.rows, out);
      if (summary) plots.unshift(summary);
      const notOk = r.rows.filter((row) => row.status !== "ok").length;
      process.stdout.write(
        `${sweep.file.name ?? file}: ${r.total} points${shard ? ` (shard ${shard.index}/${shard.count}, from ${shard.source})` : ""}, ` +
          `${r.ran} run, ${r.resumed} resumed, ${notOk} failed or infeasible -> ${shown(r.out)}${plots.length ? `, ${plots.map(shown).join(", ")}` : ""}\n`,
      );
    });

  program
    .command("merge <files...>")
    .description("join the shard outputs of a sweep into one sorted file")
    .requiredOption("-o, --out <file>", "merged results, .csv or .jsonl")
    .option("--sweep <file>", "the sweep file: check that every point is present and draw its plots")
    .option("--seeds <range>", "the --seeds the shards ran with (with --sweep)")
    .addHelpText(
      "after",
      `
Examples (after the --shard examples of wrht-sim sweep --help):
  wrht-sim merge -o rd.csv rd.shard-0-of-2.csv rd.shard-1-of-2.csv    # -> rd.csv
  wrht-sim merge -o rd.csv rd.shard-0-of-2.csv rd.shard-1-of-2.csv --sweep sweeps/rd-ring-wavelengths.yaml    # also checks every point and draws the plots`,
    )
    .action(async (files: string[], opts: { out: string; sweep?: string; seeds?: string }) => {
      const { columnsFor, formatOf, readRows, renderRows } = await rowsModule();
      const { expandSweep, readSweepFile } = await specModule();
      const format = formatOf(opts.out);
      let columns: string[] | undefined;
      const byPoint = new Map<string, Row>();
      let sweepHash: unknown;
      for (const f of files) {
        if (formatOf(f) !== format) throw new InputError("merge", f, `${format.toUpperCase()} files like --out ${opts.out}`);
        const { columns: cols, rows } = readRows(f);
        if (columns && cols.join(",") !== columns.join(",")) throw new InputError("merge", f, `a file with the columns of ${files[0]}`);
        columns ??= cols;
        for (const r of rows) {
          sweepHash ??= r.sweep;
          if (r.sweep !== sweepHash) throw new InputError("merge", f, `rows of sweep ${sweepHash}, not ${r.sweep}`);
          const key = String(r.point);
          const prev = byPoint.get(key);
          if (prev && JSON.stringify(prev) !== JSON.stringify(r)) throw new InputError("merge", `${f} point ${key}`, "the same result wherever the point appears");
          byPoint.set(key, r);
        }
      }
      const rows = [...byPoint.values()];
      let plotted: string[] = [];
      if (opts.sweep) {
        const sweep = expandSweep(withSeeds(readSweepFile(opts.sweep), opts.seeds));
        if (sweepHash !== undefined && sweepHash !== sweep.hash) throw new InputError("--sweep", opts.sweep, `the sweep of these results (${sweepHash})`);
        const missing = sweep.points.filter((p) => !byPoint.has(String(p.index))).map((p) => p.index);
        if (missing.length > 0) throw new InputError("merge", `${missing.length} missing points (first: ${missing.slice(0, 5).join(", ")})`, `every point of ${opts.sweep}; run the missing shards`);
        columns ??= columnsFor(sweep.axisNames, sweep.namesCollective, sweep.training, sweep.faulty);
        plotted = await drawPlots(sweep, rows, dirname(resolve(opts.out)));
        const summary = await writeSeedSummary(sweep, rows, opts.out);
        if (summary) plotted.unshift(summary);
      }
      writeFileAtomic(opts.out, renderRows(rows, columns ?? [], format));
      process.stdout.write(`merged ${rows.length} points from ${files.length} files -> ${shown(opts.out)}${plotted.length ? `, ${plotted.map(shown).join(", ")}` : ""}\n`);
    });

  program
    .command("plot <file>")
    .description("chart sweep or compare results (CSV/JSONL), or wavelength use over time from a trace (JSONL)")
    .option("-o, --out <file.svg>", "the SVG to write (default: the input name with .svg)")
    .option("--x <column>", "x axis (results)")
    .option("--y <column>", "y axis (results; default time)")
    .option("--color <column>", "one line per value of this column")
    .option("--facet <column>", "one panel per value of this column")
    .option("--where <column=values>", "keep only rows whose column holds one of the comma-separated values (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
    .option("--log-x", "logarithmic x axis")
    .option("--log-y", "logarithmic y axis")
    .option("--title <text>", "chart title")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim plot docs/figures/wrht-ring-regime.csv --x size --color algorithm --facet nodes --log-x --log-y -o regime.svg
  wrht-sim plot docs/figures/ring-vs-rd-size.csv --x size --color algorithm --where preset=paper-optical --log-x --log-y -o optical.svg
  wrht-sim run -n 32 -a wrht --size 1MB --trace t.jsonl && wrht-sim plot t.jsonl -o wavelengths.svg`,
    )
    .action(async (file: string, opts: Record<string, unknown>) => {
      const out = String(opts.out ?? file.replace(/\.(csv|jsonl)$/i, "") + ".svg");
      if (!/\.svg$/i.test(out)) throw new InputError("--out", out, "a file name ending in .svg");
      if (!existsSync(file)) throw new InputError("plot", file, "a readable results or trace file");
      const { writeSvg } = await import("../plot/svg.js");
      const { first } = firstAndLastLines(file);
      if (/"type"\s*:\s*"header"/.test(first)) {
        for (const flag of ["x", "y", "color", "facet", "where", "logX", "logY"]) {
          if (opts[flag] !== undefined) throw new InputError(flagName(flag), opts[flag], "no such option for a trace", `${flagName(flag)}: a trace is drawn as wavelength use over time; ${flagName(flag)} applies to results files`);
        }
        const { traceChart } = await import("../plot/traceChart.js");
        const size = statSync(file).size;
        // a big trace takes seconds to stream: show it on a terminal
        const bar = progressBar(Math.ceil(size / 2 ** 20), "plot", size > 64 * 2 ** 20 && process.stderr.isTTY === true, "MiB");
        let chart;
        try {
          chart = traceChart(file, (bytes) => bar.update(Math.floor(bytes / 2 ** 20)));
        } finally {
          bar.stop();
        }
        process.stderr.write(`wrht-sim: ${chart.note}\n`);
        if (opts.title) (chart.spec as { title: { text: string } }).title.text = String(opts.title);
        await writeSvg(out, chart.spec);
      } else {
        const { parseColumnValue, resultsChart } = await import("../plot/charts.js");
        const { readRows } = await rowsModule();
        const { columns, rows } = readRows(file);
        if (!opts.x) throw new InputError("--x", undefined, "a column", `--x: say which column goes on the x axis, one of ${columns.join(", ")}`);
        const y = String(opts.y ?? "time");
        for (const [flag, c] of [["--x", opts.x], ["--y", y], ["--color", opts.color], ["--facet", opts.facet]] as const) {
          if (c !== undefined && !columns.includes(String(c))) throw new InputError(flag, c, `a column of ${file}: ${columns.join(", ")}`, undefined, closestName(String(c), columns));
        }
        const keep = whereFilter((opts.where as string[] | undefined) ?? [], columns, file, parseColumnValue);
        const chosen = rows.filter(keep);
        if (chosen.length === 0) throw new InputError("--where", (opts.where as string[]).join(" "), `a filter some row of ${file} passes`);
        const chart = resultsChart(chosen, {
          x: String(opts.x), y, color: opts.color as string | undefined, facet: opts.facet as string | undefined,
          logX: opts.logX === true, logY: opts.logY === true, title: opts.title as string | undefined,
        });
        for (const w of chart.warnings) process.stderr.write(`wrht-sim: warning: ${w}\n`);
        await writeSvg(out, chart.spec);
      }
      process.stdout.write(`wrote ${out}\n`);
    });
}
