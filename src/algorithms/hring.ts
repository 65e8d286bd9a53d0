// Hierarchical (2-D) ring all-reduce (as in Jia et al. 2018, "Highly scalable deep learning
// training system with mixed-precision", and Mikami et al. 2018): N = g*G nodes in G groups of g
// ring-consecutive nodes. The vector is cut into g shards. (1) Inside each group, a ring
// reduce-scatter leaves local member i with shard i+1 summed over the group; (2) the owners of
// shard k in all groups run a ring all-reduce of it (G participants, 2(G-1) steps); on a
// bidirectional ring odd shards circulate counter-clockwise to halve the wavelengths needed;
// (3) a ring all-gather inside each group. 2(g-1) + 2(G-1) steps. g must divide N.
import { InputError } from "../core/errors.js";
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_CCW, PIN_CW, type Pin, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { distanceOnly, sumInOrder } from "./worstStep.js";

/** The divisor of N closest to sqrt(N) (ties to the smaller). */
export function defaultHringGroup(n: number): number {
  const root = Math.sqrt(n);
  let best = 1;
  for (let d = 1; d * d <= n; d++) {
    if (n % d !== 0) continue;
    for (const c of [d, n / d]) {
      const better = Math.abs(c - root) < Math.abs(best - root) || (Math.abs(c - root) === Math.abs(best - root) && c < best);
      if (better) best = c;
    }
  }
  return best;
}

export function checkHringGroup(n: number, g: number): void {
  if (!Number.isInteger(g) || g < 1 || g > n || n % g !== 0) {
    throw new InputError("--hring-group", g, `a divisor of the node count ${n} (groups must be equal)`);
  }
}

interface Shape {
  n: number;
  g: number;
  groups: number;
  /** Inter-group ring of odd shards runs counter-clockwise. */
  alternate: boolean;
  /** The intra-group wrap (last member back to the first) goes back through the segment. */
  wrapPin: Pin;
}

function shapeOf(net: Network, g: number): Shape {
  const groups = net.nodes / g;
  return {
    n: net.nodes,
    g,
    groups,
    alternate: !net.unidirectional,
    wrapPin: groups === 1 || net.unidirectional ? PIN_CW : PIN_CCW,
  };
}

/** Intra-group ring step: local i sends to i+1; the pin of that hop. */
function intraPin(s: Shape, i: number): Pin {
  return i === s.g - 1 ? s.wrapPin : PIN_CW;
}

export class HierarchicalRingAllReduce implements Schedule {
  readonly algorithm = "hring";
  readonly steps: number;
  readonly params: Readonly<Record<string, number>>;
  private readonly s: Shape;

  constructor(
    net: Network,
    readonly elements: number,
    groupSize = defaultHringGroup(net.nodes),
  ) {
    checkHringGroup(net.nodes, groupSize);
    this.s = shapeOf(net, groupSize);
    this.steps = 2 * (groupSize - 1) + 2 * (this.s.groups - 1);
    this.params = { groupSize, groups: this.s.groups };
  }

  get nodes(): number {
    return this.s.n;
  }

  stepSize(step: number): number {
    const { g, groups, n } = this.s;
    if (step < g - 1 || step >= g - 1 + 2 * (groups - 1)) return n; // every node sends in a group ring
    return g * groups; // every shard owner sends in its shard ring
  }

  emit(step: number, sink: TransferSink): void {
    const { g, groups } = this.s;
    const e = this.elements;
    const shard = (k: number) => chunkBegin(k, e, g);
    const inter = step - (g - 1);
    if (inter < 0 || inter >= 2 * (groups - 1)) {
      // (1) reduce-scatter or (3) all-gather inside each group
      const rs = inter < 0;
      const t = rs ? step : step - (g - 1) - 2 * (groups - 1);
      for (let j = 0; j < groups; j++) {
        for (let i = 0; i < g; i++) {
          const k = (((rs ? i - t : i + 1 - t) % g) + g) % g;
          sink.add(j * g + i, j * g + ((i + 1) % g), shard(k), shard(k + 1), rs ? OP_REDUCE : OP_COPY, intraPin(this.s, i));
        }
      }
      return;
    }
    // (2) ring all-reduce of each shard among its owners, one per group
    const rs = inter < groups - 1;
    const t = rs ? inter : inter - (groups - 1);
    for (let k = 0; k < g; k++) {
      const owner = (k + g - 1) % g; // local index holding shard k after step (1)
      const ccw = this.s.alternate && k % 2 === 1;
      const base = shard(k);
      const size = shard(k + 1) - base;
      for (let r = 0; r < groups; r++) {
        // position r on this shard's ring; counter-clockwise rings visit groups in reverse
        const group = ccw ? (groups - r) % groups : r;
        const next = ccw ? (groups - r - 1 + groups) % groups : (r + 1) % groups;
        const c = (((rs ? r - t : r + 1 - t) % groups) + groups) % groups;
        const begin = base + chunkBegin(c, size, groups);
        const end = base + chunkBegin(c + 1, size, groups);
        sink.add(group * g + owner, next * g + owner, begin, end, rs ? OP_REDUCE : OP_COPY, ccw ? PIN_CCW : PIN_CW);
      }
    }
  }
}

