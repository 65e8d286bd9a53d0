// Recursive all-gather (`rd`), log2 N steps of doubling size. On a power of two, recursive
// doubling (Thakur, Rabenseifner and Gropp 2005): at step k node i swaps with i xor 2^k the 2^k
// blocks it holds, an aligned run. On any other N, Bruck's algorithm (Bruck et al., 1997):
// ceil(log2 N) steps; at step k node i sends the min(2^k, N - 2^k) blocks it holds, i, i+1, ...,
// to node i - 2^k. Bruck works in a rotated copy of the buffer (node i's block i first), kept in
// scratch space after the vector: the rotations in and out are local copies.
import type { Network } from "../network/network.js";
import { type CopySink, OP_COPY, PIN_AUTO, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { ceilLog2, pow2 } from "./pow2.js";
import { largestBlocks, stepwiseClosedForm } from "./stepwise.js";

const mod = (a: number, n: number) => ((a % n) + n) % n;

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

export class RecursiveAllGather implements Schedule {
  readonly algorithm = "rd";
  readonly collective = "allgather" as const;
  readonly steps: number;
  readonly params: Readonly<Record<string, string>>;
  readonly bufferElements?: number;
  private readonly bruck: boolean;

  constructor(
    readonly nodes: number,
    readonly elements: number,
  ) {
    this.steps = ceilLog2(nodes);
    this.bruck = !isPowerOfTwo(nodes);
    this.params = { variant: this.bruck ? "bruck" : "doubling" };
    if (this.bruck) this.bufferElements = 2 * elements;
  }

  stepSize(): number {
    return this.nodes;
  }

  /** Elements of the cyclic run of `count` blocks from block j. */
  private run(j: number, count: number): number {
    const e = this.elements;
    const n = this.nodes;
    const end = j + count;
    return end <= n ? chunkBegin(end, e, n) - chunkBegin(j, e, n) : e - chunkBegin(j, e, n) + chunkBegin(end - n, e, n);
  }

  emit(s: number, sink: TransferSink): void {
    const n = this.nodes;
    const e = this.elements;
    const d = pow2(s);
    if (!this.bruck) {
      for (let i = 0; i < n; i++) {
        const first = Math.floor(i / d) * d;
        sink.add(i, i ^ d, chunkBegin(first, e, n), chunkBegin(first + d, e, n), OP_COPY, PIN_AUTO);
      }
      return;
    }
    const count = Math.min(d, n - d);
    for (let i = 0; i < n; i++) {
      const to = mod(i - d, n);
      // the rotated buffer of node j holds blocks j, j+1, ... from `elements` on
      sink.add(i, to, e, e + this.run(i, count), OP_COPY, PIN_AUTO, e + this.run(to, d));
    }
  }

  copies(s: number, sink: CopySink): void {
    if (!this.bruck) return;
    const n = this.nodes;
    const e = this.elements;
    if (s === 0) {
      for (let i = 0; i < n; i++) sink.copy(i, chunkBegin(i, e, n), e, chunkBegin(i + 1, e, n) - chunkBegin(i, e, n));
    } else if (s === this.steps) {
      // rotate back: blocks i..N-1 then 0..i-1
      for (let i = 0; i < n; i++) {
        const b = chunkBegin(i, e, n);
        sink.copy(i, e, b, e - b);
        if (b > 0) sink.copy(i, e + (e - b), 0, b);
      }
    }
  }
}

/**
 * Doubling: sum over k of d(2^k blocks, 2^k apart, the slower way of the two); Bruck: sum over k
 * of d(min(2^k, N-2^k) blocks, from i to i-2^k). Stepwise on a leaf-spine.
 */
export function rdAllGatherClosedForm(net: Network, elements: number, elementBytes: number): number {
  const n = net.nodes;
  // where the two ways round differ (a unidirectional ring) the longest run need not take the
  // longest path: each step's slowest transfer is found among its N
  if (net.kind === "leaf-spine" || net.unidirectional) return stepwiseClosedForm(net, new RecursiveAllGather(n, elements), elementBytes);
  let t = 0;
  for (let k = 0, d = 1; k < ceilLog2(n); k++, d *= 2) {
    if (isPowerOfTwo(n)) {
      const bytes = largestBlocks(d, elements, n) * elementBytes;
      t += Math.max(net.pathDuration(bytes, 0, d, PIN_AUTO, false), net.pathDuration(bytes, d, 0, PIN_AUTO, false));
    } else {
      t += net.pathDuration(largestBlocks(Math.min(d, n - d), elements, n) * elementBytes, d, 0, PIN_AUTO, false);
    }
  }
  return t;
}
