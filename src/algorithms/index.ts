// The catalogue: for each collective its algorithms, each with a schedule generator and a
// closed-form lockstep time without contention.
import { COLLECTIVES, type Collective, COLLECTIVE_NAMES } from "../core/collectives.js";
import { InputError, unknownName } from "../core/errors.js";
import type { Network } from "../network/network.js";
import type { Schedule } from "../core/schedule.js";
import { BinomialTreeAllReduce, btClosedForm } from "./bt.js";
import { HalvingDoublingAllReduce, hdClosedForm } from "./hd.js";
import { HierarchicalRingAllReduce, checkHringGroup, defaultHringGroup, hringClosedForm } from "./hring.js";
import { RecursiveDoublingAllReduce, rdClosedForm } from "./rd.js";
import { RingAllReduce, ringClosedForm } from "./ring.js";
import { WrhtAllReduce } from "./wrht.js";
import { scheduleWavelengths } from "./wavelengthNeed.js";
import { type ShortcutMode, chooseGroupSize, planTime, planWavelengths } from "./wrhtPlan.js";
import { BinomialRooted, btRootedClosedForm } from "./binomialRooted.js";
import { BruckAllToAll, bruckAllToAllClosedForm } from "./bruckAllToAll.js";
import { Chain, chainClosedForm, planChain } from "./chain.js";
import { DirectAllToAll, PairwiseAllToAll, directClosedForm, pairwiseClosedForm } from "./allToAll.js";
import { NeighborExchangeAllGather, neClosedForm } from "./neighborExchange.js";
import { OpTree, type OpTreeKind, chooseOpTreeRadix } from "./optree.js";
import { RecursiveAllGather, rdAllGatherClosedForm } from "./recursiveAllGather.js";
import { RecursiveHalvingReduceScatter, rhClosedForm } from "./recursiveHalving.js";
import { RingAllGather, RingReduceScatter, ringHalfClosedForm } from "./ringHalves.js";
import { stepwiseClosedForm } from "./stepwise.js";
import { WrhtCollective } from "./wrhtCollectives.js";
import { RingLoad } from "../network/ringLoad.js";
import { fileAlgorithm, isFileAlgorithm } from "./fileAlgorithms.js";
import { choosePipeline, pipelinedWrht } from "./pipelinedWrht.js";

/** WRHT's all-reduce in pieces: --chunks given and not 1. */
function pipelined(o: AlgorithmOptions): boolean {
  return o.chunks !== undefined && o.chunks !== 1;
}

