// The charts WRHT-Sim draws, as Vega-Lite specifications. Conventions every chart keeps:
// quantities in units people read (a time axis in us, ms or s; sizes in KB, MB or GB), numeric
// facets and legends in numeric order (others in the order the data gives them), one colour per
// algorithm in every chart, and axis ranges taken from the data.
import type { CompareRow } from "../api/compare.js";
import { COLLECTIVE_NAMES, type Collective } from "../core/collectives.js";
import { parseBandwidth, parseBytes, parseTime } from "../core/units.js";
import type { VegaLiteSpec } from "./svg.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** One colour per algorithm, the same in every chart (Tableau 10). */
export const ALGORITHM_COLORS: Readonly<Record<string, string>> = {
  wrht: "#e15759",
  ring: "#4e79a7",
  hring: "#76b7b2",
  bt: "#edc948",
  rd: "#f28e2b",
  hd: "#59a14f",
  ne: "#b07aa1",
  optree: "#3b3b3b",
  rh: "#9c755f",
  direct: "#b6992d",
  pairwise: "#8cd17d",
  bruck: "#86bcb6",
  chain: "#d37295",
};
/** Log axes span the data (a little padded), not whole decades: 64 to 1024 nodes is not 10 to 10,000. */
const LOG_SCALE = { type: "log", nice: false, padding: 8 };
const SPARE_COLORS = ["#17becf", "#bcbd22", "#7f7f7f", "#8c564b", "#e377c2", "#9467bd", "#d62728"];

/** Colour scale for the algorithm values present, in catalogue order. */
function algorithmScale(values: string[]): { domain: string[]; range: string[] } {
  const known = Object.keys(ALGORITHM_COLORS);
  const domain = [...values].sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99));
  let spare = 0;
  return { domain, range: domain.map((a) => ALGORITHM_COLORS[a] ?? SPARE_COLORS[spare++ % SPARE_COLORS.length]) };
}

/** What a column measures, for choosing a display unit. */
type Quantity = "time" | "bytes" | "rate" | "bytesPerSecond" | "energy";

const QUANTITIES: Record<string, Quantity> = {
  time: "time", closedForm: "time", waitTime: "time", alpha: "time", hopLatency: "time", switchLatency: "time",
  tuningTime: "time", regenLatency: "time", energy: "energy",
  iteration: "time", compute: "time", communication: "time", exposed: "time", overlap: "time",
  size: "bytes", bytesMoved: "bytes", bucketBytes: "bytes", bucketSize: "bytes",
  bandwidth: "rate", uplinkBandwidth: "rate",
  algbw: "bytesPerSecond", busbw: "bytesPerSecond",
};

const PLAIN_UNITS: Record<string, string> = {
  maxHopLossDb: "dB", throughDb: "dB", laserDbm: "dBm", sensitivityDbm: "dBm", reduction: "%", pjPerBit: "pJ/bit", deviceTflops: "TFLOP/s",
};

interface DisplayUnit {
  label: string;
  scale: number;
}

const UNIT_LADDERS: Record<Quantity, DisplayUnit[]> = {
  time: [{ label: "s", scale: 1 }, { label: "ms", scale: 1e-3 }, { label: "us", scale: 1e-6 }, { label: "ns", scale: 1e-9 }],
  bytes: [{ label: "TB", scale: 1e12 }, { label: "GB", scale: 1e9 }, { label: "MB", scale: 1e6 }, { label: "KB", scale: 1e3 }, { label: "bytes", scale: 1 }],
  rate: [{ label: "Tb/s", scale: 1e12 }, { label: "Gb/s", scale: 1e9 }, { label: "Mb/s", scale: 1e6 }, { label: "b/s", scale: 1 }],
  bytesPerSecond: [{ label: "GB/s", scale: 1e9 }, { label: "MB/s", scale: 1e6 }, { label: "B/s", scale: 1 }],
  energy: [{ label: "kJ", scale: 1e3 }, { label: "J", scale: 1 }, { label: "mJ", scale: 1e-3 }, { label: "uJ", scale: 1e-6 }],
};

/** The unit in which the largest of `values` reads as a number of at least 1. */
export function displayUnit(column: string, values: number[]): DisplayUnit | undefined {
  const q = QUANTITIES[column];
  if (!q) return undefined;
  const top = Math.max(0, ...values.map(Math.abs));
  const ladder = UNIT_LADDERS[q];
  return ladder.find((u) => top >= u.scale) ?? ladder[ladder.length - 1];
}

/** Parses a filter or axis value of `column` with its unit (`1MB`, `20us`), else as a number. */
export function parseColumnValue(column: string, text: string): number | string {
  const q = QUANTITIES[column];
  try {
    if (q === "time") return parseTime(text);
    if (q === "bytes") return parseBytes(text);
    if (q === "rate") return parseBandwidth(text);
  } catch {
    // not a quantity with a unit: compare as written
  }
  const n = Number(text);
  return text.trim() !== "" && Number.isFinite(n) ? n : text;
}

