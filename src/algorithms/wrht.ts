// WRHT all-reduce (Dai et al., arXiv 2207.10982): full-vector reduce up a tree of ring-consecutive
// groups, one step per level, then the mirrored broadcast; optionally one all-to-all step among
// the top-level participants replaces the top reduce and broadcast. The plan (wrhtPlan.ts) fixes
// the levels; this file turns it into steps.
import type { Network } from "../network/network.js";
import { OP_COPY, OP_REDUCE, type Pin, type Schedule, type TransferSink } from "../core/schedule.js";
import { type WrhtOptions, type WrhtPlan, allToAllPairs, chooseGroupSize, forEachLevelPair } from "./wrhtPlan.js";

export class WrhtAllReduce implements Schedule {
  readonly algorithm = "wrht";
  readonly nodes: number;
  readonly steps: number;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Reduce steps before the top (all of them without the shortcut). */
  private readonly reduceLevels: number;

  constructor(
    readonly plan: WrhtPlan,
    readonly elements: number,
  ) {
    this.nodes = plan.nodes;
    this.steps = plan.steps;
    this.reduceLevels = plan.useShortcut ? plan.levels.length - 1 : plan.levels.length;
    this.params = { groupSize: plan.groupSize, levels: plan.levels.length, shortcut: plan.useShortcut };
  }

  static forNetwork(net: Network, elements: number, elementBytes: number, options: WrhtOptions = {}): WrhtAllReduce {
    return new WrhtAllReduce(chooseGroupSize(net, elements * elementBytes, options).plan, elements);
  }

  /** What step s is: a level's reduce, the all-to-all, or a level's broadcast (levels from 1). */
  private phase(s: number): { kind: "reduce" | "broadcast"; level: number } | { kind: "all-to-all" } {
    const r = this.reduceLevels;
    if (s < r) return { kind: "reduce", level: s + 1 };
    if (this.plan.useShortcut && s === r) return { kind: "all-to-all" };
    const b = s - r - (this.plan.useShortcut ? 1 : 0);
    return { kind: "broadcast", level: r - b };
  }

  stepSize(s: number): number {
    const p = this.phase(s);
    if (p.kind === "all-to-all") return this.plan.shortcut.transfers;
    return this.plan.levels[p.level - 1].transfers;
  }

  emit(s: number, sink: TransferSink): void {
    const p = this.phase(s);
    const e = this.elements;
    if (p.kind === "all-to-all") {
      for (const [src, dst, pin] of allToAllPairs(this.plan.levelNodes[this.plan.levels.length - 1])) sink.add(src, dst, 0, e, OP_REDUCE, pin as Pin);
      return;
    }
    const nodes = this.plan.levelNodes[p.level - 1];
    const op = p.kind === "reduce" ? OP_REDUCE : OP_COPY;
    forEachLevelPair(nodes, this.plan.groupSize, this.plan.unidirectional, p.kind, (src, dst, pin) => sink.add(src, dst, 0, e, op, pin as Pin));
  }
}
