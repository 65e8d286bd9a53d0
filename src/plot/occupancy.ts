// Wavelength use on the optical ring over time, in bounded memory: the run's time and the ring's
// links are cut into bins, and each cell shows how many wavelengths a link of that stretch held on
// average over that time. Every lightpath counts and nothing is sampled, however many there are.
// `wrht-sim plot --trace` feeds it a JSONL trace; the web explorer feeds it a run's transfers.
import type { VegaLiteSpec } from "./svg.js";
import { displayUnit } from "./charts.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

const TIME_BINS = 120;
const MAX_LINK_BINS = 64;

/** What the grid needs of a lightpath: where it starts, its direction and length, and when. */
export interface Lightpath {
  src: number;
  hops: number;
  route: "cw" | "ccw";
  start: number;
  finish: number;
}

export interface OccupancyChart {
  spec: VegaLiteSpec;
  /** What was drawn, and how (for stderr and the subtitle). */
  note: string;
}

/** Ring positions [lo, hi) a lightpath covers, split where it wraps past node N-1. */
function pieces(t: Lightpath, nodes: number): [number, number][] {
  const lo = t.route === "cw" ? t.src : t.src - t.hops + 1;
  if (lo < 0) return [[lo + nodes, nodes], [0, t.src + 1]];
  if (lo + t.hops > nodes) return [[lo, nodes], [0, lo + t.hops - nodes]];
  return [[lo, lo + t.hops]];
}

const DIRECTION = { cw: "clockwise fibre", ccw: "counter-clockwise fibre" } as const;

/** Lightpath-seconds per (time bin, stretch of links) and direction, for a run that ends at `end`. */
export class OccupancyGrid {
  private readonly linkBins: number;
  private readonly linksPerBin: number;
  private readonly dt: number;
  // lightpath-seconds x links in each cell, per direction; divided by the cell's area at the end
  private readonly grid: Record<"cw" | "ccw", Float64Array>;
  count = 0;

  constructor(private readonly nodes: number, private readonly end: number) {
    this.linkBins = linkBinsFor(nodes);
    this.linksPerBin = nodes / this.linkBins;
    this.dt = end / TIME_BINS || 1;
    this.grid = { cw: new Float64Array(TIME_BINS * this.linkBins), ccw: new Float64Array(TIME_BINS * this.linkBins) };
  }

  add(t: Lightpath): void {
    const { dt, linkBins, linksPerBin } = this;
    const g = this.grid[t.route];
    this.count++;
    const i0 = Math.max(0, Math.floor(t.start / dt));
    const i1 = Math.min(TIME_BINS - 1, Math.floor(t.finish / dt));
    for (const [a, b] of pieces(t, this.nodes)) {
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
  }

  /** The heatmap: one panel per fibre, time across, ring position down. */
  chart(): OccupancyChart {
    const { dt, linkBins, linksPerBin, end, nodes } = this;
    const unit = displayUnit("time", [end]) ?? { label: "s", scale: 1 };
    const cells: Record<string, unknown>[] = [];
    for (const dir of ["cw", "ccw"] as const) {
      const g = this.grid[dir];
      for (let i = 0; i < TIME_BINS; i++) {
        for (let j = 0; j < linkBins; j++) {
          const v = g[i * linkBins + j] / (dt * linksPerBin);
          if (v > 0) cells.push({ direction: DIRECTION[dir], t0: (i * dt) / unit.scale, t1: ((i + 1) * dt) / unit.scale, p0: j * linksPerBin, p1: (j + 1) * linksPerBin, wavelengths: Number(v.toPrecision(4)) });
        }
      }
    }
    const note =
      `all ${this.count.toLocaleString("en-US")} lightpaths aggregated into ${TIME_BINS} time bins of ${Number((dt / unit.scale).toPrecision(3))} ${unit.label} ` +
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
            color: { field: "wavelengths", type: "quantitative", title: "wavelengths", scale: { scheme: "viridis", domainMin: 0 }, legend: { format: ".3~f" } },
          },
        },
      },
    };
  }
}

/** Stretches of whole links where possible: the largest divisor of N up to 64, if it is at least 32. */
function linkBinsFor(nodes: number): number {
  if (nodes <= MAX_LINK_BINS) return nodes;
  for (let d = MAX_LINK_BINS; d >= MAX_LINK_BINS / 2; d--) if (nodes % d === 0) return d;
  return MAX_LINK_BINS;
}
