// Rabenseifner's all-reduce (Thakur, Rabenseifner and Gropp, IJHPCA 2005): recursive-halving
// reduce-scatter (at step k rank i swaps half of its current segment with rank i xor 2^k, keeping
// the lower half if bit k of i is 0) then recursive-doubling all-gather, 2*log2 p steps moving
// D/2, D/4, .. and back; non-powers of two fold in and out (fold.ts).
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_AUTO, type TransferSink, chunkBegin } from "../core/schedule.js";
import { FoldedAllReduce, foldOf, foldPairs, nodeOfRank } from "./fold.js";
import { distanceOnly, sumInOrder, worstDuration } from "./worstStep.js";
import { pow2 } from "./pow2.js";

/** First chunk of rank's segment after halving on bits 0..k-1 (the segment has p/2^k chunks). */
function segmentStart(p: number, rank: number, k: number): number {
  let lo = 0;
  for (let t = 0; t < k; t++) if ((rank >> t) & 1) lo += p / pow2(t + 1);
  return lo;
}

export class HalvingDoublingAllReduce extends FoldedAllReduce {
  readonly algorithm = "hd";

  constructor(nodes: number, elements: number) {
    super(nodes, elements, 2);
  }

  protected emitInner(t: number, sink: TransferSink): void {
    const { p, log2p } = this.fold;
    const e = this.elements;
    const chunk = (c: number) => chunkBegin(c, e, p);
    for (let rank = 0; rank < p; rank++) {
      const src = nodeOfRank(this.fold, rank);
      if (t < log2p) {
        // reduce-scatter on bit k: send the half this rank gives up
        const k = t;
        const half = p / pow2(k + 1);
        const lo = segmentStart(p, rank, k);
        const give = (rank >> k) & 1 ? lo : lo + half;
        sink.add(src, nodeOfRank(this.fold, rank ^ pow2(k)), chunk(give), chunk(give + half), OP_REDUCE, PIN_AUTO);
      } else {
        // all-gather on bit k, k descending: send the segment held after halving on bits 0..k
        const k = 2 * log2p - 1 - t;
        const size = p / pow2(k + 1);
        const lo = segmentStart(p, rank, k + 1);
        sink.add(src, nodeOfRank(this.fold, rank ^ pow2(k)), chunk(lo), chunk(lo + size), OP_COPY, PIN_AUTO);
      }
    }
  }
}

/**
 * [fold in] + sum over k of the slowest half-segment swap at rank distance 2^k (reduce-scatter),
 * the same back (all-gather), + [fold out]. Segment sizes differ by at most one chunk element,
 * so each rank's own size is used.
 */
export function hdClosedForm(net: Network, elements: number, elementBytes: number): number {
  const f = foldOf(net.nodes);
  const full = elements * elementBytes;
  if (f.r === 0 && distanceOnly(net) && !net.unidirectional) {
    // every swap of step k spans 2^k either way, and the first segment of a level is its largest
    // (the chunks holding one element more come first): one duration per step, no allocation
    let t = 0;
    for (let k = 0; k < f.log2p; k++) {
      const size = f.p / pow2(k + 1);
      t += net.pathDuration((chunkBegin(size, elements, f.p) - chunkBegin(0, elements, f.p)) * elementBytes, 0, pow2(k), PIN_AUTO, true);
    }
    for (let k = f.log2p - 1; k >= 0; k--) {
      const size = f.p / pow2(k + 1);
      t += net.pathDuration((chunkBegin(size, elements, f.p) - chunkBegin(0, elements, f.p)) * elementBytes, 0, pow2(k), PIN_AUTO, false);
    }
    return t;
  }
  const bytesOf = (lo: number, size: number) => (chunkBegin(lo + size, elements, f.p) - chunkBegin(lo, elements, f.p)) * elementBytes;
  const swap = (k: number, reduce: boolean) => {
    if (f.r === 0 && distanceOnly(net) && !net.unidirectional) {
      // every swap of step k spans 2^k either way, and the first segment of a level is its
      // largest (the chunks holding one element more come first). A unidirectional ring is not
      // symmetric: the largest segment may go the short way round, so there each rank counts.
      const size = f.p / pow2(k + 1);
      return net.duration(bytesOf(0, size), net.cost(0, pow2(k), PIN_AUTO), reduce);
    }
    let t = 0;
    for (let rank = 0; rank < f.p; rank++) {
      const size = f.p / pow2(k + 1);
      const lo = reduce ? segmentStart(f.p, rank, k) + ((rank >> k) & 1 ? 0 : size) : segmentStart(f.p, rank, k + 1);
      const path = net.cost(nodeOfRank(f, rank), nodeOfRank(f, rank ^ pow2(k)), PIN_AUTO);
      t = Math.max(t, net.duration(bytesOf(lo, size), path, reduce));
    }
    return t;
  };
  const steps: number[] = [];
  if (f.r > 0) steps.push(worstDuration(net, foldPairs(f), full, true));
  for (let k = 0; k < f.log2p; k++) steps.push(swap(k, true));
  for (let k = f.log2p - 1; k >= 0; k--) steps.push(swap(k, false));
  if (f.r > 0) steps.push(worstDuration(net, [...foldPairs(f)].map(([a, b]) => [b, a, PIN_AUTO] as const), full, false));
  return sumInOrder(steps);
}
