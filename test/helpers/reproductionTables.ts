// The tables of docs/REPRODUCTION.md that are read off a sweep's results: each is rebuilt here
// from the committed CSV (which the sweep test proves the sweep regenerates byte for byte), so a
// number in the document is exactly what the command next to it computes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { csvParse } from "d3-dsv";

const FIGURES = join(__dirname, "..", "..", "docs", "figures");

export const MODEL_NAMES: Record<string, string> = {
  alexnet: "AlexNet", vgg16: "VGG16", resnet50: "ResNet50", googlenet: "GoogLeNet", "bert-base": "BERT-base", "bert-large": "BERT-large", "gpt2-xl": "GPT-2 XL",
};

/** Three significant digits below 1,000, whole numbers with thousands separators above. */
export function reading(v: number): string {
  return v >= 1000 ? Math.round(v).toLocaleString("en-US") : String(Number(v.toPrecision(3)));
}

export interface PivotColumn {
  label: string;
  /** Column values a row must hold. */
  where: Record<string, string>;
  /** The column read (default the table's). */
  value?: string;
}

export interface PivotTable {
  /** The line just above the table in the document. */
  after: string;
  csv: string;
  rows: string;
  value: string;
  scale: number;
  columns: PivotColumn[];
}

/** The Markdown table of `t`, one row per value of its row column in CSV order. */
export function pivot(t: PivotTable): string {
  const data = csvParse(readFileSync(join(FIGURES, t.csv), "utf8"));
  const keys = [...new Set(data.map((r) => r[t.rows] as string))];
  const lines = [`| ${t.rows} | ${t.columns.map((c) => c.label).join(" | ")} |`, `| ${["", ...t.columns].map(() => "---").join(" | ")} |`];
  for (const key of keys) {
    const cells = t.columns.map((c) => {
      const row = data.find((r) => r[t.rows] === key && Object.entries(c.where).every(([k, v]) => r[k] === v));
      if (!row) throw new Error(`${t.csv}: no row for ${key} ${JSON.stringify(c.where)}`);
      // a seed summary has no status: its statistics are over the seeds that ran
      if (row.status !== undefined && row.status !== "ok") return row.status as string;
      if (row.refused !== undefined && Number(row.refused) > 0) {
        return Number(row.seeds) === 0 ? "refused" : `${reading(Number(row[c.value ?? t.value]) / t.scale)} (${row.refused} refused)`;
      }
      return reading(Number(row[c.value ?? t.value]) / t.scale);
    });
    lines.push(`| ${MODEL_NAMES[key] ?? key} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

const across = (presets: [string, string][], algorithms: [string, string][]): PivotColumn[] =>
  presets.flatMap(([preset, side]) => algorithms.map(([a, label]) => ({ label: `${side} ${label}`, where: { preset, algorithm: a } })));

const SIDES: [string, string][] = [["paper-optical", "optical"], ["paper-electrical", "electrical"]];

export const REPRODUCTION_TABLES: PivotTable[] = [
  {
    after: "**DDP** (`sweeps/training-ddp.yaml`, iteration time, ms; per node: optical 12.8 Tb/s, electrical 100 Gb/s):",
    csv: "training-ddp.csv",
    rows: "model",
    value: "iteration",
    scale: 1e-3,
    columns: [
      ...across(SIDES, [["wrht", "WRHT"], ["ring", "Ring"], ["hring", "hring"], ["bt", "BT"], ["rd", "RD"], ["hd", "HD"]]),
      { label: "compute", where: { preset: "paper-optical", algorithm: "wrht" }, value: "compute" },
    ],
  },
  {
    after: "**FSDP** (`sweeps/training-fsdp.yaml`, iteration time, ms; per node: optical 12.8 Tb/s, electrical 100 Gb/s):",
    csv: "training-fsdp.csv",
    rows: "model",
    value: "iteration",
    scale: 1e-3,
    columns: [
      ...across(SIDES, [["wrht", "WRHT"], ["ring", "Ring"], ["rd+rh", "RD+RH"]]),
      { label: "compute", where: { preset: "paper-optical", algorithm: "wrht" }, value: "compute" },
    ],
  },
  {
    after: "**DDP at equal per-node bandwidth** (`sweeps/training-ddp-equal-bandwidth.yaml`, iteration time, ms; electrical star, 128 ports of 100 Gb/s per node):",
    csv: "training-ddp-equal-bandwidth.csv",
    rows: "model",
    value: "iteration",
    scale: 1e-3,
    columns: [["wrht", "WRHT"], ["ring", "Ring"], ["hring", "hring"], ["bt", "BT"], ["rd", "RD"], ["hd", "HD"]].map(([a, label]) => ({ label: `electrical ${label}`, where: { algorithm: a } })),
  },
  {
    after: "**FSDP at equal per-node bandwidth** (`sweeps/training-fsdp-equal-bandwidth.yaml`, iteration time, ms; electrical star, 128 ports of 100 Gb/s per node):",
    csv: "training-fsdp-equal-bandwidth.csv",
    rows: "model",
    value: "iteration",
    scale: 1e-3,
    columns: [["wrht", "WRHT"], ["ring", "Ring"], ["rd+rh", "RD+RH"]].map(([a, label]) => ({ label: `electrical ${label}`, where: { algorithm: a } })),
  },
];

const byColumn = (column: string, values: string[], labels: string[] = values): PivotColumn[] => values.map((v, i) => ({ label: labels[i], where: { [column]: v } }));
const CUTS = ["whole ring", "one cut (511|512)", "two cuts (255|256, 767|768)"];
const BAND = ["0 of 64 lost", "1 (1.6%)", "3 (4.7%)", "6 (9.4%)", "13 (20%)", "19 (30%)", "32 (50%)"];
const SLOW = ["100:1", "100:1.1", "100:1.5", "100:2", "100:3", "100:4"];
const RATES = ["wavelength:0.001", "wavelength:0.003", "wavelength:0.01", "wavelength:0.03", "wavelength:0.1"];
const SIGMAS = ["lognormal:0.05", "lognormal:0.1", "lognormal:0.2", "lognormal:0.3", "lognormal:0.5"];

/** Section 15's tables: rows by algorithm, columns by the fault's setting. */
export const FAULT_TABLES: PivotTable[] = [
  { after: "**Cuts, one all-reduce** (`sweeps/faults-cuts.yaml`, ms):", csv: "faults-cuts.csv", rows: "algorithm", value: "time", scale: 1e-3, columns: byColumn("label", CUTS) },
  { after: "**Cuts, a DDP iteration** (`sweeps/faults-cuts-ddp.yaml`, iteration, ms):", csv: "faults-cuts-ddp.csv", rows: "algorithm", value: "iteration", scale: 1e-3, columns: byColumn("label", CUTS) },
  { after: "**The same wavelengths lost on every link, one all-reduce** (`sweeps/faults-lost-band.yaml`, ms):", csv: "faults-lost-band.csv", rows: "algorithm", value: "time", scale: 1e-3, columns: byColumn("label", BAND) },
  { after: "**The same, a DDP iteration** (`sweeps/faults-lost-band-ddp.yaml`, iteration, ms):", csv: "faults-lost-band-ddp.csv", rows: "algorithm", value: "iteration", scale: 1e-3, columns: byColumn("label", BAND) },
  {
    after: "**Link wavelengths lost at random, one all-reduce** (`sweeps/faults-lost-random.yaml`, mean over 10 seeds, ms; each (directed link, wavelength) lost with the probability shown):",
    csv: "faults-lost-random.summary.csv", rows: "algorithm", value: "timeMean", scale: 1e-3, columns: byColumn("faultRate", RATES, RATES.map((r) => r.replace("wavelength:", ""))),
  },
  { after: "**One straggler, one all-reduce** (`sweeps/faults-straggler.yaml`, ms; node 100's factor):", csv: "faults-straggler.csv", rows: "algorithm", value: "time", scale: 1e-3, columns: byColumn("slow", SLOW, SLOW.map((x) => `x${x.split(":")[1]}`)) },
  { after: "**One straggler, a DDP iteration** (`sweeps/faults-straggler-ddp.yaml`, iteration, ms; node 100's transfers and compute):", csv: "faults-straggler-ddp.csv", rows: "algorithm", value: "iteration", scale: 1e-3, columns: byColumn("slow", SLOW, SLOW.map((x) => `x${x.split(":")[1]}`)) },
  {
    after: "**Jitter, one all-reduce** (`sweeps/faults-jitter.yaml`, mean over 10 seeds, ms; lognormal sigma):",
    csv: "faults-jitter.summary.csv", rows: "algorithm", value: "timeMean", scale: 1e-3, columns: byColumn("jitter", SIGMAS, SIGMAS.map((x) => x.replace("lognormal:", ""))),
  },
  {
    after: "**Jitter, one all-reduce, 99th percentile** (the same runs, ms):",
    csv: "faults-jitter.summary.csv", rows: "algorithm", value: "timeP99", scale: 1e-3, columns: byColumn("jitter", SIGMAS, SIGMAS.map((x) => x.replace("lognormal:", ""))),
  },
  {
    after: "**Jitter on transfers and compute, a DDP iteration** (`sweeps/faults-jitter-ddp.yaml`, mean over 5 seeds, iteration, ms):",
    csv: "faults-jitter-ddp.summary.csv", rows: "algorithm", value: "iterationMean", scale: 1e-3, columns: byColumn("jitter", SIGMAS, SIGMAS.map((x) => x.replace("lognormal:", ""))),
  },
];

/** The table that follows the line `after` in `doc`, as written. */
export function tableAfter(doc: string, after: string): string | undefined {
  const lines = doc.split("\n");
  const at = lines.indexOf(after);
  if (at < 0) return undefined;
  let i = at + 1;
  while (lines[i] === "") i++;
  const table: string[] = [];
  for (; i < lines.length && lines[i].startsWith("|"); i++) table.push(lines[i]);
  return table.join("\n");
}
