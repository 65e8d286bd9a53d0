// Folding a non-power-of-two node count into recursive doubling or halving (Thakur, Rabenseifner
// and Gropp, "Optimization of collective communication operations in MPICH", IJHPCA 2005): with
// p the largest power of two <= N and r = N - p, node 2j sends its vector to 2j+1 for j < r
// (fold in), the p remaining nodes run the power-of-two algorithm, and 2j+1 returns the result to
// 2j (fold out).
import { OP_COPY, OP_REDUCE, PIN_AUTO, type Schedule, type TransferSink } from "../core/schedule.js";
import type { Pair } from "./worstStep.js";
import { pow2 } from "./pow2.js";

export interface Fold {
  /** Largest power of two <= N. */
  readonly p: number;
  readonly log2p: number;
  /** Extra nodes folded in. */
  readonly r: number;
}

export function foldOf(n: number): Fold {
  let log2p = 0;
  while (pow2(log2p + 1) <= n) log2p++;
  const p = pow2(log2p);
  return { p, log2p, r: n - p };
}

/** Node playing rank `rank` of the power-of-two algorithm. */
export function nodeOfRank(f: Fold, rank: number): number {
  return rank < f.r ? 2 * rank + 1 : rank + f.r;
}

/** Fold-in transfers 2j -> 2j+1 (fold-out reverses them). */
export function* foldPairs(f: Fold): Generator<Pair> {
  for (let j = 0; j < f.r; j++) yield [2 * j, 2 * j + 1, PIN_AUTO];
}

/** Exchange partners at distance 2^k among ranks, as node pairs (both directions). */
export function* exchangePairs(f: Fold, k: number): Generator<Pair> {
  for (let rank = 0; rank < f.p; rank++) yield [nodeOfRank(f, rank), nodeOfRank(f, rank ^ pow2(k)), PIN_AUTO];
}

/** A power-of-two all-reduce on N nodes: fold in (if N is not a power of two), run, fold out. */
export abstract class FoldedAllReduce implements Schedule {
  abstract readonly algorithm: string;
  readonly steps: number;
  readonly params: Readonly<Record<string, number>>;
  protected readonly fold: Fold;
  /** 1 when there are folding steps, else 0: the first inner step's index. */
  protected readonly folded: number;

  /** `stepsPerBit`: inner steps per bit of the rank (1 for recursive doubling, 2 for halving-doubling). */
  constructor(
    readonly nodes: number,
    readonly elements: number,
    stepsPerBit: number,
  ) {
    this.fold = foldOf(nodes);
    this.folded = this.fold.r > 0 ? 1 : 0;
    this.steps = stepsPerBit * this.fold.log2p + 2 * this.folded;
    this.params = { foldedNodes: this.fold.r };
  }

  stepSize(s: number): number {
    return this.folded && (s === 0 || s === this.steps - 1) ? this.fold.r : this.fold.p;
  }

  emit(s: number, sink: TransferSink): void {
    const e = this.elements;
    if (this.folded && s === 0) {
      for (const [a, b] of foldPairs(this.fold)) sink.add(a, b, 0, e, OP_REDUCE, PIN_AUTO);
    } else if (this.folded && s === this.steps - 1) {
      for (const [a, b] of foldPairs(this.fold)) sink.add(b, a, 0, e, OP_COPY, PIN_AUTO);
    } else {
      this.emitInner(s - this.folded, sink);
    }
  }

  /** Step t of the power-of-two algorithm among the p ranks (nodeOfRank maps them to nodes). */
  protected abstract emitInner(t: number, sink: TransferSink): void;
}
