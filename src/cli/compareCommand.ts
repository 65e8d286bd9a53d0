// `wrht-sim compare`: algorithms x workloads on one or more networks.
import type { Command } from "commander";
import { loadFileAlgorithms } from "../import/scheduleSource.js";
import { algorithmNames } from "../algorithms/index.js";
import { flagName } from "../validation/fields.js";
import { type CompareRow, allWorkloads, compare } from "../api/compare.js";
import { InputError, unknownName } from "../core/errors.js";
import { formatBytes, formatJoules, formatRate, formatTime, parseBytes } from "../core/units.js";
import { addNetworkOptions, noteSeed, simulationSettings, warnIfTiny } from "./runCommand.js";
import { parseSeeds } from "../core/seedStats.js";
import { DTYPES as DTYPE_BYTES } from "../config/runConfig.js";
import { type Progress, progressBar } from "./progress.js";
import { OVERLAP_NOTE } from "./trainCommand.js";
import { formatTable } from "./table.js";
import { parseCollective } from "./collectiveOption.js";
import { COLLECTIVE_NAMES } from "../core/collectives.js";
import { type TrainingRow, compareTraining } from "../api/compareTraining.js";
import { csvFormatRows } from "d3-dsv";

export const DEFAULT_COMPARE_NETWORKS = ["paper-optical", "paper-electrical"];

