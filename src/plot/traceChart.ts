// Wavelength use on the optical ring over time, from a JSONL trace, in bounded memory: the run's
// time and the ring's links are cut into bins, and each cell shows how many wavelengths a link of
// that stretch held on average over that time. The file is streamed, every lightpath of the run
// counts, and nothing is sampled, whatever the trace's size.
import { InputError } from "../errors.js";
import { firstAndLastLines, forEachLine } from "../io/lines.js";
import type { VegaLiteSpec } from "./svg.js";
import { displayUnit } from "./charts.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

const TIME_BINS = 120;
const MAX_LINK_BINS = 64;


interface TraceTransfer {
  type: "transfer";
  src: number;
  hops: number;
  route: unknown;
  channel: number | number[];
  start: number;
  finish: number;
  step: number;
}

export interface TraceChart {
  spec: VegaLiteSpec;
  /** What was drawn, and how (for stderr and the subtitle). */
  note: string;
}

/** Ring positions [lo, hi) a lightpath covers, split where it wraps past node N-1. */
function pieces(t: TraceTransfer, nodes: number): [number, number][] {
  const lo = t.route === "cw" ? t.src : t.src - t.hops + 1;
  if (lo < 0) return [[lo + nodes, nodes], [0, t.src + 1]];
  if (lo + t.hops > nodes) return [[lo, nodes], [0, lo + t.hops - nodes]];
  return [[lo, lo + t.hops]];
}

const DIRECTION = { cw: "clockwise fibre", ccw: "counter-clockwise fibre" } as const;

/** `onProgress` hears the bytes read so far and the file's size (a pass or two over the file). */
export function traceChart(path: string, onProgress?: (bytes: number, total: number) => void): TraceChart {
  const { first, last, bytes } = firstAndLastLines(path);
  const progress = onProgress ? (offset: number) => onProgress(offset, bytes) : undefined;
  let header: { type?: string; nodes?: number; network?: { type?: string }; algorithm?: string };
  try {
    header = JSON.parse(first);
  } catch {
    throw new InputError("plot", path, "a JSONL trace whose first line is its header");
  }
  if (header.type !== "header" || typeof header.nodes !== "number") throw new InputError("plot", path, "a JSONL trace whose first line is its header");
  if (header.network?.type !== "optical-ring") throw new InputError("plot", path, "a trace of an optical ring (wavelengths exist only there)");
  const nodes = header.nodes;
  let summary: { type?: string; time?: number; transfers?: number } = {};
  try {
    summary = JSON.parse(last);
  } catch {
    // a trace cut short: counted below
  }
  let count = summary.type === "summary" ? Number(summary.transfers) : NaN;
  let end = summary.type === "summary" ? Number(summary.time) : NaN;
  if (!Number.isFinite(count) || !Number.isFinite(end)) {
    count = 0;
    end = 0;
    eachTransfer(path, (t) => {
      count++;
      end = Math.max(end, t.finish);
    }, progress);
  }
  const unit = displayUnit("time", [end]) ?? { label: "s", scale: 1 };
  return binnedChart(path, nodes, count, end, unit, progress);
}

function eachTransfer(path: string, visit: (t: TraceTransfer) => void, progress?: (offset: number) => void): void {
  let next = 0;
  forEachLine(path, (line, offset) => {
    if (progress && offset >= next) {
      progress(offset);
      next = offset + (16 << 20);
    }
    if (!line.includes('"transfer"')) return;
    const t = JSON.parse(line) as TraceTransfer;
    if (t.type === "transfer" && (t.route === "cw" || t.route === "ccw")) visit(t);
  });
}

function binnedChart(path: string, nodes: number, count: number, end: number, unit: { label: string; scale: number }, progress?: (offset: number) => void): TraceChart {
  const linkBins = linkBinsFor(nodes);
  const linksPerBin = nodes / linkBins;
  const dt = end / TIME_BINS || 1;
  // lightpath-seconds x links in each cell, per direction; divided by the cell's area at the end
  const grid = { cw: new Float64Array(TIME_BINS * linkBins), ccw: new Float64Array(TIME_BINS * linkBins) };
  eachTransfer(path, (t) => {
    const g = grid[t.route as "cw" | "ccw"];
    const i0 = Math.max(0, Math.floor(t.start / dt));
    const i1 = Math.min(TIME_BINS - 1, Math.floor(t.finish / dt));
    for (const [a, b] of pieces(t, nodes)) {
      const j0 = Math.floor(a / linksPerBin);
      const j1 = Math.min(linkBins - 1, Math.floor((b - 1e-9) / linksPerBin));
      for (let i = i0; i <= i1; i++) {
        const overlapT = Math.min(t.finish, (i + 1) * dt) - Math.max(t.start, i * dt);
        if (overlapT <= 0) continue;
        for (let j = j0; j <= j1; j++) {
          const overlapL = Math.min(b, (j + 1) * linksPerBin) - Math.max(a, j * linksPerBin);
          if (overlapL > 0) g[i * linkBins + j] += overlapT * overlapL;
        }
      }
    }
  }, progress);
  const cells: Record<string, unknown>[] = [];
  for (const dir of ["cw", "ccw"] as const) {
    const g = grid[dir];
    for (let i = 0; i < TIME_BINS; i++) {
      for (let j = 0; j < linkBins; j++) {
        const v = g[i * linkBins + j] / (dt * linksPerBin);
        if (v > 0) cells.push({ direction: DIRECTION[dir], t0: (i * dt) / unit.scale, t1: ((i + 1) * dt) / unit.scale, p0: j * linksPerBin, p1: (j + 1) * linksPerBin, wavelengths: Number(v.toPrecision(4)) });
      }
    }
  }
  const note =
    `all ${count.toLocaleString("en-US")} lightpaths aggregated into ${TIME_BINS} time bins of ${Number((dt / unit.scale).toPrecision(3))} ${unit.label} ` +
    `x ${linkBins} stretches of ${Number(linksPerBin.toPrecision(3))} link${linksPerBin === 1 ? "" : "s"}; each cell is the mean number of wavelengths a link there held`;
  return {
    note,
    spec: {
      $schema: SCHEMA,
      title: { text: "Wavelengths in use on the ring over time", subtitle: note },
      data: { values: cells },
      facet: { row: { field: "direction", type: "nominal", title: null, sort: [DIRECTION.cw, DIRECTION.ccw] } },
      spec: {
        width: 640,
        height: 220,
        mark: { type: "rect", tooltip: true, strokeWidth: 0 },
        encoding: {
          x: { field: "t0", type: "quantitative", title: `time (${unit.label})`, scale: { domain: [0, end / unit.scale], nice: false } },
          x2: { field: "t1" },
          y: { field: "p0", type: "quantitative", title: "ring position (link)", scale: { domain: [0, nodes] } },
          y2: { field: "p1" },
          color: { field: "wavelengths", type: "quantitative", title: "wavelengths", scale: { scheme: "viridis" }, legend: { format: ".3~f" } },
        },
      },
    },
  };
}

/** Stretches of whole links where possible: the largest divisor of N up to 64, if it is at least 32. */
function linkBinsFor(nodes: number): number {
  if (nodes <= MAX_LINK_BINS) return nodes;
  for (let d = MAX_LINK_BINS; d >= MAX_LINK_BINS / 2; d--) if (nodes % d === 0) return d;
  return MAX_LINK_BINS;
}