export interface AlgorithmOptions {
  /** WRHT group size m (default: the best feasible one). */
  groupSize?: number;
  /** WRHT top-level all-to-all: when it helps (auto), always (on) or never (off). */
  shortcut?: ShortcutMode;
  /** Hierarchical ring group size g, a divisor of N (default: the divisor nearest sqrt N). */
  hringGroup?: number;
  /** Broadcast and reduce: the root (default 0). */
  root?: number;
  /**
   * Chain: the number of chunks (default: the count with the least closed-form time). WRHT's
   * all-reduce: pieces to pipeline (1: WRHT itself; "auto": chosen with m for the least estimate).
   */
  chunks?: number | "auto";
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
    build: (net, elements, eb, o) =>
      pipelined(o) ? pipelinedWrht(net, elements, eb, { groupSize: o.groupSize, chunks: o.chunks as number | "auto", shortcut: o.shortcut }) : WrhtAllReduce.forNetwork(net, elements, eb, { groupSize: o.groupSize, shortcut: o.shortcut }),
    // pipelined (--chunks): the pipeline estimate of pipelinedWrht.ts
    closedForm: (_net, schedule) => (schedule instanceof WrhtAllReduce ? schedule.plan.time : Number(schedule.params.estimate)),
    // plans are cached per network and m: only the durations are evaluated again
    analytic: (net, elements, eb, o) => {
      if (pipelined(o)) return choosePipeline(net, elements, eb, { groupSize: o.groupSize, chunks: o.chunks as number | "auto", shortcut: o.shortcut }).estimate;
      const m = o.groupSize;
      if (m !== undefined && Number.isInteger(m) && m >= 2 && m <= net.nodes) {
        const t = planTime(net, m, elements * eb, o.shortcut);
        if (!Number.isNaN(t)) return t;
      }
      // the search, or the forced m's refusal with its reason
      return chooseGroupSize(net, elements * eb, { groupSize: o.groupSize, shortcut: o.shortcut }).plan.time;
    },
    // the plan counts each level's nested lightpaths: exactly what serial first fit gives them
    // (a pipeline runs its levels at once: its need is found by running it)
    wavelengthsNeeded: (schedule) => (schedule instanceof WrhtAllReduce ? planWavelengths(schedule.plan) : NaN),
    // every node but the root sends once up and receives once down, whatever m (the top-level
    // all-to-all changes this by a few): no need to search for m to know the size
    estimateTransfers: (net) => 2 * (net.nodes - 1),
  },
  ring: {
    name: "ring",
    summary: "reduce-scatter then all-gather around the ring, 2(N-1) steps of D/N",
    build: (net, elements) => new RingAllReduce(net.nodes, elements),
    ...formula(ringClosedForm),
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
    ...formula(btClosedForm),
  },
  rd: {
    name: "rd",
    summary: "recursive doubling: log2 N exchanges of D, extra nodes folded in and out",
    build: (net, elements) => new RecursiveDoublingAllReduce(net.nodes, elements),
    ...formula(rdClosedForm),
  },
  hd: {
    name: "hd",
    summary: "Rabenseifner: recursive-halving reduce-scatter then recursive-doubling all-gather",
    build: (net, elements) => new HalvingDoublingAllReduce(net.nodes, elements),
    ...formula(hdClosedForm),
  },
};

/** closedForm and analytic of an algorithm whose lockstep time is a formula of N and E alone. */
function formula(f: (net: Network, elements: number, elementBytes: number) => number): Pick<Algorithm, "closedForm" | "analytic"> {
  return { closedForm: (net, schedule, eb) => f(net, schedule.elements, eb), analytic: (net, elements, eb) => f(net, elements, eb) };
}

/** An algorithm whose closed form walks its schedule: built from `build`. */
function walked(name: string, summary: string, build: Algorithm["build"]): Algorithm {
  return {
    name,
    summary,
    build,
    closedForm: (net, schedule, eb) => stepwiseClosedForm(net, schedule, eb),
    analytic: (net, elements, eb, o) => stepwiseClosedForm(net, build(net, elements, eb, o), eb),
  };
}

function opTree(kind: OpTreeKind): Algorithm {
  return walked(
    "optree",
    kind === "allgather"
      ? "OpTree: radix-m exchange in k stages, each node sending its block to m-1 counterparts at once; k (and m) chosen for the least time"
      : "OpTree's dual: the radix-m exchange run backwards, adding",
    (net, elements, eb, o) => new OpTree(kind, net.nodes, elements, chooseOpTreeRadix(net, kind, elements, eb, o.groupSize).radix),
  );
}

function wrhtFor(kind: "allgather" | "reducescatter" | "broadcast" | "reduce", summary: string): Algorithm {
  return walked("wrht", summary, (net, elements, eb, o) =>
    WrhtCollective.forNetwork(net, kind, elements, eb, { groupSize: o.groupSize, shortcut: o.shortcut }, o.root ?? 0),
  );
}