export function compareCommand(program: Command): void {
  addNetworkOptions(program.command("compare").description("compare algorithms across workloads and networks, each row's time against a baseline run"))
    .option("--networks <list>", "presets or network types, comma-separated, each with its own settings after colons (default paper-optical,paper-electrical)")
    .option("-c, --collective <name>", "allreduce | reducescatter | allgather | alltoall | broadcast | reduce (default allreduce)")
    .option("--algorithms <list>", `comma-separated (default: every algorithm of the collective, all-reduce ${algorithmNames().join(",")}; with --strategy every one that implements its collectives)`)
    .option("--models <list>", "DNN models, comma-separated, or all (default all)")
    .option("--sizes <list>", "vector sizes instead of models, e.g. 1MB,100MB,1GB")
    .option("--dtype <type>", "fp32 | fp16 | bf16 | fp64 | fp8 | int8 (default fp32)")
    .option("--baseline <alg@network>", "the run each row is measured against: ALGORITHM@NETWORK, or ALGORITHM@same for the row's own network (default wrht on the first optical network)")
    .option("--json", "print rows as a JSON array")
    .option("--csv", "print rows as CSV")
    .option("--markdown", "print a Markdown table")
    .option("--plot <file.svg>", "write a chart of time per workload, algorithm and network")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .option("--seeds <range>", "run every cell once per seed, e.g. 1..100 (with --jitter or --fault-rate): time is the mean, with its median and 99th percentile")
    .option("--strategy <list>", "compare training iterations instead: ddp, fsdp or both (comma-separated); rows per model, strategy, device speed and bucket size")
    .option("--device-tflops <list>", "with --strategy: device throughputs in TFLOP/s, comma-separated (default 125)")
    .option("--bucket-size <list>", "with --strategy: DDP bucket caps with units, comma-separated (default 25MiB, PyTorch's, with a 1 MiB first bucket)")
    .option("--collective-algorithms <list>", "with --strategy: per-collective algorithms for every row, e.g. allgather=rd,reducescatter=rh")
    .option("--batch <n>", "with --strategy: samples per device per iteration (default: the model's)")
    .addHelpText(
      "after",
      `
Networks: each entry of --networks is a preset or a network type, optionally followed by its own
settings as :key=value pairs (keys as the flags, without --), and :label=NAME to name its rows.
Flags such as --nodes apply to every network they can apply to; a row's network column names
the preset plus every setting that overrides it.

Examples:
  wrht-sim compare                                  # 1024-node optical ring vs electrical star, DNN catalogue
  wrht-sim compare --networks paper-optical --sizes 1MB,10MB,100MB,1GB --markdown
  wrht-sim compare --networks optical-ring,leaf-spine:leaf-size=16 --nodes 256 --algorithms wrht,ring,hd --csv
  wrht-sim compare --networks paper-optical,paper-electrical:alpha=2us --models resnet50 --baseline ring@same
  wrht-sim compare --plot comparison.svg
  wrht-sim compare --collective allgather --networks paper-optical --nodes 256 --sizes 1MB,64MB --algorithms optree,wrht,ring,ne
  wrht-sim compare --strategy ddp,fsdp --models resnet50,bert-large --algorithms wrht,ring --nodes 128 --device-tflops 100,1000
  wrht-sim compare --networks paper-optical --nodes 256 --models resnet50 --algorithms wrht,hring,hd --jitter lognormal:0.2 --seeds 1..10`,
    )
    .action(async (opts: Record<string, unknown>) => {
      exclusive(opts, ["json", "csv", "markdown"]);
      if (opts.strategy !== undefined) return void compareIterations(opts);
      for (const key of ["deviceTflops", "bucketSize", "batch", "collectiveAlgorithms"]) {
        if (opts[key] !== undefined) throw new InputError(flagName(key), opts[key], "--strategy", `${flagName(key)}: applies to training iterations; add --strategy ddp (or fsdp)`);
      }
      if (opts.models !== undefined && opts.sizes !== undefined) throw new InputError("--sizes", opts.sizes, "either --models or --sizes", `--sizes: cannot be combined with --models; a comparison runs either DNN models or vector sizes`);
      for (const key of ["preset", "network"] as const) {
        if (opts[key] !== undefined) {
          throw new InputError(flagName(key), opts[key], "--networks", `${flagName(key)}: compare takes its networks from --networks (e.g. --networks ${opts[key]},paper-electrical)`);
        }
      }
      const list = (v: unknown) => String(v).split(",").map((s) => s.trim()).filter(Boolean);
      const workloads =
        opts.sizes !== undefined
          ? list(opts.sizes).map((value) => (parseBytes(value, "--sizes"), { kind: "size" as const, value }))
          : opts.models === undefined || opts.models === "all"
            ? allWorkloads()
            : list(opts.models).map((value) => ({ kind: "model" as const, value }));
      if (workloads.length === 0) throw new InputError(opts.sizes !== undefined ? "--sizes" : "--models", "", "at least one entry");
      const networks = opts.networks === undefined ? DEFAULT_COMPARE_NETWORKS : list(opts.networks);
      const collective = parseCollective(opts.collective);
      const algorithms = opts.algorithms === undefined ? algorithmNames(collective) : list(opts.algorithms);
      await loadFileAlgorithms(algorithms);
      const settings = simulationSettings(opts, ["networks", "algorithms", "models", "sizes", "json", "csv", "markdown", "plot", "baseline", "progress", "collective", "seeds"]);
      let seeds: number[] | undefined;
      if (opts.seeds !== undefined) {
        seeds = parseSeeds(String(opts.seeds));
        if (!seeds) throw new InputError("--seeds", opts.seeds, "a range FIRST..LAST or a list of distinct whole numbers from 0 to 4294967295 (at most 100,000)");
        if (settings.seed !== undefined) throw new InputError("--seed", settings.seed, "one of --seed and --seeds", "--seed: cannot be combined with --seeds; give the range with --seeds");
      } else if (settings.jitter !== undefined || settings.faultRate !== undefined) noteSeed(settings.seed !== undefined);
      const cells = workloads.length * networks.length * algorithms.length;
      const bar = progressBar(cells, "compare", opts.progress === true ? true : undefined);
      let rows: CompareRow[];
      const warned = new Set<string>();
      try {
        rows = compare({ collective, networks, algorithms, workloads, settings, seeds, baseline: opts.baseline as string | undefined, fieldName: flagName, onRow: (r) => {
          const elements = r.size / DTYPE_BYTES[r.dtype as keyof typeof DTYPE_BYTES];
          if (!warned.has(`${r.workload}/${r.nodes}`)) warnIfTiny(elements, r.nodes, r.workload);
          warned.add(`${r.workload}/${r.nodes}`);
          bar.tick(`${r.workload} ${r.algorithm}`);
        } });
      } finally {
        bar.stop();
      }
      if (opts.plot) {
        const { writeSvg } = await import("../plot/svg.js");
        const { comparisonChart } = await import("../plot/charts.js");
        await writeSvg(String(opts.plot), comparisonChart(rows), "--plot");
      }
      if (opts.json) process.stdout.write(JSON.stringify(rows) + "\n");
      else if (opts.csv) process.stdout.write(toCsv(rows));
      else if (opts.markdown) process.stdout.write(toMarkdown(rows));
      else process.stdout.write(toTable(rows) + "\n");
    });
}

