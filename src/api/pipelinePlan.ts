// `--chunks auto` for WRHT's all-reduce: the pipeline estimate (src/algorithms/pipelinedWrht.ts)
// is exact when wavelengths are plentiful and optimistic when they are short, so the choice is
// made by simulation where the estimate points: the three group sizes with the least estimates,
// each at its best piece count by estimate, and the best of them also at half and twice that count
// and at the powers of two from a quarter of it to four times. Ties go to fewer pieces, then the
// smaller m.
import { MAX_AUTO_CHUNKS, pipelineEstimate, pipelineShortlist, pipelinedWrht } from "../algorithms/pipelinedWrht.js";
import { WasmEngine } from "../engine/wasmEngine.js";
import { WrhtAllReduce } from "../algorithms/wrht.js";
import type { Network } from "../network/network.js";

export interface PipelinePlan {
  groupSize: number;
  chunks: number;
  /** The estimate for the choice, and its simulated time (async, greedy grants). */
  estimate: number;
  simulated: number;
  /** Every candidate simulated. */
  shortlist: { groupSize: number; chunks: number; estimate: number; simulated: number }[];
}

export function planPipeline(net: Network, elements: number, elementBytes: number, o: { groupSize?: number; shortcut?: "auto" | "on" | "off" } = {}): PipelinePlan {
  const most = Math.min(MAX_AUTO_CHUNKS, elements);
  const tried = new Map<string, PipelinePlan["shortlist"][number]>();
  const run = (m: number, k: number): number => {
    const key = `${m}/${k}`;
    const seen = tried.get(key);
    if (seen) return seen.simulated;
    const schedule = pipelinedWrht(net, elements, elementBytes, { groupSize: m, chunks: k, shortcut: o.shortcut });
    const simulated = new WasmEngine().run({ network: net, schedule, mode: "async", elementBytes }).time;
    const estimate = schedule instanceof WrhtAllReduce ? schedule.plan.time : pipelineEstimate(net, m, elements, elementBytes, k);
    tried.set(key, { groupSize: m, chunks: k, estimate, simulated });
    return simulated;
  };
  // the estimate's best k for each of its three best group sizes; for the best of them also half
  // and twice that k, and the powers of two from a quarter of it to four times: contention makes
  // the time jump with k (a star's ports most of all), so a search that stops at the first local
  // minimum misses
  const list = pipelineShortlist(net, elements, elementBytes, o);
  const starts: [number, number][] = [];
  for (const c of list) if (!starts.some(([m]) => m === c.groupSize)) starts.push([c.groupSize, c.chunks]);
  for (const [m, k] of starts) run(m, k);
  const [m0, k0] = starts[0];
  for (const k of [Math.floor(k0 / 2), k0 * 2]) if (k >= 1 && k <= most) run(m0, k);
  for (let k = 1; k <= Math.min(most, 4 * k0); k *= 2) if (k * 4 >= k0) run(m0, k);
  const shortlist = [...tried.values()];
  let best = shortlist[0];
  for (const c of shortlist) {
    if (c.simulated < best.simulated || (c.simulated === best.simulated && (c.chunks < best.chunks || (c.chunks === best.chunks && c.groupSize < best.groupSize)))) best = c;
  }
  return { groupSize: best.groupSize, chunks: best.chunks, estimate: best.estimate, simulated: best.simulated, shortlist };
}
