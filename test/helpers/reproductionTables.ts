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
      if (row.status !== "ok") return row.status as string;
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
