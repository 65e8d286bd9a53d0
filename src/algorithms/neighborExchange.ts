// Neighbor-exchange all-gather (Chen et al., 2005; MPICH's allgather for even N): N/2 steps.
// Step 0: nodes 2p and 2p+1 swap their blocks, so each pair holds pair p's two blocks. Then each
// node alternates between its two neighbours, passing on the pair of blocks it received the step
// before (its own pair first): even nodes receive pairs p-1, p+1, p-2, p+2, ... and odd nodes the
// mirror, so every node has all N/2 pairs after N/2-1 more steps. Needs an even node count.
import { InputError } from "../core/errors.js";
import type { Network } from "../network/network.js";
import { OP_COPY, PIN_AUTO, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { largestBlocks, stepwiseClosedForm } from "./stepwise.js";

const mod = (a: number, n: number) => ((a % n) + n) % n;

export function checkNeighborExchange(nodes: number): void {
  if (nodes % 2 !== 0) throw new InputError("--nodes", nodes, "an even node count for ne (neighbor exchange pairs the nodes)");
}

export class NeighborExchangeAllGather implements Schedule {
  readonly algorithm = "ne";
  readonly collective = "allgather" as const;
  readonly steps: number;
  readonly params = {};
  private readonly pairs: number;

  constructor(
    readonly nodes: number,
    readonly elements: number,
  ) {
    checkNeighborExchange(nodes);
    this.pairs = nodes / 2;
    this.steps = nodes / 2;
  }

  stepSize(): number {
    return this.nodes;
  }

  /** The pair node i receives at step t >= 1. */
  private received(i: number, t: number): number {
    const p = i >> 1;
    const even = (i & 1) === 0;
    const away = t % 2 === 1 ? -(t + 1) / 2 : t / 2;
    return mod(even ? p + away : p - away, this.pairs);
  }

  /** Node i's partner at step t: its pair mate at step 0, then the other neighbour, alternating. */
  private partner(i: number, t: number): number {
    const even = (i & 1) === 0;
    const right = t % 2 === 0 ? even : !even;
    return mod(right ? i + 1 : i - 1, this.nodes);
  }

  emit(s: number, sink: TransferSink): void {
    const n = this.nodes;
    const e = this.elements;
    for (let i = 0; i < n; i++) {
      const to = this.partner(i, s);
      if (s === 0) {
        sink.add(i, to, chunkBegin(i, e, n), chunkBegin(i + 1, e, n), OP_COPY, PIN_AUTO);
        continue;
      }
      const pair = s === 1 ? i >> 1 : this.received(i, s - 1);
      sink.add(i, to, chunkBegin(2 * pair, e, n), chunkBegin(2 * pair + 2, e, n), OP_COPY, PIN_AUTO);
    }
  }
}

/**
 * d(one block, a neighbour) + (N/2 - 1) d(two blocks, a neighbour), the slower neighbour of the
 * two on a ring (a unidirectional ring's left neighbour is N-1 hops away); stepwise on a leaf-spine.
 */
export function neClosedForm(net: Network, elements: number, elementBytes: number): number {
  const n = net.nodes;
  checkNeighborExchange(n);
  if (net.kind === "leaf-spine") return stepwiseClosedForm(net, new NeighborExchangeAllGather(n, elements), elementBytes);
  const neighbour = (bytes: number) => Math.max(net.pathDuration(bytes, 0, 1, PIN_AUTO, false), net.pathDuration(bytes, 1, 0, PIN_AUTO, false));
  return neighbour(largestBlocks(1, elements, n) * elementBytes) + (n / 2 - 1) * neighbour(largestBlocks(2, elements, n) * elementBytes);
}
