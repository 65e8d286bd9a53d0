// The charts WRHT-Sim draws, as Vega-Lite specifications. Conventions every chart keeps:
// quantities in units people read (a time axis in us, ms or s; sizes in KB, MB or GB), axis titles
// in words with their unit, numeric facets and legends in numeric order (others in the order the
// data gives them), one colour per algorithm in every chart, the settings every point shares in a
// subtitle, log axes labelled from below the smallest value to above the largest (1-2-5 steps, or
// powers of two for node and wavelength counts that are powers of two), linear y axes from zero.
import { quantile } from "../core/seedStats.js";
import type { CompareRow } from "../api/compare.js";
import { COLLECTIVE_NAMES, type Collective } from "../core/collectives.js";
import { parseBandwidth, parseBytes, parseTime } from "../core/units.js";
import type { VegaLiteSpec } from "./svg.js";
import { findPreset } from "../config/presets.js";
import { OPTICAL_RING_DEFAULTS } from "../network/opticalRing.js";

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

/** Counts that people set in powers of two: their axes tick at powers of two when the data are. */
const POWER_OF_TWO_COLUMNS = new Set(["nodes", "wavelengths", "wavelengthsNeeded", "peakWavelengths", "tx", "rx", "groupSize", "leafSize", "spines", "hringGroup", "chunks"]);

const isPowerOfTwo = (v: number) => Number.isInteger(v) && v >= 1 && (v & (v - 1)) === 0 && v <= 2 ** 30;

/**
 * A log axis that labels the whole data range: ticks on a 1-2-5 ladder (only decades across more
 * than four, finer within one and a half), or on powers of two, from the largest tick at or below
 * the smallest value to the smallest at or above the largest, and the domain exactly that range.
 */
export function logTicks(values: number[], powersOfTwo = false, maxTicks = 12): { domain: [number, number]; ticks: number[] } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  const min = Math.min(...positive);
  const max = Math.max(...positive);
  if (powersOfTwo) {
    const lo = 2 ** Math.floor(Math.log2(min));
    const hi = 2 ** Math.ceil(Math.log2(max));
    const ticks: number[] = [];
    const stride = Math.max(1, Math.ceil((Math.log2(hi / lo) + 1) / maxTicks));
    for (let k = 0, v = lo; v <= hi; k++, v *= 2) if (k % stride === 0 || v === hi) ticks.push(v);
    return { domain: [lo, hi], ticks };
  }
  // the finest ladder that labels the range in at most maxTicks ticks (decades, thinned, at worst)
  let best: { domain: [number, number]; ticks: number[] } | undefined;
  for (const mantissas of [[1, 1.5, 2, 3, 5, 7], [1, 2, 5], [1, 3], [1]]) {
    const ladder: number[] = [];
    for (let e = Math.floor(Math.log10(min)) - 1; e <= Math.ceil(Math.log10(max)) + 1; e++) for (const m of mantissas) ladder.push(Number((m * 10 ** e).toPrecision(6)));
    const lo = [...ladder].reverse().find((v) => v <= min * (1 + 1e-9)) ?? min;
    const hi = ladder.find((v) => v >= max * (1 - 1e-9)) ?? max;
    best = { domain: [lo, hi], ticks: ladder.filter((v) => v >= lo && v <= hi) };
    if (best.ticks.length <= maxTicks) return best;
  }
  const { domain, ticks } = best as { domain: [number, number]; ticks: number[] };
  const stride = Math.ceil(ticks.length / maxTicks);
  return { domain, ticks: ticks.filter((_, i) => i % stride === 0 || i === ticks.length - 1) };
}

/** Scale and axis of a quantitative channel: log with labelled ends, or linear (y from zero). */
function quantitative(column: string, values: number[], log: boolean | undefined, isY: boolean): { scale: Record<string, unknown>; axis: Record<string, unknown> } {
  const pow2 = POWER_OF_TWO_COLUMNS.has(column) && values.length > 0 && values.every(isPowerOfTwo);
  if (log && values.some((v) => v > 0)) {
    // a panel is 320 pixels wide and 240 high: fewer labels fit across than up
    const { domain, ticks } = logTicks(values, pow2, isY ? 10 : 7);
    return { scale: { ...LOG_SCALE, domain, ...(pow2 ? { base: 2 } : {}) }, axis: { values: ticks, labelOverlap: false, format: "~g" } };
  }
  const axis: Record<string, unknown> = pow2 ? { values: [...new Set(values)].sort((a, b) => a - b), format: "d" } : {};
  return { scale: isY ? { zero: true } : { zero: false }, axis };
}

