// Ring all-reduce (Patarasuk and Yuan, 2009; the NCCL ring): reduce-scatter then all-gather
// around the ring, 2(N-1) steps, each node sending one chunk of about D/N to its clockwise
// neighbour per step. Chunks may be uneven: the first E mod N chunks hold one element more.
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_CW, type PackedRecords, type Schedule, type TransferSink, emitPacked } from "../core/schedule.js";

export class RingAllReduce implements Schedule {
  readonly algorithm = "ring";
  readonly steps: number;
  readonly params = {};
  readonly kernelPattern = "ring" as const;

  constructor(
    readonly nodes: number,
    readonly elements: number,
  ) {
    this.steps = 2 * (nodes - 1);
  }

  stepSize(): number {
    return this.nodes;
  }

  emit(s: number, sink: TransferSink): void {
    emitPacked(this, s, sink);
  }

  /** The transfers of step s (their one definition; emit unpacks them). */
  fill(s: number, out: PackedRecords): void {
    const n = this.nodes;
    const e = this.elements;
    const q = Math.floor(e / n);
    const r = e - q * n;
    const reduce = s < n - 1;
    const flags = (reduce ? OP_REDUCE : OP_COPY) | (PIN_CW << 1);
    // reduce-scatter step k: node i sends chunk i-k to i+1; all-gather step k: node i sends chunk
    // i+1-k. The chunk index advances with i, so it is stepped rather than divided: this loop
    // feeds the engine hundreds of millions of transfers.
    const shift = reduce ? -s : 1 - (s - (n - 1));
    let c = ((shift % n) + n) % n;
    const { i32, f64, base, end, stride } = out;
    let w = out.at;
    for (let i = 0; i < n; i++) {
      const begin = c * q + (c < r ? c : r);
      i32[w] = i;
      i32[w + 1] = i + 1 === n ? 0 : i + 1;
      i32[w + 2] = flags;
      f64[(w >> 1) + 2] = begin;
      f64[(w >> 1) + 3] = begin + q + (c < r ? 1 : 0);
      w += stride;
      if (w === end) w = base;
      c = c + 1 === n ? 0 : c + 1;
    }
  }
}

/**
 * Lockstep time without contention: 2(N-1) steps, each as long as its slowest transfer; on the
 * optical ring 2(N-1)(alpha + 8*ceil(E/N)*b/B + hopLatency) (the first E mod N chunks hold one
 * element more, and every step moves one of them). On a leaf-spine, where neighbour paths differ
 * and uneven chunks may avoid the slow ones, each step's slowest transfer is found among its N.
 */
export function ringClosedForm(net: Network, elements: number, elementBytes: number): number {
  const n = net.nodes;
  const q = Math.floor(elements / n);
  const r = elements - q * n;
  const largest = (q + (r > 0 ? 1 : 0)) * elementBytes;
  if (net.kind !== "leaf-spine") {
    // on a ring or a star every neighbour path costs the same, and every step moves a largest
    // chunk: 2(N-1) equal steps
    const path = net.cost(0, 1, PIN_CW);
    return (n - 1) * net.duration(largest, path, true) + (n - 1) * net.duration(largest, path, false);
  }
  const paths = Array.from({ length: n }, (_, i) => net.cost(i, (i + 1) % n, PIN_CW));
  const step = (s: number, reduce: boolean): number => {
    let t = 0;
    for (let i = 0; i < n; i++) {
      const c = (((reduce ? i - s : i + 1 - s) % n) + n) % n; // the chunk node i sends
      t = Math.max(t, net.duration((q + (c < r ? 1 : 0)) * elementBytes, paths[i], reduce));
    }
    return t;
  };
  if (r === 0) {
    // equal chunks: every step has one over the slowest path
    return (n - 1) * step(0, true) + (n - 1) * step(0, false);
  }
  let total = 0;
  for (let s = 0; s < n - 1; s++) total += step(s, true);
  for (let s = 0; s < n - 1; s++) total += step(s, false);
  return total;
}
