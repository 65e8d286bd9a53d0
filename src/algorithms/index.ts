// The all-reduce catalogue: each algorithm has a schedule generator and a closed-form lockstep
// time without contention.
import { InputError } from "../errors.js";
import type { Network } from "../network/network.js";
import type { Schedule } from "../schedule.js";
import { BinomialTreeAllReduce, btClosedForm } from "./bt.js";
import { HalvingDoublingAllReduce, hdClosedForm } from "./hd.js";
import { HierarchicalRingAllReduce, checkHringGroup, defaultHringGroup, hringClosedForm } from "./hring.js";
import { RecursiveDoublingAllReduce, rdClosedForm } from "./rd.js";
import { RingAllReduce, ringClosedForm } from "./ring.js";
import { WrhtAllReduce } from "./wrht.js";
import { scheduleWavelengths } from "./wavelengthNeed.js";
import { type ShortcutMode, chooseGroupSize, planTime, planWavelengths } from "./wrhtPlan.js";

export interface AlgorithmOptions {
  /** WRHT group size m (default: the best feasible one). */
  groupSize?: number;
  /** WRHT top-level all-to-all: when it helps (auto), always (on) or never (off). */
  shortcut?: ShortcutMode;
  /** Hierarchical ring group size g, a divisor of N (default: the divisor nearest sqrt N). */
  hringGroup?: number;
}

export interface Algorithm {
  readonly name: string;
  readonly summary: string;
  build(net: Network, elements: number, elementBytes: number, options: AlgorithmOptions): Schedule;
  /** Lockstep time without contention, from the formula (not by running the schedule). */
  closedForm(net: Network, schedule: Schedule, elementBytes: number): number;
  /** The same without building the schedule (design-space searches call it millions of times). */
  analytic(net: Network, elements: number, elementBytes: number, options: AlgorithmOptions): number;
  /** Transfers the schedule will have, when that is cheaper to say than to build the schedule. */
  estimateTransfers?(net: Network): number;
  /**
   * Steps that between them hold every link pattern of the schedule (one of each), for schedules
   * whose steps repeat a few patterns: the wavelength need is found from these alone.
   */
  patternSteps?(schedule: Schedule): number[];
  /** Wavelengths a lockstep run needs never to wait, when the algorithm knows it without looking. */
  wavelengthsNeeded?(schedule: Schedule): number;
}

export const ALGORITHMS: Record<string, Algorithm> = {
  wrht: {
    name: "wrht",
    summary: "wavelength-reused hierarchical tree: one step per tree level, groups reuse wavelengths",
    build: (net, elements, eb, o) => WrhtAllReduce.forNetwork(net, elements, eb, { groupSize: o.groupSize, shortcut: o.shortcut }),
    closedForm: (_net, schedule) => (schedule as WrhtAllReduce).plan.time,
    // plans are cached per network and m: only the durations are evaluated again
    analytic: (net, elements, eb, o) => {
      const m = o.groupSize;
      if (m !== undefined && Number.isInteger(m) && m >= 2 && m <= net.nodes) {
        const t = planTime(net, m, elements * eb, o.shortcut);
        if (!Number.isNaN(t)) return t;
      }
      // the search, or the forced m's refusal with its reason
      return chooseGroupSize(net, elements * eb, { groupSize: o.groupSize, shortcut: o.shortcut }).plan.time;
    },
    // the plan counts each level's nested lightpaths: exactly what serial first fit gives them
    wavelengthsNeeded: (schedule) => planWavelengths((schedule as WrhtAllReduce).plan),
    // every node but the root sends once up and receives once down, whatever m (the top-level
    // all-to-all changes this by a few): no need to search for m to know the size
    estimateTransfers: (net) => 2 * (net.nodes - 1),
  },
  ring: {
    name: "ring",
    summary: "reduce-scatter then all-gather around the ring, 2(N-1) steps of D/N",
    build: (net, elements) => new RingAllReduce(net.nodes, elements),
    closedForm: (net, schedule, eb) => ringClosedForm(net, schedule.elements, eb),
    analytic: (net, elements, eb) => ringClosedForm(net, elements, eb),
    // every step is the same N one-hop clockwise lightpaths, one per link
    patternSteps: () => [0],
  },
  hring: {
    name: "hring",
    summary: "hierarchical 2-D ring: intra-group reduce-scatter, inter-group ring per shard, intra-group all-gather",
    build: (net, elements, _eb, o) => new HierarchicalRingAllReduce(net, elements, o.hringGroup),
    closedForm: (net, schedule, eb) => hringClosedForm(net, schedule.elements, eb, Number(schedule.params.groupSize)),
    analytic: (net, elements, eb, o) => {
      const g = o.hringGroup ?? defaultHringGroup(net.nodes);
      checkHringGroup(net.nodes, g);
      return hringClosedForm(net, elements, eb, g);
    },
    // the group-ring steps share one pattern, the shard-ring steps another
    patternSteps: (schedule) => (Number(schedule.params.groups) > 1 ? [0, Number(schedule.params.groupSize) - 1] : [0]),
  },
  bt: {
    name: "bt",
    summary: "binomial-tree reduce to node 0 then broadcast, 2*ceil(log2 N) steps of D",
    build: (net, elements) => new BinomialTreeAllReduce(net.nodes, elements),
    closedForm: (net, schedule, eb) => btClosedForm(net, schedule.elements, eb),
    analytic: (net, elements, eb) => btClosedForm(net, elements, eb),
  },
  rd: {
    name: "rd",
    summary: "recursive doubling: log2 N exchanges of D, extra nodes folded in and out",
    build: (net, elements) => new RecursiveDoublingAllReduce(net.nodes, elements),
    closedForm: (net, schedule, eb) => rdClosedForm(net, schedule.elements, eb),
    analytic: (net, elements, eb) => rdClosedForm(net, elements, eb),
  },
  hd: {
    name: "hd",
    summary: "Rabenseifner: recursive-halving reduce-scatter then recursive-doubling all-gather",
    build: (net, elements) => new HalvingDoublingAllReduce(net.nodes, elements),
    closedForm: (net, schedule, eb) => hdClosedForm(net, schedule.elements, eb),
    analytic: (net, elements, eb) => hdClosedForm(net, elements, eb),
  },
};

export function algorithmNames(): string[] {
  return Object.keys(ALGORITHMS);
}

export function getAlgorithm(name: string): Algorithm {
  const a = ALGORITHMS[name];
  if (!a) throw new InputError("algorithm", name, `one of ${algorithmNames().join(", ")}`);
  return a;
}

/**
 * Wavelengths a lockstep run of `schedule` needs never to wait for a channel on an optical ring
 * (null on electrical networks, whose links carry one message each).
 */
export function wavelengthsNeeded(net: Network, schedule: Schedule, algorithm?: Algorithm): number | null {
  if (net.kind !== "optical-ring") return null;
  if (algorithm?.wavelengthsNeeded) return algorithm.wavelengthsNeeded(schedule);
  return scheduleWavelengths(net, schedule, algorithm?.patternSteps?.(schedule));
}
