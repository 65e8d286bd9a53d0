// Recursive-halving reduce-scatter (`rh`; Thakur, Rabenseifner and Gropp 2005), any N: the extra
// nodes of a non-power of two fold in first (node 2j adds its whole vector into 2j+1 for j < r,
// fold.ts), then p = 2^floor(log2 N) ranks halve: at step k rank v swaps with v xor p/2^(k+1) the
// half of its current range of rank-blocks that the partner keeps, and adds what it receives.
// Rank v's blocks are those of the nodes it stands for (2v and 2v+1 for v < r, else block v+r),
// so every range is a run of consecutive blocks. Last, rank v < r hands block 2v to node 2v.
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_AUTO, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { type Fold, foldOf, foldPairs, nodeOfRank } from "./fold.js";
import { stepwiseClosedForm } from "./stepwise.js";

export class RecursiveHalvingReduceScatter implements Schedule {
  readonly algorithm = "rh";
  readonly collective = "reducescatter" as const;
  readonly steps: number;
  readonly params: Readonly<Record<string, number>>;
  private readonly fold: Fold;
  private readonly folded: number;

  constructor(
    readonly nodes: number,
    readonly elements: number,
  ) {
    this.fold = foldOf(nodes);
    this.folded = this.fold.r > 0 ? 1 : 0;
    this.steps = this.fold.log2p + 2 * this.folded;
    this.params = { foldedNodes: this.fold.r };
  }

  stepSize(s: number): number {
    return this.folded && (s === 0 || s === this.steps - 1) ? this.fold.r : this.fold.p;
  }

  /** First element of rank-block v (v = p: the end of the vector). */
  private rankBegin(v: number): number {
    const { p, r } = this.fold;
    const block = v >= p ? this.nodes : v < r ? 2 * v : v + r;
    return chunkBegin(block, this.elements, this.nodes);
  }

  emit(s: number, sink: TransferSink): void {
    const f = this.fold;
    const n = this.nodes;
    const e = this.elements;
    if (this.folded && s === 0) {
      for (const [a, b] of foldPairs(f)) sink.add(a, b, 0, e, OP_REDUCE, PIN_AUTO);
      return;
    }
    if (this.folded && s === this.steps - 1) {
      for (let j = 0; j < f.r; j++) sink.add(2 * j + 1, 2 * j, chunkBegin(2 * j, e, n), chunkBegin(2 * j + 1, e, n), OP_COPY, PIN_AUTO);
      return;
    }
    const k = s - this.folded;
    const h = f.p >> (k + 1);
    for (let v = 0; v < f.p; v++) {
      const lo = Math.floor(v / (2 * h)) * 2 * h;
      // send the half the partner keeps
      const give = (v & h) === 0 ? lo + h : lo;
      sink.add(nodeOfRank(f, v), nodeOfRank(f, v ^ h), this.rankBegin(give), this.rankBegin(give + h), OP_REDUCE, PIN_AUTO);
    }
  }
}

/** Sum over steps of the slowest transfer (rank ranges and fold pairs vary in size and distance). */
export function rhClosedForm(net: Network, elements: number, elementBytes: number): number {
  return stepwiseClosedForm(net, new RecursiveHalvingReduceScatter(net.nodes, elements), elementBytes);
}