function asNumber(v: unknown): unknown {
  return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v;
}

/** A value as people read it in a legend or facet title, with its unit. */
export function formatValue(column: string, v: unknown): string {
  const n = asNumber(v);
  if (typeof n !== "number") return String(v ?? "");
  const u = displayUnit(column, [n]);
  if (u) return `${Number((n / u.scale).toPrecision(6))} ${u.label}`;
  return `${Number(n.toPrecision(6))}${PLAIN_UNITS[column] ? " " + PLAIN_UNITS[column] : ""}`;
}

/** Values of a column in display order: numeric order if all are numbers, else as they come. */
function orderOf(column: string, rows: Record<string, unknown>[]): string[] {
  const raw = [...new Set(rows.map((r) => r[column]))];
  const numeric = raw.every((v) => typeof asNumber(v) === "number");
  const sorted = numeric ? [...raw].sort((a, b) => (asNumber(a) as number) - (asNumber(b) as number)) : raw;
  return [...new Set(sorted.map((v) => formatValue(column, v)))];
}

/** Completion time per workload (ordered by size), one line per algorithm, one panel per network. */
export function comparisonChart(rows: CompareRow[]): VegaLiteSpec {
  const ok = rows.filter((r) => r.time !== null);
  const order = [...new Map(ok.map((r) => [r.workload, r.size])).entries()].sort((a, b) => a[1] - b[1]).map(([w]) => w);
  const networks = [...new Set(ok.map((r) => r.network))];
  const unit = displayUnit("time", ok.map((r) => r.time as number)) ?? { label: "s", scale: 1 };
  const nodes = [...new Set(ok.map((r) => r.nodes))];
  return {
    $schema: SCHEMA,
    title: { text: "All-reduce completion time", subtitle: `${nodes.join(", ")} nodes; workloads in order of size; log scale` },
    data: { values: ok.map((r) => ({ network: r.network, workload: r.workload, algorithm: r.algorithm, t: (r.time as number) / unit.scale })) },
    facet: { column: { field: "network", type: "nominal", title: null, sort: networks } },
    spec: {
      width: Math.max(170, 55 * order.length), // room for the network label above each panel
      height: 280,
      mark: { type: "line", point: { filled: true, size: 50 }, tooltip: true },
      encoding: {
        x: { field: "workload", type: "ordinal", sort: order, title: "workload", axis: { labelAngle: -40 } },
        y: { field: "t", type: "quantitative", scale: LOG_SCALE, title: `time (${unit.label})` },
        color: { field: "algorithm", type: "nominal", title: "algorithm", scale: algorithmScale([...new Set(ok.map((r) => r.algorithm))]) },
      },
    },
    resolve: { scale: { y: "shared" } },
  };
}

export interface ResultsChartOptions {
  x: string;
  y: string;
  color?: string;
  facet?: string;
  logX?: boolean;
  logY?: boolean;
  title?: string;
}

/** Columns of results that are outcomes, not settings: never the reason lines zig-zag. */
const OUTCOMES = new Set([
  "sweep", "point", "id", "status", "time", "closedForm", "steps", "transfers", "bytesMoved", "waitTime", "peakWavelengths",
  "wavelengthsNeeded", "maxHops", "maxHopLossDb", "params", "error", "energy", "pjPerBit", "energyParts", "retunes", "regenerations",
]);

export interface ResultsChart {
  spec: VegaLiteSpec;
  /** Things a person should know about the chart (lines that would zig-zag). */
  warnings: string[];
}

/**
 * A line per colour value of y against x, from sweep rows (failed points left out), one panel
 * per facet value.
 */