/** `compare --strategy`: training iterations across models, strategies, algorithms and networks. */
function compareIterations(opts: Record<string, unknown>): void {
  const list = (v: unknown) => String(v).split(",").map((s) => s.trim()).filter(Boolean);
  for (const key of ["sizes", "collective", "baseline", "plot", "markdown", "preset", "network"]) {
    if (opts[key] !== undefined) throw new InputError(flagName(key), opts[key], "no such setting with --strategy", `${flagName(key)}: does not apply to a comparison of training iterations (--strategy); drop it`);
  }
  if (opts.seeds !== undefined) {
    throw new InputError("--seeds", opts.seeds, "a comparison of collectives", `--seeds: summarises comparisons of collectives; for training iterations over seeds, sweep them (wrht-sim sweep FILE --seeds ${opts.seeds}, with strategy in the file)`);
  }
  const strategies = list(opts.strategy);
  for (const s of strategies) if (s !== "ddp" && s !== "fsdp") throw unknownName("--strategy", s, ["ddp", "fsdp"], "ddp, fsdp or both, comma-separated");
  const models = opts.models === undefined || opts.models === "all" ? allWorkloads().map((w) => w.value) : list(opts.models);
  let bar: Progress | undefined;
  let rows: TrainingRow[];
  try {
    rows = compareTraining({
      networks: opts.networks === undefined ? DEFAULT_COMPARE_NETWORKS : list(opts.networks),
      models,
      strategies: strategies as ("ddp" | "fsdp")[],
      algorithms: opts.algorithms === undefined ? undefined : list(opts.algorithms),
      collectiveAlgorithms: opts.collectiveAlgorithms as string | undefined,
      deviceTflops: opts.deviceTflops === undefined ? undefined : list(opts.deviceTflops),
      bucketSizes: opts.bucketSize === undefined ? undefined : list(opts.bucketSize),
      settings: simulationSettings(opts, ["networks", "algorithms", "models", "json", "csv", "progress", "strategy", "deviceTflops", "bucketSize", "collectiveAlgorithms"]),
      fieldName: flagName,
      onCells: (n) => (bar = progressBar(n, "compare", opts.progress === true ? true : undefined)),
      onRow: (r) => bar?.tick(`${r.model} ${r.strategy} ${r.algorithm}`),
    });
  } finally {
    bar?.stop();
  }
  if (opts.json) return void process.stdout.write(JSON.stringify(rows) + "\n");
  if (opts.csv) {
    const columns = TRAINING_CSV_COLUMNS;
    return void process.stdout.write(csvFormatRows([[...columns], ...rows.map((r) => columns.map((c) => (r[c] === null ? "" : String(r[c]))))]) + "\n");
  }
  const t = (v: number | null) => (v === null ? "-" : formatTime(v));
  const table = formatTable(
    ["network", "per node", "model", "strategy", "algorithm", "TFLOP/s", "buckets", "iteration", "compute", "exposed", "overlap", "reduction"],
    rows.map((r) => [
      r.network, formatRate(r.injectionBandwidth), r.model, r.strategy, r.algorithm, String(r.deviceTflops), r.bucketSize ?? "-", r.status === "ok" ? t(r.iteration) : r.status,
      t(r.compute), t(r.exposed), t(r.overlap), r.reduction === null ? "-" : `${r.reduction.toFixed(2)}%`,
    ]),
  );
  const baseline = rows.find((r) => r.baseline !== null)?.baseline;
  const note = baseline
    ? `reduction: the iteration time ${baseline} saves against the row (same model, strategy, device speed and buckets), 100 x (1 - T(${baseline}) / T(row))`
    : "reduction: none (no baseline: WRHT on an optical network is not among the rows)";
  const infeasible = rows.filter((r) => r.status !== "ok").map((r) => `${r.status}: ${r.network} / ${r.model} / ${r.algorithm}: ${r.error}`);
  process.stdout.write(
    [
      table, "", note,
      "per node: the bandwidth one node can inject at once (optical: every wavelength of both directions; electrical: its ports, one by default, --ports for more)",
      `exposed: the iteration minus compute (time the device waits for the network); ${OVERLAP_NOTE}`,
      ...infeasible,
    ].join("\n") + "\n",
  );
}

