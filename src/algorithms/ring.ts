// Ring all-reduce (Patarasuk and Yuan, 2009; the NCCL ring): reduce-scatter then all-gather
// around the ring, 2(N-1) steps, each node sending one chunk of about D/N to its clockwise
// neighbour per step. Chunks may be uneven: the first E mod N chunks hold one element more.
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_CW, type Schedule, type TransferSink, chunkBegin } from "../schedule.js";

export class RingAllReduce implements Schedule {
  readonly algorithm = "ring";
  readonly steps: number;
  readonly params = {};

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
    const n = this.nodes;
    const e = this.elements;
    const q = Math.floor(e / n);
    const r = e - q * n;
    const reduce = s < n - 1;
    // reduce-scatter step k: node i sends chunk i-k; all-gather step k: node i sends chunk i+1-k
    const shift = reduce ? -s : 1 - (s - (n - 1));
    for (let i = 0; i < n; i++) {
      let c = (i + shift) % n;
      if (c < 0) c += n;
      const begin = c * q + (c < r ? c : r);
      const end = begin + q + (c < r ? 1 : 0);
      sink.add(i, i + 1 === n ? 0 : i + 1, begin, end, reduce ? OP_REDUCE : OP_COPY, PIN_CW);
    }
  }
}

/**
 * Lockstep time without contention: 2(N-1) steps, each as long as the largest chunk
 * (ceil(E/N) elements) on the slowest neighbour route; on the optical ring
 * 2(N-1)(alpha + 8D/(NB) + hopLatency) when N divides E.
 */
export function ringClosedForm(net: Network, elements: number, elementBytes: number): number {
  const n = net.nodes;
  const largest = (chunkBegin(1, elements, n) - chunkBegin(0, elements, n)) * elementBytes;
  let reduceStep = 0;
  let copyStep = 0;
  for (let i = 0; i < n; i++) {
    const route = net.route(i, (i + 1) % n, PIN_CW);
    reduceStep = Math.max(reduceStep, net.duration(largest, route, true));
    copyStep = Math.max(copyStep, net.duration(largest, route, false));
  }
  return (n - 1) * reduceStep + (n - 1) * copyStep;
}
