// Binomial-tree broadcast and reduce from any root (the halves of bt all-reduce): nodes are
// numbered from the root, v = i - root mod N. Reduce: at step k every v = 2^k mod 2^(k+1) adds
// its vector into v - 2^k; broadcast mirrors it, farthest first: at step k (from ceil(log2 N)-1
// down) every v = 0 mod 2^(k+1) copies the vector to v + 2^k.
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_AUTO, type Schedule, type TransferSink } from "../core/schedule.js";
import { ceilLog2, pow2 } from "./pow2.js";
import { distanceOnly, sumInOrder, worstDuration } from "./worstStep.js";

export class BinomialRooted implements Schedule {
  readonly algorithm = "bt";
  readonly steps: number;
  readonly params = {};

  constructor(
    readonly collective: "broadcast" | "reduce",
    readonly nodes: number,
    readonly elements: number,
    readonly root: number,
  ) {
    this.steps = ceilLog2(nodes);
  }

  /** Distance exponent of step s. */
  private level(s: number): number {
    return this.collective === "reduce" ? s : this.steps - 1 - s;
  }

  stepSize(s: number): number {
    const d = pow2(this.level(s));
    return Math.floor((this.nodes + d - 1) / (2 * d));
  }

  emit(s: number, sink: TransferSink): void {
    const n = this.nodes;
    const d = pow2(this.level(s));
    const node = (v: number) => (v + this.root) % n;
    for (let v = d; v < n; v += 2 * d) {
      if (this.collective === "reduce") sink.add(node(v), node(v - d), 0, this.elements, OP_REDUCE, PIN_AUTO);
      else sink.add(node(v - d), node(v), 0, this.elements, OP_COPY, PIN_AUTO);
    }
  }
}

/** Sum over k of d(D, 2^k apart); with every pair of a step listed where paths differ by place. */
export function btRootedClosedForm(net: Network, collective: "broadcast" | "reduce", elements: number, elementBytes: number, root: number): number {
  const n = net.nodes;
  const bytes = elements * elementBytes;
  const reduce = collective === "reduce";
  const levels = ceilLog2(n);
  let t = 0;
  if (distanceOnly(net)) {
    // a ring or star is the same seen from any root
    for (let k = 0; k < levels; k++) t += reduce ? net.pathDuration(bytes, pow2(k), 0, PIN_AUTO, true) : net.pathDuration(bytes, 0, pow2(k), PIN_AUTO, false);
    return t;
  }
  const steps: number[] = [];
  for (let k = 0; k < levels; k++) {
    const d = pow2(k);
    const pairs: [number, number, number][] = [];
    for (let v = d; v < n; v += 2 * d) pairs.push(reduce ? [(v + root) % n, (v - d + root) % n, PIN_AUTO] : [(v - d + root) % n, (v + root) % n, PIN_AUTO]);
    steps.push(worstDuration(net, pairs, bytes, reduce));
  }
  return sumInOrder(steps);
}