/** CSV columns of `compare --strategy` (units in docs/MODEL.md: seconds, bytes, bits/s, percent). */
export const TRAINING_CSV_COLUMNS = [
  "network", "networkType", "nodes", "injectionBandwidth", "model", "strategy", "algorithm", "deviceTflops", "bucketSize", "bucketBytes", "status",
  "iteration", "compute", "communication", "exposed", "overlap", "energy", "energyDynamic", "energyStatic", "baseline", "reduction", "error",
] as const;

/** Refuses two output formats at once. */
export function exclusive(opts: Record<string, unknown>, flags: string[]): void {
  const given = flags.filter((f) => opts[f] !== undefined && opts[f] !== false);
  if (given.length > 1) {
    throw new InputError(flagName(given[1]), true, "one output format", `${flagName(given[1])}: cannot be combined with ${flagName(given[0])}; choose one output format`);
  }
}

const COLUMNS = ["network", "per node", "workload", "size", "algorithm", "time", "steps", "λ used", "λ needed", "reduction", "energy", "algbw GB/s", "busbw GB/s"];
/** Over seeds: the time is the mean, and its median and 99th percentile follow it. */
const SEED_COLUMNS = [...COLUMNS.slice(0, 5), "time (mean)", "p50", "p99", "seeds", ...COLUMNS.slice(6)];

function columnsOf(rows: CompareRow[]): string[] {
  return rows.some((r) => r.seeds !== undefined) ? SEED_COLUMNS : COLUMNS;
}

function cells(r: CompareRow): string[] {
  const c = plainCells(r);
  if (r.seeds === undefined) return c;
  const dash = (v: number | null | undefined) => (v == null ? "-" : formatTime(v));
  const seeds = `${r.seeds}${r.seedsRefused ? ` (${r.seedsRefused} refused)` : ""}`;
  return [...c.slice(0, 6), dash(r.timeP50), dash(r.timeP99), seeds, ...c.slice(6)];
}

function plainCells(r: CompareRow): string[] {
  const dash = (v: number | null, f: (x: number) => string = String) => (v === null ? "-" : f(v));
  if (r.status !== "ok") return [r.network, formatRate(r.injectionBandwidth), r.workload, formatBytes(r.size), r.algorithm, r.status, "-", "-", "-", "-", "-", "-", "-"];
  return [
    r.network,
    formatRate(r.injectionBandwidth),
    r.workload,
    formatBytes(r.size),
    r.algorithm + (r.algorithm === "wrht" || r.algorithm === "optree" ? ` m=${r.params.groupSize}` : r.algorithm === "chain" ? ` C=${r.params.chunks}` : ""),
    dash(r.time, formatTime),
    dash(r.steps),
    dash(r.peakWavelengths),
    dash(r.wavelengthsNeeded),
    dash(r.reduction, (x) => `${x.toFixed(2)}%`),
    r.energy === null ? "-" : `${formatJoules(r.energy)} (${Math.round((100 * (r.energyStatic as number)) / r.energy)}% static)`,
    dash(r.algbw, (x) => (x / 1e9).toFixed(2)),
    dash(r.busbw, (x) => (x / 1e9).toFixed(2)),
  ];
}

