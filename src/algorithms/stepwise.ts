// The lockstep time without contention of any schedule, from its transfers: each step lasts as
// long as its slowest transfer alone on its path (alpha + bytes*8/bandwidth + hops*latency, plus
// gamma*bytes when it reduces), and steps follow one another. Algorithms whose steps have a
// regular shape have shorter formulas; this is the same formula applied transfer by transfer, used
// where shapes vary (uneven groups, partial radix stages), on damaged networks (routes round cuts,
// slow nodes; jitter is left out: the closed form is its mean's lockstep time only to first
// order), and as their check.
import type { Network } from "../network/network.js";
import { OP_REDUCE, type Schedule } from "../core/schedule.js";

export function stepwiseClosedForm(net: Network, schedule: Schedule, elementBytes: number): number {
  // stragglers: a transfer at a slow node lasts its factor times as long (the larger of its two)
  const slow = new Map(net.faults?.slow ?? []);
  const factor = (src: number, dst: number) => (slow.size === 0 ? 1 : Math.max(slow.get(src) ?? 1, slow.get(dst) ?? 1));
  let total = 0;
  for (let s = 0; s < schedule.steps; s++) {
    let slowest = 0;
    schedule.emit(s, {
      add(src, dst, begin, end, op, pin) {
        const d = net.pathDuration((end - begin) * elementBytes, src, dst, pin, op === OP_REDUCE) * factor(src, dst);
        if (d > slowest) slowest = d;
      },
    });
    total += slowest;
  }
  return total;
}

/** Elements of the largest run of `count` consecutive blocks (cyclically) when E is cut into N. */
export function largestBlocks(count: number, elements: number, nodes: number): number {
  const q = Math.floor(elements / nodes);
  const r = elements - q * nodes;
  return count * q + Math.min(count, r);
}