/** What a column holds, in words, for axis titles and subtitles. */
const WORDS: Record<string, string> = {
  time: "time", closedForm: "closed-form time", waitTime: "time waiting for channels", energy: "energy", energyDynamic: "dynamic energy", energyStatic: "static energy", pjPerBit: "energy per bit",
  size: "vector size", bytesMoved: "bytes moved", nodes: "nodes", wavelengths: "wavelengths per link", wavelengthsNeeded: "wavelengths needed",
  peakWavelengths: "wavelengths used (busiest link)", maxHops: "longest path (hops)", maxHopLossDb: "loss of the longest lightpath", alpha: "alpha (per-transfer overhead)",
  hopLatency: "per-hop latency", bandwidth: "rate per wavelength or link", uplinkBandwidth: "uplink rate", deviceTflops: "device throughput",
  cut: "fibre cut at gap", lostWavelengths: "lost wavelengths", slow: "slow node:factor", jitter: "jitter", faultRate: "random fault rate", seed: "seed",
  iteration: "iteration time", compute: "compute time", communication: "communication time", exposed: "exposed communication", overlap: "overlap",
  steps: "steps", transfers: "transfers", busBandwidth: "bus bandwidth", algbw: "algorithm bandwidth", busbw: "bus bandwidth", retunes: "retunes",
  tuningTime: "tuning time", throughDb: "loss per hop", laserDbm: "laser power", groupSize: "group size m", tx: "transmitters per node", rx: "receivers per node",
  preset: "preset", network: "network", collective: "collective", algorithm: "algorithm", model: "model", strategy: "strategy", dtype: "element type",
  bucketSize: "bucket cap", bucketBytes: "bucket cap", batch: "batch per device", direction: "direction", routing: "routing", grants: "grants", mode: "mode",
  leafSize: "nodes per leaf", spines: "spines", label: "setting", oversubscription: "oversubscription", regenerate: "regeneration", switchLatency: "switch latency", reduction: "reduction",
  ports: "ports per node", sharing: "link sharing",
};

