// Wavelength use on the optical ring over time, from a JSONL trace (src/plot/occupancy.ts bins it):
// the file is streamed twice at most (for the run's end, when the summary line is missing, then for
// the lightpaths), whatever its size.
import { InputError } from "../core/errors.js";
import { firstAndLastLines, forEachLine } from "../io/lines.js";
import { type Lightpath, type OccupancyChart, OccupancyGrid } from "./occupancy.js";

interface TraceTransfer extends Lightpath {
  type: "transfer";
}

export type TraceChart = OccupancyChart;

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
  let summary: { type?: string; time?: number } = {};
  try {
    summary = JSON.parse(last);
  } catch {
    // a trace cut short: counted below
  }
  let end = summary.type === "summary" ? Number(summary.time) : NaN;
  if (!Number.isFinite(end)) {
    end = 0;
    eachTransfer(path, (t) => {
      end = Math.max(end, t.finish);
    }, progress);
  }
  const grid = new OccupancyGrid(nodes, end);
  eachTransfer(path, (t) => grid.add(t), progress);
  return grid.chart();
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
