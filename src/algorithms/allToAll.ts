// All-to-all: node i's block j ends at node j as its block i. As in nccl-tests, each of the N
// blocks is floor(E/N) elements (a remainder of E mod N stays where it is). Every node's buffer
// holds its input blocks at [0, N*q) and its output blocks from `elements` on, block i at
// elements + i*q; a node's own block is copied locally, so it costs no time.
//   direct   every pair at once, one step (contention decides the order);
//   pairwise N-1 steps; at step k node i sends block i+k to node i+k (a shift: every node sends
//            one block and receives one per step).
import { InputError } from "../core/errors.js";
import type { Network } from "../network/network.js";
import { type CopySink, OP_COPY, PIN_AUTO, type Schedule, type TransferSink } from "../core/schedule.js";
import { stepwiseClosedForm } from "./stepwise.js";

export function checkAllToAll(nodes: number, elements: number): number {
  const q = Math.floor(elements / nodes);
  if (q < 1) throw new InputError("--size", `${elements} elements`, `at least one element per block for all-to-all: ${nodes} elements or more on ${nodes} nodes`);
  return q;
}

/** The local copy of each node's own block into its output. */
export function ownBlockCopies(nodes: number, elements: number, q: number, sink: CopySink): void {
  for (let i = 0; i < nodes; i++) sink.copy(i, i * q, elements + i * q, q);
}

abstract class AllToAll implements Schedule {
  abstract readonly algorithm: string;
  readonly collective = "alltoall" as const;
  abstract readonly steps: number;
  readonly params = {};
  readonly bufferElements: number;
  protected readonly q: number;

  constructor(
    readonly nodes: number,
    readonly elements: number,
  ) {
    this.q = checkAllToAll(nodes, elements);
    this.bufferElements = 2 * elements;
  }

  abstract stepSize(s: number): number;
  abstract emit(s: number, sink: TransferSink): void;

  /** Node i's block j to node j's output block i. */
  protected send(i: number, j: number, sink: TransferSink): void {
    sink.add(i, j, j * this.q, (j + 1) * this.q, OP_COPY, PIN_AUTO, this.elements + i * this.q);
  }

  copies(s: number, sink: CopySink): void {
    if (s === 0) ownBlockCopies(this.nodes, this.elements, this.q, sink);
  }
}

export class DirectAllToAll extends AllToAll {
  readonly algorithm = "direct";
  readonly steps = 1;

  stepSize(): number {
    return this.nodes * (this.nodes - 1);
  }

  emit(_s: number, sink: TransferSink): void {
    // by distance: every node's nearest peer first, so first fit sees the short lightpaths first
    const n = this.nodes;
    for (let k = 1; k < n; k++) for (let i = 0; i < n; i++) this.send(i, (i + k) % n, sink);
  }
}

export class PairwiseAllToAll extends AllToAll {
  readonly algorithm = "pairwise";
  readonly steps: number;

  constructor(nodes: number, elements: number) {
    super(nodes, elements);
    this.steps = nodes - 1;
  }

  stepSize(): number {
    return this.nodes;
  }

  emit(s: number, sink: TransferSink): void {
    const n = this.nodes;
    for (let i = 0; i < n; i++) this.send(i, (i + s + 1) % n, sink);
  }
}

/** Direct: d(q elements, the farthest pair); on a ring N/2 hops (or N-1 one way round). */
export function directClosedForm(net: Network, elements: number, elementBytes: number): number {
  const n = net.nodes;
  const bytes = checkAllToAll(n, elements) * elementBytes;
  if (net.kind === "leaf-spine") return stepwiseClosedForm(net, new DirectAllToAll(n, elements), elementBytes);
  let t = 0;
  for (let k = 1; k < n; k++) t = Math.max(t, net.pathDuration(bytes, 0, k, PIN_AUTO, false));
  return t;
}

/** Pairwise: sum over k = 1..N-1 of d(q elements, k apart). */
export function pairwiseClosedForm(net: Network, elements: number, elementBytes: number): number {
  const n = net.nodes;
  const bytes = checkAllToAll(n, elements) * elementBytes;
  if (net.kind === "leaf-spine") return stepwiseClosedForm(net, new PairwiseAllToAll(n, elements), elementBytes);
  let t = 0;
  for (let k = 1; k < n; k++) t += net.pathDuration(bytes, 0, k, PIN_AUTO, false);
  return t;
}
