// Recursive doubling: log2 p steps in which rank i exchanges its whole vector with rank i xor 2^k
// and both add; non-powers of two fold the extra nodes in and out (fold.ts).
import type { Network } from "../network/network.js";
import { OP_REDUCE, PIN_AUTO, type TransferSink } from "../core/schedule.js";
import { FoldedAllReduce, exchangePairs, foldOf, foldPairs } from "./fold.js";
import { distanceOnly, sumInOrder, worstDuration } from "./worstStep.js";

export class RecursiveDoublingAllReduce extends FoldedAllReduce {
  readonly algorithm = "rd";

  constructor(nodes: number, elements: number) {
    super(nodes, elements, 1);
  }

  protected emitInner(k: number, sink: TransferSink): void {
    for (const [a, b] of exchangePairs(this.fold, k)) sink.add(a, b, 0, this.elements, OP_REDUCE, PIN_AUTO);
  }
}

/** [fold in] + sum over k of d(D, worst path at rank distance 2^k) + [fold out]. */
export function rdClosedForm(net: Network, elements: number, elementBytes: number): number {
  const f = foldOf(net.nodes);
  const bytes = elements * elementBytes;
  if (f.r === 0 && distanceOnly(net)) {
    // every exchange of step k spans 2^k, one way or the other: on a ring or star one pair (both
    // ways, as a unidirectional ring is not symmetric) stands for all. No allocation: design-space
    // searches evaluate this millions of times.
    let t = 0;
    for (let k = 0, d = 1; k < f.log2p; k++, d *= 2) {
      t += Math.max(net.pathDuration(bytes, 0, d, PIN_AUTO, true), net.pathDuration(bytes, d, 0, PIN_AUTO, true));
    }
    return t;
  }
  const steps: number[] = [];
  if (f.r > 0) steps.push(worstDuration(net, foldPairs(f), bytes, true));
  for (let k = 0; k < f.log2p; k++) steps.push(worstDuration(net, exchangePairs(f, k), bytes, true));
  if (f.r > 0) steps.push(worstDuration(net, [...foldPairs(f)].map(([a, b]) => [b, a, PIN_AUTO] as const), bytes, false));
  return sumInOrder(steps);
}
