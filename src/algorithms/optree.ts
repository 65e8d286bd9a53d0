// OpTree (Dai, Chen, Huang and Zhang, "OpTree: an efficient algorithm for all-gather operation in
// optical interconnect systems", arXiv 2211.15119, IEEE OJ-COMS 2024), as docs/MODEL.md reads its
// abstract: an m-ary tree whose number of stages k is chosen for the least time, with m the
// smallest radix giving k stages (m^k >= N). Stage s (0..k-1) joins m neighbouring blocks of
// m^s nodes: every node sends the blocks it holds (its own block of m^s nodes, one run) to its
// counterpart, the node at the same offset, in each of the m-1 other blocks, all at once on
// distinct wavelengths, and every node holds its m^(s+1) block after the stage. A last, smaller
// block (N not a power of m) sends to counterparts from the node at its offset modulo its size.
// Reduce-scatter runs the same exchange backwards, adding: stage k-1 first, each node sending to
// each counterpart the partial sums of the counterpart's block.
// The choice of k weighs the stages' time against their wavelength need: a stage whose lightpaths
// load a link beyond w (or a node beyond its transceivers) runs in rounds, and the plan estimates
// a stage as rounds x its slowest transfer.
import { InfeasibleError, InputError, REGENERATE_HINT } from "../core/errors.js";
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_AUTO, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { RingLoad } from "../network/ringLoad.js";

export type OpTreeKind = "allgather" | "reducescatter";

/** Every transfer of stage s: (src, dst, first node, end node) of the run of blocks it carries. */
function forEachStageTransfer(n: number, m: number, s: number, visit: (src: number, dst: number, lo: number, hi: number) => void): void {
  const t = m ** s;
  for (let i = 0; i < n; i++) {
    const q = Math.floor(i / t);
    const o = i - q * t;
    const group = Math.floor(q / m);
    for (let j = 0; j < m; j++) {
      const other = group * m + j;
      if (other === q || other * t >= n) continue;
      const size = Math.min(t, n - other * t);
      // node i receives block `other` from the node at its offset (modulo a short block's size)
      visit(other * t + (o % size), i, other * t, other * t + size);
    }
  }
}

/** Smallest radix with k stages: m^k >= N. */
export function radixFor(nodes: number, stages: number): number {
  let m = Math.max(2, Math.ceil(nodes ** (1 / stages) - 1e-9));
  while (m ** stages < nodes) m++;
  while (m > 2 && (m - 1) ** stages >= nodes) m--;
  return m;
}

/** Stages of radix m: ceil(log_m N). */
export function stagesFor(nodes: number, m: number): number {
  let k = 0;
  for (let span = 1; span < nodes; span *= m) k++;
  return k;
}

export class OpTree implements Schedule {
  readonly algorithm = "optree";
  readonly steps: number;
  readonly params: Readonly<Record<string, number>>;

  constructor(
    readonly collective: OpTreeKind,
    readonly nodes: number,
    readonly elements: number,
    readonly radix: number,
  ) {
    if (!Number.isInteger(radix) || radix < 2 || radix > nodes) throw new InputError("--group-size", radix, `an OpTree radix from 2 to the node count ${nodes}`);
    this.steps = stagesFor(nodes, radix);
    this.params = { groupSize: radix, stages: this.steps };
  }

  /** Stage of step s: all-gather climbs, reduce-scatter descends. */
  private stage(s: number): number {
    return this.collective === "allgather" ? s : this.steps - 1 - s;
  }

  stepSize(s: number): number {
    let count = 0;
    forEachStageTransfer(this.nodes, this.radix, this.stage(s), () => count++);
    return count;
  }

  emit(s: number, sink: TransferSink): void {
    const n = this.nodes;
    const e = this.elements;
    const gather = this.collective === "allgather";
    forEachStageTransfer(n, this.radix, this.stage(s), (src, dst, lo, hi) => {
      if (gather) sink.add(src, dst, chunkBegin(lo, e, n), chunkBegin(hi, e, n), OP_COPY, PIN_AUTO);
      // the dual: the partial sums of src's block go back to src, added there
      else sink.add(dst, src, chunkBegin(lo, e, n), chunkBegin(hi, e, n), OP_REDUCE, PIN_AUTO);
    });
  }
}

export interface OpTreeStagePlan {
  stage: number;
  /** Nodes per block joined at this stage (m^s), and blocks per group (m). */
  span: number;
  transfers: number;
  /** Largest message, bytes. */
  bytes: number;
  /** Most lightpaths on one link (one direction), and the wavelengths a link has. */
  load: number;
  /** Most transfers one node sends, and receives, at once. */
  fanOut: number;
  fanIn: number;
  rounds: number;
  maxHops: number;
  /** Slowest transfer alone, and the estimate rounds x that. */
  transferTime: number;
  time: number;
}

export interface OpTreePlan {
  collective: OpTreeKind;
  stages: number;
  radix: number;
  stagePlans: OpTreeStagePlan[];
  /** Estimated time with rounds, seconds; and the closed form without contention. */
  time: number;
  closedForm: number;
  feasible: boolean;
  problem?: string;
}