function rooted(kind: "broadcast" | "reduce"): Record<string, Algorithm> {
  const verb = kind === "broadcast" ? "copies the root's vector" : "adds every vector into the root's";
  return {
    bt: {
      name: "bt",
      summary: `binomial tree: ceil(log2 N) steps of D, ${verb}`,
      build: (net, elements, _eb, o) => new BinomialRooted(kind, net.nodes, elements, o.root ?? 0),
      closedForm: (net, schedule, eb) => btRootedClosedForm(net, kind, schedule.elements, eb, schedule.root ?? 0),
      analytic: (net, elements, eb, o) => btRootedClosedForm(net, kind, elements, eb, o.root ?? 0),
    },
    wrht: wrhtFor(kind, `WRHT's tree, a level per step; ${kind === "broadcast" ? "its broadcast half" : "its reduce half"} with the top leader on the root`),
    chain: {
      name: "chain",
      summary: "pipelined chain round the ring in C chunks, C+N-2 steps; C chosen for the least time",
      build: (net, elements, eb, o) => new Chain(kind, net.nodes, elements, o.root ?? 0, typeof o.chunks === "number" ? o.chunks : planChain(net, kind, elements, eb, o.root ?? 0).chunks),
      closedForm: (net, schedule, eb) => chainClosedForm(net, kind, schedule.elements, eb, schedule.root ?? 0, Number(schedule.params.chunks)),
      analytic: (net, elements, eb, o) => chainClosedForm(net, kind, elements, eb, o.root ?? 0, typeof o.chunks === "number" ? o.chunks : planChain(net, kind, elements, eb, o.root ?? 0).chunks),
    },
  };
}

/** Every collective's algorithms, by name. */
export const COLLECTIVE_ALGORITHMS: Readonly<Record<Collective, Readonly<Record<string, Algorithm>>>> = {
  allreduce: ALGORITHMS,
  reducescatter: {
    ring: {
      name: "ring",
      summary: "N-1 steps round the ring, each node adding one block into its neighbour's",
      build: (net, elements) => new RingReduceScatter(net.nodes, elements),
      ...formula((net, elements, eb) => ringHalfClosedForm(net, elements, eb, true)),
      patternSteps: () => [0],
    },
    rh: {
      name: "rh",
      summary: "recursive halving: log2 N steps of halving ranges, extra nodes folded in and out",
      build: (net, elements) => new RecursiveHalvingReduceScatter(net.nodes, elements),
      ...formula(rhClosedForm),
    },
    wrht: wrhtFor("reducescatter", "WRHT's reduce up the tree, then each leader scatters its members' sums down"),
    optree: opTree("reducescatter"),
  },
  allgather: {
    ring: {
      name: "ring",
      summary: "N-1 steps round the ring, each node passing one block to its neighbour",
      build: (net, elements) => new RingAllGather(net.nodes, elements),
      ...formula((net, elements, eb) => ringHalfClosedForm(net, elements, eb, false)),
      patternSteps: () => [0],
    },
    ne: {
      name: "ne",
      summary: "neighbor exchange: N/2 steps, swapping pairs of blocks with alternate neighbours (even N)",
      build: (net, elements) => new NeighborExchangeAllGather(net.nodes, elements),
      // a node's partner depends only on the step's parity: steps 0 and 1 hold every link pattern
      patternSteps: (schedule) => (schedule.steps > 1 ? [0, 1] : [0]),
      ...formula(neClosedForm),
    },
    rd: {
      name: "rd",
      summary: "recursive doubling on powers of two, Bruck's algorithm otherwise: ceil(log2 N) steps",
      build: (net, elements) => new RecursiveAllGather(net.nodes, elements),
      ...formula(rdAllGatherClosedForm),
    },
    wrht: wrhtFor("allgather", "WRHT's tree: gather each subtree's blocks up, then the whole vector down"),
    optree: opTree("allgather"),
  },
  alltoall: {
    direct: {
      name: "direct",
      summary: "every pair at once in one step; contention decides",
      build: (net, elements) => new DirectAllToAll(net.nodes, elements),
      ...formula(directClosedForm),
    },
    pairwise: {
      name: "pairwise",
      summary: "N-1 shift steps: at step k node i sends its block for i+k",
      build: (net, elements) => new PairwiseAllToAll(net.nodes, elements),
      ...formula(pairwiseClosedForm),
    },
    bruck: {
      name: "bruck",
      summary: "Bruck: ceil(log2 N) steps, forwarding packed blocks 2^k ahead",
      build: (net, elements) => new BruckAllToAll(net.nodes, elements),
      ...formula(bruckAllToAllClosedForm),
    },
  },
  broadcast: rooted("broadcast"),
  reduce: rooted("reduce"),
};

