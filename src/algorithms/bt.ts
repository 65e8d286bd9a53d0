// Binomial-tree all-reduce: a binomial reduce of the whole vector to node 0, then the mirrored
// binomial broadcast; 2*ceil(log2 N) steps of D.
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_AUTO, type Schedule, type TransferSink } from "../core/schedule.js";
import { ceilLog2, pow2 } from "./pow2.js";
import { type Pair, distanceOnly, sumInOrder, worstDuration } from "./worstStep.js";

export { ceilLog2 };

/** Reduce step k: every node i = 2^k mod 2^(k+1) sends to i - 2^k. */
function* reducePairs(n: number, k: number): Generator<Pair> {
  const d = pow2(k);
  for (let i = d; i < n; i += 2 * d) yield [i, i - d, PIN_AUTO];
}

export class BinomialTreeAllReduce implements Schedule {
  readonly algorithm = "bt";
  readonly steps: number;
  readonly params = {};
  private readonly levels: number;

  constructor(
    readonly nodes: number,
    readonly elements: number,
  ) {
    this.levels = ceilLog2(nodes);
    this.steps = 2 * this.levels;
  }

  /** Distance exponent of step s: 0, 1, .. L-1 reducing, then L-1 .. 0 broadcasting. */
  private level(s: number): number {
    return s < this.levels ? s : this.steps - 1 - s;
  }

  stepSize(s: number): number {
    const d = pow2(this.level(s));
    return Math.floor((this.nodes + d - 1) / (2 * d));
  }

  emit(s: number, sink: TransferSink): void {
    const reduce = s < this.levels;
    for (const [child, parent] of reducePairs(this.nodes, this.level(s))) {
      if (reduce) sink.add(child, parent, 0, this.elements, OP_REDUCE, PIN_AUTO);
      else sink.add(parent, child, 0, this.elements, OP_COPY, PIN_AUTO);
    }
  }
}

/** sum over k of d(D, worst path at distance 2^k) reducing, then the same copying back. */
export function btClosedForm(net: Network, elements: number, elementBytes: number): number {
  const n = net.nodes;
  const bytes = elements * elementBytes;
  const levels = ceilLog2(n);
  if (distanceOnly(net)) {
    // every pair of step k lies 2^k apart: on a ring or star the first stands for all
    let t = 0;
    for (let k = 0; k < levels; k++) t += net.pathDuration(bytes, pow2(k), 0, PIN_AUTO, true);
    for (let k = levels - 1; k >= 0; k--) t += net.pathDuration(bytes, 0, pow2(k), PIN_AUTO, false);
    return t;
  }
  const steps: number[] = [];
  for (let k = 0; k < levels; k++) steps.push(worstDuration(net, reducePairs(n, k), bytes, true));
  for (let k = levels - 1; k >= 0; k--) {
    const down: Pair[] = [];
    for (const [c, p] of reducePairs(n, k)) down.push([p, c, PIN_AUTO]);
    steps.push(worstDuration(net, down, bytes, false));
  }
  return sumInOrder(steps);
}
