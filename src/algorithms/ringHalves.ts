// The two halves of ring all-reduce as collectives of their own (Patarasuk and Yuan, 2009; NCCL's
// ring): reduce-scatter and all-gather, N-1 steps each, every node sending one block of about D/N
// to its clockwise neighbour per step. Blocks may be uneven (the first E mod N one element longer).
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, type Op, PIN_CW, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { largestBlocks, stepwiseClosedForm } from "./stepwise.js";

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** One half of ring all-reduce: N-1 steps, node i sending one block to i+1 per step. */
abstract class RingHalf implements Schedule {
  readonly algorithm = "ring";
  abstract readonly collective: "reducescatter" | "allgather";
  readonly steps: number;
  readonly params = {};

  constructor(
    readonly nodes: number,
    readonly elements: number,
  ) {
    this.steps = nodes - 1;
  }

  stepSize(): number {
    return this.nodes;
  }

  /** The block node i sends at step s. */
  protected abstract block(i: number, s: number): number;
  protected abstract readonly op: Op;

  emit(s: number, sink: TransferSink): void {
    const n = this.nodes;
    for (let i = 0; i < n; i++) {
      const c = this.block(i, s);
      sink.add(i, i + 1 === n ? 0 : i + 1, chunkBegin(c, this.elements, n), chunkBegin(c + 1, this.elements, n), this.op, PIN_CW);
    }
  }
}

/** Step k: node i adds block i-k-1 into node i+1's; after N-1 steps node i holds the sum of block i. */
export class RingReduceScatter extends RingHalf {
  readonly collective = "reducescatter" as const;
  protected readonly op = OP_REDUCE;
  protected block(i: number, s: number): number {
    return mod(i - s - 1, this.nodes);
  }
}

/** Step k: node i copies block i-k (its own at k = 0) to node i+1. */
export class RingAllGather extends RingHalf {
  readonly collective = "allgather" as const;
  protected readonly op = OP_COPY;
  protected block(i: number, s: number): number {
    return mod(i - s, this.nodes);
  }
}

/**
 * (N-1)(alpha + 8*ceil(E/N)*b/B + hopLatency [+ gamma*ceil(E/N)*b]) on a ring or a star, where
 * every neighbour path costs the same and every step moves a largest block; on a leaf-spine each
 * step's slowest transfer is found among its N.
 */
export function ringHalfClosedForm(net: Network, elements: number, elementBytes: number, reduce: boolean): number {
  const n = net.nodes;
  if (net.kind === "leaf-spine") {
    const s = reduce ? new RingReduceScatter(n, elements) : new RingAllGather(n, elements);
    return stepwiseClosedForm(net, s, elementBytes);
  }
  return (n - 1) * net.pathDuration(largestBlocks(1, elements, n) * elementBytes, 0, 1, PIN_CW, reduce);
}
