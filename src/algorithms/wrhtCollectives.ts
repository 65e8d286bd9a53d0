// WRHT's tree for the other collectives (Dai et al.'s grouping: ring-consecutive groups of m, a
// level per step, every group reusing the same wavelengths):
//   all-gather      gather up: each member copies the blocks of its subtree to its leader; then
//                   the top leader's full vector goes down the tree as in all-reduce's broadcast;
//                   with the shortcut, the top participants swap their subtrees' blocks at once;
//   reduce-scatter  the dual: all-reduce's reduce up the tree, then each leader copies to each
//                   member only the sums of the member's subtree; with the shortcut, the top
//                   participants add into each other's subtree blocks at once;
//   reduce          the reduce half alone; broadcast the broadcast half alone. The tree is turned
//                   round the ring so that its top leader is the root (ring distances do not change).
// The member at depth d with index k stands for nodes [k m^d, (k+1) m^d) (the last fewer): its
// blocks are one run. On a unidirectional ring a group's members are served by the previous
// group's leader (wrhtPlan.ts); reduce-scatter cannot do that (that leader holds other sums), so
// there each leader scatters to its own members, clockwise the long way round.
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, PIN_CW, type Schedule, type TransferSink, chunkBegin } from "../core/schedule.js";
import { type WrhtCollectiveKind, type WrhtOptions, type WrhtPlan, allToAllPairs, chooseGroupSize, forEachLevelPair, leaderIndex } from "./wrhtPlan.js";

type Phase = { kind: "up" | "down"; level: number } | { kind: "all-to-all" };

export class WrhtCollective implements Schedule {
  readonly algorithm = "wrht";
  readonly nodes: number;
  readonly steps: number;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly root?: number;
  private readonly phases: Phase[] = [];
  /** Added to every tree position (broadcast and reduce: the top leader lands on the root). */
  private readonly offset: number;

  constructor(
    readonly plan: WrhtPlan,
    readonly collective: WrhtCollectiveKind,
    readonly elements: number,
    root = 0,
  ) {
    this.nodes = plan.nodes;
    const L = plan.levels.length;
    const below = plan.useShortcut ? L - 1 : L;
    if (collective !== "broadcast") for (let l = 1; l <= below; l++) this.phases.push({ kind: "up", level: l });
    if (plan.useShortcut) this.phases.push({ kind: "all-to-all" });
    if (collective !== "reduce") for (let l = below; l >= 1; l--) this.phases.push({ kind: "down", level: l });
    this.steps = this.phases.length;
    const rooted = collective === "broadcast" || collective === "reduce";
    const top = plan.levelNodes[L].at(0);
    this.offset = rooted ? (((root - top) % this.nodes) + this.nodes) % this.nodes : 0;
    if (rooted) this.root = root;
    this.params = { groupSize: plan.groupSize, levels: L, shortcut: plan.useShortcut };
  }

  static forNetwork(net: Network, collective: WrhtCollectiveKind, elements: number, elementBytes: number, options: WrhtOptions = {}, root = 0): WrhtCollective {
    const plan = chooseGroupSize(net, elements * elementBytes, { ...options, collective, elementBytes }).plan;
    return new WrhtCollective(plan, collective, elements, root);
  }

  private at(x: number): number {
    const n = this.nodes;
    return this.offset === 0 ? x : (x + this.offset) % n;
  }

  /** Elements of the subtree of node x at depth d (tree positions): [begin, end). */
  private subtree(x: number, depth: number): [number, number] {
    const span = this.plan.groupSize ** depth;
    const k = Math.floor(x / span);
    const n = this.nodes;
    return [chunkBegin(k * span, this.elements, n), chunkBegin(Math.min(n, (k + 1) * span), this.elements, n)];
  }

  stepSize(s: number): number {
    const p = this.phases[s];
    if (p.kind === "all-to-all") return this.plan.shortcut.transfers;
    return this.plan.levels[p.level - 1].transfers;
  }

  emit(s: number, sink: TransferSink): void {
    const p = this.phases[s];
    const plan = this.plan;
    const e = this.elements;
    const c = this.collective;
    const m = plan.groupSize;
    if (p.kind === "all-to-all") {
      const depth = plan.levels.length - 1;
      for (const [src, dst, pin] of allToAllPairs(plan.levelNodes[depth])) {
        const [b, end] = this.subtree(c === "allgather" ? src : dst, depth);
        sink.add(this.at(src), this.at(dst), b, end, c === "allgather" ? OP_COPY : OP_REDUCE, pin as 0);
      }
      return;
    }
    const depth = p.level - 1;
    const nodes = plan.levelNodes[depth];
    if (p.kind === "up") {
      forEachLevelPair(nodes, m, plan.unidirectional, "reduce", (src, dst, pin) => {
        const [b, end] = c === "allgather" ? this.subtree(src, depth) : [0, e];
        sink.add(this.at(src), this.at(dst), b, end, c === "allgather" ? OP_COPY : OP_REDUCE, pin as 0);
      });
      return;
    }
    if (c === "reducescatter" && plan.unidirectional) {
      for (let k = 0; k < nodes.groupCount(m); k++) {
        const g = nodes.groupSize(k, m);
        const a = leaderIndex(g, true);
        const leader = nodes.at(k * m + a);
        for (let i = 0; i < g; i++) {
          if (i === a) continue;
          const member = nodes.at(k * m + i);
          const [b, end] = this.subtree(member, depth);
          sink.add(leader, member, b, end, OP_COPY, PIN_CW);
        }
      }
      return;
    }
    forEachLevelPair(nodes, m, plan.unidirectional, "broadcast", (src, dst, pin) => {
      const [b, end] = c === "reducescatter" ? this.subtree(dst, depth) : [0, e];
      sink.add(this.at(src), this.at(dst), b, end, OP_COPY, pin as 0);
    });
  }
}
