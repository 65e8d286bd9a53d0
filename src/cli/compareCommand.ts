// `wrht-sim compare`: algorithms x workloads on one or more networks.
import type { Command } from "commander";
import { algorithmNames } from "../algorithms/index.js";
import { flagName } from "../validation/fields.js";
import { type CompareRow, allWorkloads, compare } from "../compare.js";
import { writeFileAtomic } from "../io/atomicFile.js";
import { writeSvg } from "../plot/svg.js";
import { comparisonChart } from "../plot/charts.js";
import { formatBytes, formatTime, parseBytes } from "../units.js";
import { addNetworkOptions, simulationSettings } from "./runCommand.js";
import { progressBar } from "./progress.js";
import { formatTable } from "./table.js";

export const DEFAULT_COMPARE_NETWORKS = ["paper-optical", "paper-electrical"];

export function compareCommand(program: Command): void {
  addNetworkOptions(program.command("compare").description("compare algorithms across workloads and networks, with WRHT's reduction against each"))
    .option("--networks <list>", "presets or network types, comma-separated (default paper-optical,paper-electrical)")
    .option("--algorithms <list>", `comma-separated (default ${algorithmNames().join(",")})`)
    .option("--models <list>", "DNN models, comma-separated, or all (default all)")
    .option("--sizes <list>", "vector sizes instead of models, e.g. 1MB,100MB,1GB")
    .option("--dtype <type>", "fp32 | fp16 | bf16 | fp64 | fp8 | int8 (default fp32)")
    .option("--json", "print rows as a JSON array")
    .option("--csv", "print rows as CSV")
    .option("--markdown", "print a Markdown table")
    .option("--plot <file.svg>", "write a chart of time per workload, algorithm and network")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim compare                                  # 1024-node optical ring vs electrical star, DNN catalogue
  wrht-sim compare --networks paper-optical --sizes 1MB,10MB,100MB,1GB --markdown
  wrht-sim compare --networks optical-ring,leaf-spine --nodes 256 --algorithms wrht,ring,hd --csv
  wrht-sim compare --plot comparison.svg`,
    )
    .action(async (opts: Record<string, unknown>) => {
      const list = (v: unknown) => String(v).split(",").map((s) => s.trim()).filter(Boolean);
      const workloads =
        opts.sizes !== undefined
          ? list(opts.sizes).map((value) => (parseBytes(value, "--sizes"), { kind: "size" as const, value }))
          : opts.models === undefined || opts.models === "all"
            ? allWorkloads()
            : list(opts.models).map((value) => ({ kind: "model" as const, value }));
      const networks = opts.networks === undefined ? DEFAULT_COMPARE_NETWORKS : list(opts.networks);
      const algorithms = opts.algorithms === undefined ? algorithmNames() : list(opts.algorithms);
      const settings = simulationSettings(opts, ["networks", "algorithms", "models", "sizes", "json", "csv", "markdown", "plot"]);
      const bar = progressBar(workloads.length, "compare");
      const rows = compare({ networks, algorithms, workloads, settings, fieldName: flagName, onRow: (r) => r.algorithm === algorithms[algorithms.length - 1] && r.network === networks[networks.length - 1] && bar.tick(r.workload) });
      bar.stop();
      if (opts.plot) await writeSvg(String(opts.plot), comparisonChart(rows));
      if (opts.json) process.stdout.write(JSON.stringify(rows) + "\n");
      else if (opts.csv) process.stdout.write(toCsv(rows));
      else if (opts.markdown) process.stdout.write(toMarkdown(rows));
      else process.stdout.write(toTable(rows) + "\n");
    });
}

const COLUMNS = ["network", "workload", "size", "algorithm", "time", "steps", "peak λ", "WRHT reduction", "algbw GB/s", "busbw GB/s"];

function cells(r: CompareRow): string[] {
  return [
    r.network,
    r.workload,
    formatBytes(r.size),
    r.algorithm + (r.algorithm === "wrht" ? ` m=${r.params.groupSize}` : ""),
    formatTime(r.time),
    String(r.steps),
    r.networkType === "optical-ring" ? String(r.peakWavelengths) : "-",
    r.wrhtReduction === null ? "-" : `${r.wrhtReduction.toFixed(2)}%`,
    (r.algbw / 1e9).toFixed(2),
    (r.busbw / 1e9).toFixed(2),
  ];
}

export function toTable(rows: CompareRow[]): string {
  return formatTable(COLUMNS, rows.map(cells));
}

export function toMarkdown(rows: CompareRow[]): string {
  const line = (c: string[]) => `| ${c.join(" | ")} |`;
  return [line(COLUMNS), line(COLUMNS.map(() => "---")), ...rows.map((r) => line(cells(r)))].join("\n") + "\n";
}

export function toCsv(rows: CompareRow[]): string {
  const head = ["network", "networkType", "nodes", "workload", "size", "algorithm", "time", "closedForm", "steps", "transfers", "peakWavelengths", "wrhtReduction", "algbw", "busbw", "params"];
  const esc = (v: unknown) => {
    const s = typeof v === "object" && v !== null ? JSON.stringify(v) : String(v ?? "");
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [head.join(","), ...rows.map((r) => head.map((h) => esc((r as unknown as Record<string, unknown>)[h])).join(","))].join("\n") + "\n";
}

export function writeCsv(path: string, rows: CompareRow[]): void {
  writeFileAtomic(path, toCsv(rows));
}
