// Bruck's all-to-all (Bruck et al., IEEE TPDS 1997), ceil(log2 N) steps with forwarding. Each node
// works in a rotated array of N slots, slot r first holding its block for node i+r. At step k
// every node sends the slots whose index has bit k set, packed into one message, to node i+2^k,
// which stores them in the same slots; after the last step slot r of node i holds node i-r's
// block for i. Packing, unpacking and the rotations are local copies (no time in the model), as
// in MPICH: only the packed messages cross the network. Buffer, in blocks of q = floor(E/N):
// input [0, E), output [E, 2E), slots from 2E, outgoing pack after them, incoming pack after that.
import type { Network } from "../network/network.js";
import { type CopySink, OP_COPY, PIN_AUTO, type Schedule, type TransferSink } from "../core/schedule.js";
import { checkAllToAll } from "./allToAll.js";
import { ceilLog2, pow2 } from "./pow2.js";
import { stepwiseClosedForm } from "./stepwise.js";

export class BruckAllToAll implements Schedule {
  readonly algorithm = "bruck";
  readonly collective = "alltoall" as const;
  readonly steps: number;
  readonly params = {};
  readonly bufferElements: number;
  private readonly q: number;
  private readonly slots: number;
  private readonly packOut: number;
  private readonly packIn: number;

  constructor(
    readonly nodes: number,
    readonly elements: number,
  ) {
    this.q = checkAllToAll(nodes, elements);
    this.steps = ceilLog2(nodes);
    const blocks = nodes * this.q;
    this.slots = 2 * elements;
    this.packOut = this.slots + blocks;
    this.packIn = this.packOut + blocks;
    this.bufferElements = this.packIn + blocks;
  }

  stepSize(): number {
    return this.nodes;
  }

  /** Slots sent at step k: those with bit k set, in order. */
  private sent(k: number): number[] {
    const out: number[] = [];
    for (let r = 1; r < this.nodes; r++) if (r & pow2(k)) out.push(r);
    return out;
  }

  emit(s: number, sink: TransferSink): void {
    const n = this.nodes;
    const length = this.sent(s).length * this.q;
    for (let i = 0; i < n; i++) sink.add(i, (i + pow2(s)) % n, this.packOut, this.packOut + length, OP_COPY, PIN_AUTO, this.packIn);
  }

  copies(s: number, sink: CopySink): void {
    const n = this.nodes;
    const q = this.q;
    const e = this.elements;
    for (let i = 0; i < n; i++) {
      if (s === 0) {
        // rotate: slot r holds the block for node i+r
        for (let r = 0; r < n; r++) sink.copy(i, ((i + r) % n) * q, this.slots + r * q, q);
      } else {
        // unpack what arrived in the previous step into the same slots
        this.sent(s - 1).forEach((r, k) => sink.copy(i, this.packIn + k * q, this.slots + r * q, q));
      }
      if (s < this.steps) {
        this.sent(s).forEach((r, k) => sink.copy(i, this.slots + r * q, this.packOut + k * q, q));
      } else {
        // slot r holds node (i - r)'s block for i: its output block i - r
        for (let r = 0; r < n; r++) sink.copy(i, this.slots + r * q, e + (((i - r) % n) + n) % n * q, q);
      }
    }
  }
}

/** Sum over k of d(|{r < N : bit k of r}| blocks, 2^k apart). Stepwise on a leaf-spine. */
export function bruckAllToAllClosedForm(net: Network, elements: number, elementBytes: number): number {
  const n = net.nodes;
  const q = checkAllToAll(n, elements);
  if (net.kind === "leaf-spine") return stepwiseClosedForm(net, new BruckAllToAll(n, elements), elementBytes);
  let t = 0;
  for (let k = 0; k < ceilLog2(n); k++) {
    let count = 0;
    for (let r = 1; r < n; r++) if (r & pow2(k)) count++;
    t += net.pathDuration(count * q * elementBytes, 0, pow2(k) % n, PIN_AUTO, false);
  }
  return t;
}