/** Settings a subtitle names when every point of a chart shares them, unless at their default. */
const SETTING_COLUMNS = ["preset", "network", "collective", "nodes", "size", "model", "strategy", "wavelengths", "direction", "dtype", "alpha", "deviceTflops", "bucketSize", "grants", "routing", "mode", "ports", "sharing", "cut", "lostWavelengths", "slow", "jitter", "faultRate", "seed"];
const UNSAID_DEFAULTS: Record<string, string> = { collective: "allreduce", dtype: "fp32", grants: "greedy", mode: "async", routing: "balanced", direction: "bidirectional", ports: "1", sharing: "fair" };
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
  tuningTime: "time", regenLatency: "time", energy: "energy", energyDynamic: "energy", energyStatic: "energy",
  iteration: "time", compute: "time", communication: "time", exposed: "time", overlap: "time",
  size: "bytes", bytesMoved: "bytes", bucketBytes: "bytes", bucketSize: "bytes",
  bandwidth: "rate", uplinkBandwidth: "rate",
  algbw: "bytesPerSecond", busbw: "bytesPerSecond", busBandwidth: "bytesPerSecond",
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
  energy: [{ label: "kJ", scale: 1e3 }, { label: "J", scale: 1 }, { label: "mJ", scale: 1e-3 }, { label: "uJ", scale: 1e-6 }, { label: "nJ", scale: 1e-9 }, { label: "pJ", scale: 1e-12 }],
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
  const collective = COLLECTIVE_NAMES[rows[0]?.collective ?? "allreduce"];
  const times = ok.map((r) => (r.time as number) / unit.scale);
  const y = quantitative("time", times, true, true);
  const perNode = [...new Map(ok.map((r) => [r.network, r.injectionBandwidth])).entries()].map(([n, b]) => `${n} ${formatValue("bandwidth", b)} per node`);
  return {
    $schema: SCHEMA,
    title: { text: `${collective[0].toUpperCase()}${collective.slice(1)} completion time`, subtitle: [`${nodes.join(", ")} nodes; workloads in order of size; log scale`, perNode.join("; ")] },
    data: { values: ok.map((r) => ({ network: r.network, workload: r.workload, algorithm: r.algorithm, t: (r.time as number) / unit.scale })) },
    facet: { column: { field: "network", type: "nominal", title: null, sort: networks } },
    spec: {
      width: Math.max(170, 55 * order.length), // room for the network label above each panel
      height: 280,
      mark: { type: "line", point: { filled: true, size: 50 }, tooltip: true },
      encoding: {
        x: { field: "workload", type: "ordinal", sort: order, title: "workload", axis: { labelAngle: -40 } },
        y: { field: "t", type: "quantitative", scale: y.scale, axis: y.axis, title: `time (${unit.label})` },
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
  /** Settings every point shares that the rows do not carry (a sweep's base): named in the subtitle. */
  fixed?: Record<string, unknown>;
  /**
   * A column the rows vary over that the chart summarises (a sweep's seeds): each line is the
   * mean over it, in a band from its 5th to its 95th percentile.
   */
  spreadOver?: string;
}

/** Rows summarised over `over`: one per (x, colour, facet), y the mean, with y's 5th and 95th percentiles. */
function spread(rows: Record<string, unknown>[], o: ResultsChartOptions, over: string): { rows: Record<string, unknown>[]; lo: Map<Record<string, unknown>, number>; hi: Map<Record<string, unknown>, number>; count: number } {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const key = JSON.stringify([r[o.x], o.color ? r[o.color] : null, o.facet ? r[o.facet] : null]);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const lo = new Map<Record<string, unknown>, number>();
  const hi = new Map<Record<string, unknown>, number>();
  let count = 0;
  const out = [...groups.values()].map((g) => {
    const ys = g.map((r) => asNumber(r[o.y]) as number).sort((a, b) => a - b);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const row = { ...g[0], [o.y]: mean, [over]: undefined };
    lo.set(row, quantile(ys, 0.05));
    hi.set(row, quantile(ys, 0.95));
    count = Math.max(count, ys.length);
    return row;
  });
  return { rows: out, lo, hi, count };
}

/** Columns of results that are outcomes, not settings: never the reason lines zig-zag. */
const OUTCOMES = new Set([
  "sweep", "point", "id", "status", "time", "closedForm", "steps", "transfers", "bytesMoved", "waitTime", "peakWavelengths",
  "wavelengthsNeeded", "maxHops", "maxHopLossDb", "params", "error", "energy", "energyDynamic", "energyStatic", "pjPerBit", "energyParts", "retunes", "regenerations",
]);

export interface ResultsChart {
  spec: VegaLiteSpec;
  /** Things a person should know about the chart (lines that would zig-zag). */
  warnings: string[];
}

/** A column's title: its words and unit, "vector size (MB)", "wavelengths needed". */
function axisTitle(column: string, unit?: DisplayUnit): string {
  const words = WORDS[column] ?? column;
  if (unit) return `${words} (${unit.label})`;
  if (PLAIN_UNITS[column]) return `${words} (${PLAIN_UNITS[column]})`;
  return words;
}

/** The wavelengths each ring had: the rows', the fixed settings', a preset's, or the default. */
function wavelengthsAvailable(rows: Record<string, unknown>[], fixed: Record<string, unknown>): number | undefined {
  const values = new Set(rows.map((r) => r.wavelengths ?? fixed.wavelengths ?? findPreset(String(r.preset ?? fixed.preset))?.settings.wavelengths ?? OPTICAL_RING_DEFAULTS.wavelengths));
  if (rows.some((r) => (r.network ?? fixed.network) !== undefined && (r.network ?? fixed.network) !== "optical-ring")) return undefined;
  return values.size === 1 ? Number([...values][0]) : undefined;
}


/**
 * A line per colour value of y against x, from sweep rows (failed points left out), one panel
 * per facet value.
 */
export function resultsChart(rows: Record<string, unknown>[], o: ResultsChartOptions): ResultsChart {
  // in point order (the sweep's axis order), whatever order the rows finished in
  rows = [...rows].sort((a, b) => Number(a.point ?? 0) - Number(b.point ?? 0));
  const fixed = o.fixed ?? {};
  let ok = rows.filter((r) => (r.status ?? "ok") === "ok" && typeof asNumber(r[o.y]) === "number" && Number.isFinite(asNumber(r[o.y]) as number));
  const over = o.spreadOver !== undefined && ![o.x, o.color, o.facet].includes(o.spreadOver) ? spread(ok, o, o.spreadOver) : undefined;
  if (over) ok = over.rows;
  const xNumeric = ok.length > 0 && ok.every((r) => typeof asNumber(r[o.x]) === "number");
  const xUnit = xNumeric ? displayUnit(o.x, ok.map((r) => asNumber(r[o.x]) as number)) : undefined;
  const yUnit = displayUnit(o.y, ok.map((r) => asNumber(r[o.y]) as number));
  const values = ok.map((r) => {
    const out: Record<string, unknown> = {
      [o.x]: xNumeric ? (asNumber(r[o.x]) as number) / (xUnit?.scale ?? 1) : String(r[o.x] ?? ""),
      [o.y]: (asNumber(r[o.y]) as number) / (yUnit?.scale ?? 1),
    };
    if (over) {
      out[`${o.y} p5`] = (over.lo.get(r) as number) / (yUnit?.scale ?? 1);
      out[`${o.y} p95`] = (over.hi.get(r) as number) / (yUnit?.scale ?? 1);
    }
    if (o.color) out[o.color] = o.color === "algorithm" ? String(r[o.color] ?? "") : formatValue(o.color, r[o.color]);
    if (o.facet) out[o.facet] = `${o.facet} = ${formatValue(o.facet, r[o.facet])}`;
    return out;
  });
  // facets whose values differ by orders of magnitude each get their own y scale
  const byFacet = new Map<unknown, number>();
  if (o.facet) for (const v of values) byFacet.set(v[o.facet], Math.max(byFacet.get(v[o.facet]) ?? -Infinity, v[o.y] as number));
  const facetMax = [...byFacet.values()];
  const independent = facetMax.length > 1 && Math.min(...facetMax) > 0 && Math.max(...facetMax) / Math.min(...facetMax) >= 30;
  const categories = xNumeric ? [] : [...new Set([...rows.map((r) => String(r[o.x] ?? "")), ...values.map((v) => String(v[o.x]))])];
  const xs = values.map((v) => v[o.x] as number);
  const ys = values.flatMap((v) => (over ? [v[o.y] as number, v[`${o.y} p5`] as number, v[`${o.y} p95`] as number] : [v[o.y] as number]));
  const xq = xNumeric ? quantitative(o.x, xs, o.logX, false) : undefined;
  const yq = quantitative(o.y, ys, o.logY, true);
  if (independent) {
    // one domain and tick list cannot fit panels of different ranges: each panel rounds its own
    yq.scale = o.logY ? { type: "log", nice: true } : { zero: true, nice: true };
    yq.axis = { format: "~g" };
  }
  const encoding: Record<string, unknown> = {
    x: xNumeric && xq
      ? { field: o.x, type: "quantitative", title: axisTitle(o.x, xUnit), scale: xq.scale, axis: xq.axis }
      : { field: o.x, type: "ordinal", title: axisTitle(o.x), sort: categories, scale: { domain: categories }, axis: { labelAngle: -30, labelLimit: 260 } },
    y: { field: o.y, type: "quantitative", title: axisTitle(o.y, yUnit), scale: yq.scale, axis: yq.axis },
  };
  if (o.color) {
    encoding.color =
      o.color === "algorithm"
        ? { field: o.color, type: "nominal", title: "algorithm", scale: algorithmScale([...new Set(values.map((v) => v[o.color as string] as string))]) }
        : { field: o.color, type: "nominal", title: WORDS[o.color] ?? o.color, sort: orderOf(o.color, ok) };
  }
  // categories on x are not a continuum: points, not lines (kept in data order)
  const mark = xNumeric ? { type: "line", point: { filled: true, size: 40 }, tooltip: true } : { type: "point", filled: true, size: 80, tooltip: true };
  const layers: Record<string, unknown>[] = [{ mark, encoding }];
  const notes: string[] = [];
  // x values where no run succeeded (a ring cut apart, a fault no transfer survives): said, and
  // kept on a categorical axis so the gap shows
  const refused = xNumeric ? [] : categories.filter((x) => !values.some((v) => String(v[o.x]) === x));
  if (refused.length > 0) notes.push(`nothing ran at ${refused.join("; ")} (refused: see the rows' errors)`);
  if (over) {
    // the spread under the mean: a band between the 5th and 95th percentiles (bars on categories)
    const band: Record<string, unknown> = { ...encoding, y: { field: `${o.y} p5`, type: "quantitative", scale: yq.scale }, y2: { field: `${o.y} p95` } };
    // after the lines: the legend takes its symbols from the first layer
    layers.push({ mark: xNumeric ? { type: "area", opacity: 0.2 } : { type: "rule", strokeWidth: 2 }, encoding: band });
    const refusedSome = rows.some((r) => (r.status ?? "ok") !== "ok");
    notes.push(`${xNumeric ? "lines" : "points"}: the mean over the ${o.spreadOver}s that ran (${over.count} at most); ${xNumeric ? "bands" : "bars"}: 5th to 95th percentile${refusedSome ? "; no point where every one was refused" : ""}`);
  }
  // a wavelength count is read against the wavelengths the ring has
  if (o.y === "wavelengthsNeeded" || o.y === "peakWavelengths") {
    const rule = { type: "rule", strokeDash: [5, 4], color: "#777777" };
    if (o.x === "wavelengths" && xNumeric) {
      layers.push({ mark: { type: "line", strokeDash: [5, 4], color: "#777777" }, encoding: { x: { field: o.x, type: "quantitative" }, y: { field: o.x, type: "quantitative" } } });
      notes.push("dashed: the wavelengths available");
    } else {
      const w = wavelengthsAvailable(ok, fixed);
      if (w !== undefined) {
        layers.push({ mark: rule, encoding: { y: { datum: w } } });
        notes.push(`dashed: the ${w} wavelengths available`);
      }
    }
  }
  // the settings every point shares, named once
  const encoded = new Set([o.x, o.y, o.color, o.facet, ...(over ? [o.spreadOver] : [])]);
  const shared: string[] = [];
  for (const c of SETTING_COLUMNS) {
    if (encoded.has(c)) continue;
    const inRows = ok.length > 0 && c in ok[0] ? new Set(ok.map((r) => String(r[c] ?? ""))) : undefined;
    const v = inRows ? (inRows.size === 1 ? ok[0][c] : undefined) : fixed[c];
    if (v === undefined || v === null || v === "" || UNSAID_DEFAULTS[c] === String(v)) continue;
    // a preset names the network: its type would say it twice
    if (c === "network" && shared.some((x) => x.startsWith("preset "))) continue;
    shared.push(`${WORDS[c] ?? c} ${formatValue(c, v)}`);
  }
  if (independent) notes.push("each panel has its own y scale (their ranges differ by orders of magnitude)");
  const subtitle = [shared.join(", "), notes.join("; ")].filter((t) => t !== "");
  const layer = layers.length === 1 ? layers[0] : { layer: layers };
  const base = { $schema: SCHEMA, title: { text: o.title ?? `${axisTitle(o.y)} against ${axisTitle(o.x)}`, ...(subtitle.length > 0 ? { subtitle } : {}) }, data: { values } };
  const spec = o.facet
    ? {
        ...base,
        facet: { column: { field: o.facet, type: "nominal", title: null, sort: orderOf(o.facet, ok).map((v) => `${o.facet} = ${v}`) } },
        spec: { width: 320, height: 240, ...layer },
        ...(independent ? { resolve: { scale: { y: "independent" } } } : {}),
      }
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
