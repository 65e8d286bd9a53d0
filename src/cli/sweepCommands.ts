// `wrht-sim sweep`, `wrht-sim merge` and `wrht-sim plot`.
import { mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../io/atomicFile.js";
import { resultsChart, wavelengthChart } from "../plot/charts.js";
import { writeSvg } from "../plot/svg.js";
import { type Row, columnsFor, formatOf, readRows, renderRows } from "../sweep/rows.js";
import { runSweep } from "../sweep/runner.js";
import { resolveShard, shardPath } from "../sweep/shard.js";
import { type PlotSpec, type Sweep, expandSweep, readSweepFile } from "../sweep/spec.js";

function positiveInt(field: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new InputError(field, v, "an integer from 1 to 1024");
  return n;
}

async function drawPlots(sweep: Sweep, rows: Row[], dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const p of sweep.file.plots) {
    const path = join(dir, p.file);
    await writeSvg(path, resultsChart(rows, plotOptions(p)));
    written.push(path);
  }
  return written;
}

function plotOptions(p: PlotSpec) {
  return { x: p.x, y: p.y, color: p.color, facet: p.facet, logX: p.logX, logY: p.logY, title: p.title };
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
  wrht-sim sweep sweeps/ring-vs-rd-size.yaml --out-dir out
  wrht-sim sweep sweeps/ring-vs-rd-size.yaml --threads 2 --resume
  wrht-sim sweep big.yaml --shard 0/3 --out big.csv    # writes big.shard-0-of-3.csv
  wrht-sim merge -o big.csv big.shard-*-of-3.csv`,
    )
    .action(async (file: string, opts: Record<string, unknown>) => {
      const sweep = expandSweep(readSweepFile(file));
      const threads = opts.threads === undefined ? undefined : positiveInt("--threads", opts.threads);
      const shard = resolveShard(opts.shard as string | undefined, opts.shardCount as string | undefined);
      const dir = String(opts.outDir ?? ".");
      let out = resolve(dir, String(opts.out ?? sweep.file.output ?? `${sweep.file.name ?? basename(file).replace(/\.(ya?ml|json)$/i, "")}.csv`));
      formatOf(out);
      mkdirSync(dirname(out), { recursive: true });
      if (shard) out = shardPath(out, shard);
      const r = await runSweep({ sweep, out, threads, resume: opts.resume === true, shard, progress: opts.progress === true ? true : undefined });
      if (r.interrupted) {
        process.stderr.write(`wrht-sim: interrupted with ${r.resumed + r.ran} of ${r.total} points done (kept in ${r.journal}); run again with --resume\n`);
        process.exit(130);
      }
      const plots = shard ? [] : await drawPlots(sweep, r.rows, dir);
      process.stdout.write(
        `${sweep.file.name ?? file}: ${r.total} points${shard ? ` (shard ${shard.index}/${shard.count}, from ${shard.source})` : ""}, ` +
          `${r.ran} run, ${r.resumed} resumed, ${r.failed} failed -> ${r.out}${plots.length ? `, ${plots.join(", ")}` : ""}\n`,
      );
    });

  program
    .command("merge <files...>")
    .description("join the shard outputs of a sweep into one sorted file")
    .requiredOption("-o, --out <file>", "merged results, .csv or .jsonl")
    .option("--sweep <file>", "the sweep file: check that every point is present and draw its plots")
    .addHelpText("after", "\nExample:\n  wrht-sim merge -o results.csv results.shard-0-of-3.csv results.shard-1-of-3.csv results.shard-2-of-3.csv")
    .action(async (files: string[], opts: { out: string; sweep?: string }) => {
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
        const sweep = expandSweep(readSweepFile(opts.sweep));
        if (sweepHash !== undefined && sweepHash !== sweep.hash) throw new InputError("--sweep", opts.sweep, `the sweep of these results (${sweepHash})`);
        const missing = sweep.points.filter((p) => !byPoint.has(String(p.index))).map((p) => p.index);
        if (missing.length > 0) throw new InputError("merge", `${missing.length} missing points (first: ${missing.slice(0, 5).join(", ")})`, `every point of ${opts.sweep}; run the missing shards`);
        columns ??= columnsFor(sweep.axisNames);
        plotted = await drawPlots(sweep, rows, ".");
      }
      writeFileAtomic(opts.out, renderRows(rows, columns ?? [], format));
      process.stdout.write(`merged ${rows.length} points from ${files.length} files -> ${opts.out}${plotted.length ? `, ${plotted.join(", ")}` : ""}\n`);
    });

  program
    .command("plot <file>")
    .description("chart sweep results (CSV/JSONL), or wavelength use over time from a trace (JSONL)")
    .option("-o, --out <file.svg>", "the SVG to write (default: the input name with .svg)")
    .option("--x <column>", "x axis (results)")
    .option("--y <column>", "y axis (results; default time)")
    .option("--color <column>", "one line per value of this column")
    .option("--facet <column>", "one panel per value of this column")
    .option("--log-x", "logarithmic x axis")
    .option("--log-y", "logarithmic y axis")
    .option("--title <text>", "chart title")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim plot results.csv --x nodes --y time --color algorithm --log-x --log-y
  wrht-sim run -n 32 -a wrht --size 1MB --trace t.jsonl && wrht-sim plot t.jsonl -o wavelengths.svg`,
    )
    .action(async (file: string, opts: Record<string, string | boolean | undefined>) => {
      const out = String(opts.out ?? file.replace(/\.(csv|jsonl)$/i, "") + ".svg");
      if (!/\.svg$/i.test(out)) throw new InputError("--out", out, "a file name ending in .svg");
      let firstLine = "";
      try {
        firstLine = readFileSync(file, "utf8").split("\n", 1)[0];
      } catch {
        throw new InputError("plot", file, "a readable results or trace file");
      }
      if (/"type"\s*:\s*"header"/.test(firstLine)) {
        const lines = readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
        const header = lines[0];
        if (header.network?.type !== "optical-ring") throw new InputError("plot", file, "a trace of an optical ring (wavelengths exist only there)");
        await writeSvg(out, wavelengthChart(header.nodes, lines.filter((l) => l.type === "transfer")));
      } else {
        const { columns, rows } = readRows(file);
        if (!opts.x) throw new InputError("--x", undefined, `a column of ${file}: ${columns.join(", ")}`);
        const y = String(opts.y ?? "time");
        for (const [flag, c] of [["--x", opts.x], ["--y", y], ["--color", opts.color], ["--facet", opts.facet]] as const) {
          if (c !== undefined && !columns.includes(String(c))) throw new InputError(flag, c, `a column of ${file}: ${columns.join(", ")}`);
        }
        await writeSvg(out, resultsChart(rows, { x: String(opts.x), y, color: opts.color as string | undefined, facet: opts.facet as string | undefined, logX: opts.logX === true, logY: opts.logY === true, title: opts.title as string | undefined }));
      }
      process.stdout.write(`wrote ${out}\n`);
    });
}