export function algorithmNames(collective: Collective = "allreduce"): string[] {
  return Object.keys(COLLECTIVE_ALGORITHMS[collective]);
}

/**
 * The algorithm `name` of `collective`; refused naming the ones that implement it. `field` names
 * the settings as the caller's user knows them (flags on the command line).
 */
export function getAlgorithm(name: string, collective: Collective = "allreduce", field: (key: string) => string = (k) => k): Algorithm {
  if (isFileAlgorithm(name)) {
    const loaded = fileAlgorithm(name);
    if (!loaded) throw new InputError(field("algorithm"), name, "a file loaded before it is named", `${field("algorithm")}: ${name} was not loaded (the command line and sweep files load file: algorithms they name)`);
    if (loaded.collective !== undefined && loaded.collective !== collective) throw new InputError(field("algorithm"), name, `a ${collective} algorithm`, `${field("algorithm")}: ${name} implements ${loaded.collective}, not ${collective}`);
    return loaded.algorithm;
  }
  const table = (COLLECTIVE_ALGORITHMS as Record<string, Readonly<Record<string, Algorithm>>>)[collective];
  if (!table) throw unknownName(field("collective"), collective, COLLECTIVES);
  const a = table[name];
  if (a) return a;
  const elsewhere = COLLECTIVES.filter((c) => COLLECTIVE_ALGORITHMS[c][name] !== undefined);
  if (elsewhere.length > 0) {
    throw new InputError(
      field("algorithm"), name, `one of ${algorithmNames(collective).join(", ")}`,
      `${field("algorithm")}: ${JSON.stringify(name)} does not implement ${COLLECTIVE_NAMES[collective]} (only ${elsewhere.join(", ")}); ${collective} algorithms: ${algorithmNames(collective).join(", ")}`,
    );
  }
  throw unknownName(field("algorithm"), name, algorithmNames(collective));
}

/**
 * Wavelengths a lockstep run of `schedule` needs never to wait for a channel on an optical ring
 * (null on electrical networks, whose links carry one message each).
 */
export function wavelengthsNeeded(net: Network, schedule: Schedule, algorithm?: Algorithm): number | null {
  if (net.kind !== "optical-ring") return null;
  if (algorithm?.wavelengthsNeeded) return algorithm.wavelengthsNeeded(schedule);
  const patterns = algorithm?.patternSteps?.(schedule);
  if (!patterns && (schedule.collective ?? "allreduce") !== "allreduce") {
    // first fit over every lightpath of a big all-to-all would take longer than the run itself,
    // and a step whose busiest link carries more lightpaths than any ring has needs no count
    let transfers = 0;
    for (let s = 0; s < schedule.steps; s++) transfers += schedule.stepSize(s);
    if (transfers > NEED_LIMIT) return null;
    for (let s = 0; s < schedule.steps; s++) if (stepLoad(net, schedule, s) > MAX_WAVELENGTHS) return null;
  }
  return scheduleWavelengths(net, schedule, patterns);
}

/** Collectives beyond all-reduce with more transfers than this report no wavelength need. */
export const NEED_LIMIT = 200_000;
/** The most wavelengths a ring may be given (--wavelengths). */
const MAX_WAVELENGTHS = 4096;

/** Most lightpaths of step s on one directed link of a ring (first fit needs at least this many). */
function stepLoad(net: Network, schedule: Schedule, s: number): number {
  const load = new RingLoad(net);
  schedule.emit(s, { add: (src, dst, _b, _e, _op, pin) => load.add(src, dst, pin) });
  return load.peak();
}