/** Plan of OpTree with radix m: per stage the load, rounds and estimated time. */
export function planOpTreeRadix(net: Network, collective: OpTreeKind, elements: number, elementBytes: number, m: number): OpTreePlan {
  const n = net.nodes;
  const k = stagesFor(n, m);
  const stagePlans: OpTreeStagePlan[] = [];
  let problem: string | undefined;
  let closedForm = 0;
  for (let s = 0; s < k; s++) {
    const ringLoad = new RingLoad(net);
    const out = new Int32Array(n);
    const inn = new Int32Array(n);
    const links = new Map<number, number>();
    let transfers = 0;
    let bytes = 0;
    let maxHops = 0;
    let slowest = 0;
    forEachStageTransfer(n, m, s, (a, b2, lo, hi) => {
      // reduce-scatter's transfers are all-gather's reversed
      const [src, dst] = collective === "allgather" ? [a, b2] : [b2, a];
      transfers++;
      out[src]++;
      inn[dst]++;
      const b = (chunkBegin(hi, elements, n) - chunkBegin(lo, elements, n)) * elementBytes;
      bytes = Math.max(bytes, b);
      const cost = net.cost(src, dst, PIN_AUTO);
      maxHops = Math.max(maxHops, cost.hops);
      slowest = Math.max(slowest, net.duration(b, cost, collective === "reducescatter"));
      if (net.kind === "optical-ring") ringLoad.add(src, dst, PIN_AUTO);
      else {
        for (const l of net.route(src, dst, PIN_AUTO).links) links.set(l, (links.get(l) ?? 0) + 1);
      }
    });
    let load = net.kind === "optical-ring" ? ringLoad.peak() : 0;
    for (const v of links.values()) load = Math.max(load, v);
    let fanOut = 0;
    let fanIn = 0;
    for (let i = 0; i < n; i++) {
      fanOut = Math.max(fanOut, out[i]);
      fanIn = Math.max(fanIn, inn[i]);
    }
    let rounds = Math.ceil(load / net.channels);
    if (net.tx > 0) rounds = Math.max(rounds, Math.ceil(fanOut / net.tx));
    if (net.rx > 0) rounds = Math.max(rounds, Math.ceil(fanIn / net.rx));
    const regenerates = net.kind === "optical-ring" && (net as { regenerate?: boolean }).regenerate === true;
    if (!problem && net.hopLimit >= 0 && maxHops > net.hopLimit && !regenerates) {
      problem = `stage ${s + 1} needs a ${maxHops}-hop lightpath (${net.lossDb(maxHops).toFixed(2)} dB), the ${net.budgetDb().toFixed(2)} dB power budget allows ${net.hopLimit} hops`;
    }
    closedForm += slowest;
    stagePlans.push({ stage: s + 1, span: m ** s, transfers, bytes, load, fanOut, fanIn, rounds, maxHops, transferTime: slowest, time: rounds * slowest });
  }
  const ordered = collective === "allgather" ? stagePlans : [...stagePlans].reverse();
  const time = ordered.reduce((t, p) => t + p.time, 0);
  return { collective, stages: k, radix: m, stagePlans, time, closedForm, feasible: problem === undefined, problem };
}

/** Every stage count from 1 to ceil(log2 N) with its smallest radix, and the one with the least estimated time (ties: fewer stages). */
export function planOpTree(net: Network, collective: OpTreeKind, elements: number, elementBytes: number, radix?: number): { plan?: OpTreePlan; candidates: OpTreePlan[] } {
  const n = net.nodes;
  if (radix !== undefined) {
    if (!Number.isInteger(radix) || radix < 2 || radix > n) throw new InputError("--group-size", radix, `an OpTree radix from 2 to the node count ${n}`);
    const p = planOpTreeRadix(net, collective, elements, elementBytes, radix);
    return { plan: p.feasible ? p : undefined, candidates: [p] };
  }
  const candidates: OpTreePlan[] = [];
  const seen = new Set<number>();
  for (let k = 1; k <= Math.max(1, Math.ceil(Math.log2(n))); k++) {
    const m = radixFor(n, k);
    if (seen.has(m)) continue;
    seen.add(m);
    candidates.push(planOpTreeRadix(net, collective, elements, elementBytes, m));
  }
  const feasible = candidates.filter((c) => c.feasible);
  const plan = feasible.length === 0 ? undefined : feasible.reduce((b, c) => (c.time < b.time ? c : b));
  return { plan, candidates };
}

/** The radix OpTree runs with: the forced one, or the plan's; refused with the reason when none can run. */
export function chooseOpTreeRadix(net: Network, collective: OpTreeKind, elements: number, elementBytes: number, radix?: number): OpTreePlan {
  const r = planOpTree(net, collective, elements, elementBytes, radix);
  if (r.plan) return r.plan;
  throw new InfeasibleError(radix === undefined ? "optree" : "--group-size", radix ?? `${net.nodes} nodes`, "a radix whose lightpaths fit the power budget", `optree: ${r.candidates[0].problem}; ${/power budget/.test(r.candidates[0].problem ?? "") ? `${REGENERATE_HINT}; ` : ""}wrht-sim plan --collective ${collective} -a optree shows every radix`);
}