/** What the reduction column means, and the reasons of infeasible cells. */
function notes(rows: CompareRow[]): string[] {
  const out: string[] = [];
  const collective = rows[0]?.collective ?? "allreduce";
  if (collective !== "allreduce") {
    const factor = collective === "broadcast" || collective === "reduce" ? "1" : "(N-1)/N";
    out.push(`collective: ${COLLECTIVE_NAMES[collective]}; busbw = algbw x ${factor}`);
  }
  const baselines = [...new Set(rows.map((r) => r.baseline).filter((b): b is string => b !== null))];
  if (baselines.length === 1) out.push(`reduction: the time ${baselines[0]} saves against the row, 100 x (1 - T(${baselines[0]}) / T(row))`);
  else if (baselines.length > 1) out.push("reduction: the time the same algorithm saves on each row's own network (baseline column of --csv/--json), 100 x (1 - T(baseline) / T(row))");
  else out.push("reduction: none (no baseline: WRHT is not among the compared algorithms; --baseline ALGORITHM@NETWORK chooses one)");
  out.push("λ used: wavelengths first fit touched on the busiest link; λ needed: the fewest with which a lockstep run never waits for one");
  if (new Set(rows.map((r) => r.networkType === "optical-ring")).size > 1) {
    out.push("per node: the bandwidth one node can inject at once (optical: every wavelength of both directions; electrical: its ports, one by default, --ports for more); rows across networks differ in it");
  }
  if (rows.some((r) => r.seeds !== undefined)) out.push("over seeds: time is the mean of the seeds that ran, p50 its median and p99 its 99th percentile (linear between order statistics); energy the mean; a seed whose faults leave no way round is refused and counted");
  for (const r of rows) if (r.status !== "ok") out.push(`${r.status}: ${r.network} / ${r.workload} / ${r.algorithm}: ${r.error}`);
  for (const r of rows) if (r.status === "ok" && r.seedsRefused) out.push(`refused seeds: ${r.network} / ${r.workload} / ${r.algorithm}: ${r.seedsRefused}, the first: ${r.error}`);
  return out;
}

export function toTable(rows: CompareRow[]): string {
  return [formatTable(columnsOf(rows), rows.map(cells)), "", ...notes(rows)].join("\n");
}

export function toMarkdown(rows: CompareRow[]): string {
  const line = (c: string[]) => `| ${c.join(" | ")} |`;
  const columns = columnsOf(rows);
  return [line(columns), line(columns.map(() => "---")), ...rows.map((r) => line(cells(r))), "", ...notes(rows)].join("\n") + "\n";
}

/** CSV columns, in order (units in docs/MODEL.md: seconds, bytes, bytes/s, percent). */
export const CSV_COLUMNS = [
  "collective", "network", "networkType", "nodes", "injectionBandwidth", "workload", "size", "dtype", "algorithm", "status", "time", "closedForm", "steps", "transfers",
  "waitTime", "peakWavelengths", "wavelengthsNeeded", "maxHops", "energy", "energyDynamic", "energyStatic", "pjPerBit", "retunes", "baseline", "reduction", "algbw", "busbw", "params", "error",
] as const;

export function toCsv(rows: CompareRow[]): string {
  const esc = (v: unknown) => {
    const s = typeof v === "object" && v !== null ? JSON.stringify(v) : String(v ?? "");
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const columns: readonly string[] = rows.some((r) => r.seeds !== undefined) ? [...CSV_COLUMNS.slice(0, 11), "timeP50", "timeP99", "seeds", "seedsRefused", ...CSV_COLUMNS.slice(11)] : CSV_COLUMNS;
  return [columns.join(","), ...rows.map((r) => columns.map((h) => esc((r as unknown as Record<string, unknown>)[h])).join(","))].join("\n") + "\n";
}
