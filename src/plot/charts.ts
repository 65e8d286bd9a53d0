// The charts WRHT-Sim draws, as Vega-Lite specifications.
import type { CompareRow } from "../compare.js";
import type { VegaLiteSpec } from "./svg.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Completion time per workload (ordered by size), one line per algorithm, one panel per network. */
export function comparisonChart(rows: CompareRow[]): VegaLiteSpec {
  const order = [...new Map(rows.map((r) => [r.workload, r.size])).entries()].sort((a, b) => a[1] - b[1]).map(([w]) => w);
  const networks = [...new Set(rows.map((r) => r.network))];
  return {
    $schema: SCHEMA,
    title: { text: "All-reduce completion time", subtitle: `${rows[0]?.nodes ?? ""} nodes; workloads in order of size; log scale` },
    data: { values: rows.map((r) => ({ network: r.network, workload: r.workload, algorithm: r.algorithm, ms: r.time * 1e3 })) },
    facet: { column: { field: "network", type: "nominal", title: null, sort: networks } },
    spec: {
      width: 55 * Math.max(2, order.length),
      height: 280,
      mark: { type: "line", point: { filled: true, size: 50 }, tooltip: true },
      encoding: {
        x: { field: "workload", type: "ordinal", sort: order, title: "workload", axis: { labelAngle: -40 } },
        y: { field: "ms", type: "quantitative", scale: { type: "log" }, title: "time (ms)" },
        color: { field: "algorithm", type: "nominal", title: "algorithm" },
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

/** A line per color value of y against x, from sweep rows (failed points left out). */
export function resultsChart(rows: Record<string, unknown>[], o: ResultsChartOptions): VegaLiteSpec {
  const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v);
  const values = rows
    .filter((r) => (r.status ?? "ok") === "ok")
    .map((r) => {
      const out: Record<string, unknown> = { [o.x]: num(r[o.x]), [o.y]: num(r[o.y]) };
      if (o.color) out[o.color] = String(r[o.color] ?? "");
      if (o.facet) out[o.facet] = String(r[o.facet] ?? "");
      return out;
    })
    .filter((r) => typeof r[o.y] === "number" && Number.isFinite(r[o.y] as number));
  const xNumeric = values.length > 0 && values.every((r) => typeof r[o.x] === "number");
  const encoding: Record<string, unknown> = {
    x: { field: o.x, type: xNumeric ? "quantitative" : "ordinal", title: withUnit(o.x), ...(o.logX ? { scale: { type: "log" } } : {}), ...(xNumeric ? {} : { sort: null }) },
    y: { field: o.y, type: "quantitative", title: withUnit(o.y), ...(o.logY ? { scale: { type: "log" } } : {}) },
  };
  if (o.color) encoding.color = { field: o.color, type: "nominal" };
  // categories on x are not a continuum: points, not lines (kept in sweep order)
  const mark = xNumeric ? { type: "line", point: { filled: true, size: 40 }, tooltip: true } : { type: "point", filled: true, size: 80, tooltip: true };
  const layer = { mark, encoding };
  const base = { $schema: SCHEMA, title: o.title ?? `${o.y} against ${o.x}`, data: { values } };
  if (o.facet) return { ...base, facet: { column: { field: o.facet, type: "nominal" } }, spec: { width: 320, height: 240, ...layer } };
  return { ...base, width: 480, height: 300, ...layer };
}

const UNITS: Record<string, string> = {
  time: "s", closedForm: "s", waitTime: "s", size: "bytes", bytesMoved: "bytes", alpha: "s", hopLatency: "s",
  switchLatency: "s", bandwidth: "bit/s", uplinkBandwidth: "bit/s", maxHopLossDb: "dB", throughDb: "dB", laserDbm: "dBm",
};

function withUnit(column: string): string {
  return UNITS[column] ? `${column} (${UNITS[column]})` : column;
}

export interface TraceTransferLike {
  step: number;
  src: number;
  route: unknown;
  hops: number;
  channel: number;
  start: number;
  finish: number;
}

/**
 * Wavelength use on the ring over time: each lightpath a bar from start to finish across the ring
 * positions it covers, coloured by wavelength, one panel per direction. Wrap-around paths are cut
 * in two. At most `limit` transfers are drawn (the first in time).
 */
export function wavelengthChart(nodes: number, transfers: TraceTransferLike[], limit = 20000): VegaLiteSpec {
  const shown = [...transfers].sort((a, b) => a.start - b.start).slice(0, limit);
  const bars: Record<string, unknown>[] = [];
  for (const t of shown) {
    if (t.route !== "cw" && t.route !== "ccw") continue;
    // clockwise link i spans ring positions [i, i+1]; a ccw path from src covers [src-hops+1 .. src]
    const lo = t.route === "cw" ? t.src : t.src - t.hops + 1;
    const pieces = lo < 0 ? [[lo + nodes, nodes], [0, t.src + 1]] : lo + t.hops > nodes ? [[lo, nodes], [0, lo + t.hops - nodes]] : [[lo, lo + t.hops]];
    for (const [a, b] of pieces) {
      bars.push({ direction: t.route === "cw" ? "clockwise fibre" : "counter-clockwise fibre", t0: t.start * 1e6, t1: t.finish * 1e6, p0: a, p1: b, wavelength: t.channel, step: t.step });
    }
  }
  return {
    $schema: SCHEMA,
    title: { text: "Wavelength use on the ring over time", subtitle: `${shown.length} of ${transfers.length} lightpaths; each bar covers the links it holds` },
    data: { values: bars },
    facet: { row: { field: "direction", type: "nominal", title: null } },
    spec: {
      width: 640,
      height: 220,
      mark: { type: "rect", opacity: 0.75, tooltip: true },
      encoding: {
        x: { field: "t0", type: "quantitative", title: "time (us)" },
        x2: { field: "t1" },
        y: { field: "p0", type: "quantitative", title: "ring position (link)", scale: { domain: [0, nodes] } },
        y2: { field: "p1" },
        color: { field: "wavelength", type: "quantitative", scale: { scheme: "turbo" } },
      },
    },
  };
}