export function resultsChart(rows: Record<string, unknown>[], o: ResultsChartOptions): ResultsChart {
  // in point order (the sweep's axis order), whatever order the rows finished in
  rows = [...rows].sort((a, b) => Number(a.point ?? 0) - Number(b.point ?? 0));
  const ok = rows.filter((r) => (r.status ?? "ok") === "ok" && typeof asNumber(r[o.y]) === "number" && Number.isFinite(asNumber(r[o.y]) as number));
  const xNumeric = ok.length > 0 && ok.every((r) => typeof asNumber(r[o.x]) === "number");
  const xUnit = xNumeric ? displayUnit(o.x, ok.map((r) => asNumber(r[o.x]) as number)) : undefined;
  const yUnit = displayUnit(o.y, ok.map((r) => asNumber(r[o.y]) as number));
  const values = ok.map((r) => {
    const out: Record<string, unknown> = {
      [o.x]: xNumeric ? (asNumber(r[o.x]) as number) / (xUnit?.scale ?? 1) : String(r[o.x] ?? ""),
      [o.y]: (asNumber(r[o.y]) as number) / (yUnit?.scale ?? 1),
    };
    if (o.color) out[o.color] = o.color === "algorithm" ? String(r[o.color] ?? "") : formatValue(o.color, r[o.color]);
    if (o.facet) out[o.facet] = `${o.facet} = ${formatValue(o.facet, r[o.facet])}`;
    return out;
  });
  const title = (column: string, unit?: DisplayUnit) => (unit ? `${column} (${unit.label})` : PLAIN_UNITS[column] ? `${column} (${PLAIN_UNITS[column]})` : column);
  const scaleOf = (log?: boolean) => (log ? LOG_SCALE : { zero: false });
  const encoding: Record<string, unknown> = {
    x: xNumeric
      ? { field: o.x, type: "quantitative", title: title(o.x, xUnit), scale: scaleOf(o.logX) }
      : { field: o.x, type: "ordinal", title: title(o.x), sort: [...new Set(values.map((v) => v[o.x] as string))], axis: { labelAngle: -30, labelLimit: 260 } },
    y: { field: o.y, type: "quantitative", title: title(o.y, yUnit), scale: scaleOf(o.logY) },
  };
  if (o.color) {
    encoding.color =
      o.color === "algorithm"
        ? { field: o.color, type: "nominal", title: "algorithm", scale: algorithmScale([...new Set(values.map((v) => v[o.color as string] as string))]) }
        : { field: o.color, type: "nominal", title: o.color, sort: orderOf(o.color, ok) };
  }
  // categories on x are not a continuum: points, not lines (kept in data order)
  const mark = xNumeric ? { type: "line", point: { filled: true, size: 40 }, tooltip: true } : { type: "point", filled: true, size: 80, tooltip: true };
  const layer = { mark, encoding };
  const base = { $schema: SCHEMA, title: o.title ?? `${o.y} against ${o.x}`, data: { values } };
  const spec = o.facet
    ? { ...base, facet: { column: { field: o.facet, type: "nominal", title: null, sort: orderOf(o.facet, ok).map((v) => `${o.facet} = ${v}`) } }, spec: { width: 320, height: 240, ...layer } }
    : { ...base, width: 480, height: 300, ...layer };
  return { spec, warnings: zigzagWarnings(ok, o) };
}

/** Columns that vary among rows sharing a line and an x: their points would be joined in a zig-zag. */
function zigzagWarnings(rows: Record<string, unknown>[], o: ResultsChartOptions): string[] {
  const key = (r: Record<string, unknown>) => JSON.stringify([o.color ? r[o.color] : null, o.facet ? r[o.facet] : null, r[o.x]]);
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const shared = [...groups.values()].filter((g) => g.length > 1);
  if (shared.length === 0) return [];
  const encoded = new Set([o.x, o.y, o.color, o.facet]);
  const columns = Object.keys(rows[0] ?? {}).filter((c) => !encoded.has(c) && !OUTCOMES.has(c));
  const varying = columns.filter((c) => shared.some((g) => new Set(g.map((r) => JSON.stringify(r[c]))).size > 1));
  const what = varying.length > 0 ? varying.join(", ") : "a column the results do not name";
  const hint = varying.length > 0 ? `: encode it (--color ${varying[0]} or --facet ${varying[0]}) or pick one value (--where ${varying[0]}=...)` : "";
  return [`${shared.length} points share their line and x with other points, which differ in ${what}; the lines will zig-zag${hint}`];
}

/** One bar per algorithm: completion time of one collective on one network, fastest first. */
export function algorithmTimesChart(rows: { algorithm: string; time: number }[], collective: Collective, subtitle: string): VegaLiteSpec {
  const unit = displayUnit("time", rows.map((r) => r.time)) ?? { label: "s", scale: 1 };
  const order = [...rows].sort((a, b) => a.time - b.time).map((r) => r.algorithm);
  const name = COLLECTIVE_NAMES[collective];
  return {
    $schema: SCHEMA,
    title: { text: `${name[0].toUpperCase()}${name.slice(1)} completion time by algorithm`, subtitle },
    data: { values: rows.map((r) => ({ algorithm: r.algorithm, t: r.time / unit.scale, label: `${Number((r.time / unit.scale).toPrecision(4))} ${unit.label}` })) },
    width: 460,
    height: { step: 26 },
    encoding: {
      y: { field: "algorithm", type: "nominal", sort: order, title: "algorithm" },
      x: { field: "t", type: "quantitative", title: `time (${unit.label})` },
    },
    layer: [
      { mark: { type: "bar", tooltip: true }, encoding: { color: { field: "algorithm", type: "nominal", legend: null, scale: algorithmScale(rows.map((r) => r.algorithm)) } } },
      { mark: { type: "text", align: "left", dx: 4 }, encoding: { text: { field: "label" } } },
    ],
  };
}