/**
 * (g-1) intra-group steps + 2(G-1) shard-ring steps + (g-1) intra-group steps, each as long as its
 * slowest transfer: the largest shard (ceil(E/g) elements) over the slowest intra-group hop, and
 * the largest shard piece (ceil(ceil(E/g)/G)) over the slowest owner-to-owner path. Exact when g
 * divides E and G divides E/g; otherwise the largest piece and the slowest path may fall in
 * different transfers and this is an upper bound within one element per step.
 */
export function hringClosedForm(net: Network, elements: number, elementBytes: number, g: number): number {
  const s = shapeOf(net, g);
  const shardBytes = chunkBegin(1, elements, g) * elementBytes;
  const pieceBytes = chunkBegin(1, chunkBegin(1, elements, g), s.groups) * elementBytes;
  if (distanceOnly(net)) {
    // on a ring or star only path lengths matter: a group ring's hop and its wrap, and a shard
    // ring's hop each way round; the steps are summed in order, with no allocation
    const hop = net.cost(0, 1 % net.nodes, PIN_CW);
    const wrap = net.cost(g - 1, 0, s.wrapPin);
    const cw = net.cost(g - 1, (2 * g - 1) % net.nodes, PIN_CW);
    const ccw = s.alternate && g > 1 ? net.cost(0, (net.nodes - g) % net.nodes, PIN_CCW) : cw;
    const worst = (a: number, b: number) => Math.max(a, b);
    const intraRs = g > 1 ? worst(net.duration(shardBytes, hop, true), net.duration(shardBytes, wrap, true)) : 0;
    const intraAg = g > 1 ? worst(net.duration(shardBytes, hop, false), net.duration(shardBytes, wrap, false)) : 0;
    const interRs = s.groups > 1 ? worst(net.duration(pieceBytes, cw, true), net.duration(pieceBytes, ccw, true)) : 0;
    const interAg = s.groups > 1 ? worst(net.duration(pieceBytes, cw, false), net.duration(pieceBytes, ccw, false)) : 0;
    let t = 0;
    for (let k = 0; k < g - 1; k++) t += intraRs;
    for (let k = 0; k < s.groups - 1; k++) t += interRs;
    for (let k = 0; k < s.groups - 1; k++) t += interAg;
    for (let k = 0; k < g - 1; k++) t += intraAg;
    return t;
  }
  let intraRs = 0;
  let intraAg = 0;
  let interRs = 0;
  let interAg = 0;
  // on a ring or star group 0 has every path length there is: its hops, its wrap, its shard rings
  const groupsToVisit = distanceOnly(net) ? Math.min(1, s.groups) : s.groups;
  for (let j = 0; j < groupsToVisit; j++) {
    for (let i = 0; i < g && g > 1; i++) {
      const path = net.cost(j * g + i, j * g + ((i + 1) % g), intraPin(s, i));
      intraRs = Math.max(intraRs, net.duration(shardBytes, path, true));
      intraAg = Math.max(intraAg, net.duration(shardBytes, path, false));
    }
    for (let k = 0; k < g && s.groups > 1; k++) {
      const ccw = s.alternate && k % 2 === 1;
      const owner = (k + g - 1) % g;
      const next = ccw ? (j - 1 + s.groups) % s.groups : (j + 1) % s.groups;
      const path = net.cost(j * g + owner, next * g + owner, ccw ? PIN_CCW : PIN_CW);
      interRs = Math.max(interRs, net.duration(pieceBytes, path, true));
      interAg = Math.max(interAg, net.duration(pieceBytes, path, false));
    }
  }
  const steps: number[] = [];
  for (let t = 0; t < g - 1; t++) steps.push(intraRs);
  for (let t = 0; t < s.groups - 1; t++) steps.push(interRs);
  for (let t = 0; t < s.groups - 1; t++) steps.push(interAg);
  for (let t = 0; t < g - 1; t++) steps.push(intraAg);
  return sumInOrder(steps);
}
