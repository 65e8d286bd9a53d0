// WRHT's derivation for a network: the levels a group size m implies, what each level needs
// (wavelengths, transceivers, hops within the power budget), the optional top-level all-to-all
// shortcut, the closed-form lockstep time, and the choice of m.
//
// Groups are m ring-consecutive participants; the middle member leads (the lower middle in an
// even group), or on a unidirectional ring the last member, so every lightpath of a level stays
// inside its group's segment and all groups reuse the same wavelengths.
import { InfeasibleError, InputError, REGENERATE_HINT } from "../core/errors.js";
import type { Network, PathCost } from "../network/network.js";
import { PIN_AUTO, PIN_CCW, PIN_CW } from "../core/schedule.js";
import { ringFirstFit } from "../network/firstFit.js";
import { CyclicRuns } from "../network/ringLoad.js";
import type { OpticalRing } from "../network/opticalRing.js";
import { LevelNodes } from "./levelNodes.js";
import type { Collective } from "../core/collectives.js";

export type ShortcutMode = "auto" | "on" | "off";

export interface WrhtOptions {
  /** Force the group size m (default: the feasible m with the least closed-form time). */
  groupSize?: number;
  shortcut?: ShortcutMode;
  /** The collective planned for (default all-reduce); see collectiveBytes. */
  collective?: WrhtCollectiveKind;
  /** Bytes per element, for the sizes of subtree ranges (default 4). */
  elementBytes?: number;
}

/** The collectives WRHT's tree implements. */
export type WrhtCollectiveKind = Extract<Collective, "allreduce" | "allgather" | "reducescatter" | "broadcast" | "reduce">;

/**
 * What a level moves, per collective: going up (members to leaders) and down (leaders to
 * members), and in the top-level all-to-all. A member at depth d stands for a subtree of up to
 * m^d consecutive nodes, and all-gather gathers (reduce-scatter scatters) the blocks of that
 * subtree; every other step moves the whole vector.
 */
interface LevelPayload {
  up: (depth: number) => number;
  down: (depth: number) => number;
  top: number;
  upReduce: boolean;
  topReduce: boolean;
}

function collectivePayload(net: Network, m: number, bytes: number, collective: WrhtCollectiveKind, elementBytes: number, topDepth: number): LevelPayload {
  const n = net.nodes;
  const elements = bytes / elementBytes;
  const q = Math.floor(elements / n);
  const r = elements - q * n;
  const subtree = (depth: number) => {
    const count = Math.min(n, m ** depth);
    return (count * q + Math.min(count, r)) * elementBytes;
  };
  const whole = () => bytes;
  if (collective === "allgather") return { up: subtree, down: whole, top: subtree(topDepth), upReduce: false, topReduce: false };
  if (collective === "reducescatter") return { up: whole, down: subtree, top: subtree(topDepth), upReduce: true, topReduce: true };
  return { up: whole, down: whole, top: bytes, upReduce: true, topReduce: true };
}

export interface WrhtLevelPlan {
  level: number;
  /** Nodes taking part: members and leaders. */
  participants: number;
  groups: number;
  largestGroup: number;
  /** Transfers in this level's reduce step (and again in its broadcast step). */
  transfers: number;
  /** Channels the busiest link needs when the level runs in one step. */
  wavelengths: number;
  /** Longest lightpath of the level (reduce or broadcast), in hops. */
  maxHops: number;
  lossDb: number;
  /** Durations of the level's reduce and broadcast steps without contention. */
  reduceTime: number;
  broadcastTime: number;
  /** Why the level cannot run in one step, if it cannot. */
  problem?: string;
}

export interface ShortcutPlan {
  participants: number;
  transfers: number;
  wavelengths: number;
  maxHops: number;
  lossDb: number;
  time: number;
  problem?: string;
}

export interface WrhtPlan {
  nodes: number;
  collective: WrhtCollectiveKind;
  groupSize: number;
  unidirectional: boolean;
  levels: WrhtLevelPlan[];
  /** The participants of each level: levelNodes[l] feeds level l+1. */
  levelNodes: LevelNodes[];
  /** The top-level all-to-all, evaluated whether or not it is used. */
  shortcut: ShortcutPlan;
  useShortcut: boolean;
  steps: number;
  /** Closed-form lockstep time without contention, seconds. */
  time: number;
  feasible: boolean;
  problem?: string;
}

/** Leader's index in a group of g: the (lower) middle, or the last on a unidirectional ring. */
export function leaderIndex(g: number, unidirectional: boolean): number {
  return unidirectional ? g - 1 : Math.floor((g - 1) / 2);
}

/**
 * Visits the transfers of one level in schedule order (all groups, or only `groups`). The one
 * definition of who sends to whom: the schedule and the plan both walk it.
 */
export function forEachLevelPair(
  nodes: LevelNodes, m: number, unidirectional: boolean, phase: "reduce" | "broadcast",
  visit: (src: number, dst: number, pin: number) => void, groups?: readonly number[],
): void {
  const count = nodes.groupCount(m);
  // a level that is a single group has no neighbours to share wavelengths with: its lightpaths
  // follow the network's routing instead of staying inside the group's segment
  const single = count === 1 && !unidirectional;
  const visitGroup = (k: number) => {
    const g = nodes.groupSize(k, m);
    const a = leaderIndex(g, unidirectional);
    const first = k * m;
    const leader = nodes.at(first + a);
    if (phase === "reduce") {
      for (let i = 0; i < g; i++) if (i !== a) visit(nodes.at(first + i), leader, single ? PIN_AUTO : unidirectional || i < a ? PIN_CW : PIN_CCW);
    } else if (!unidirectional) {
      for (let i = 0; i < g; i++) if (i !== a) visit(leader, nodes.at(first + i), single ? PIN_AUTO : i < a ? PIN_CCW : PIN_CW);
    } else {
      // Light only travels clockwise: the holder just upstream (the previous group's leader, or
      // the last group's for group 0) sends to this group's members; segments stay disjoint.
      const j = (k - 1 + count) % count;
      const src = nodes.at(j * m + leaderIndex(nodes.groupSize(j, m), true));
      for (let i = 0; i < g - 1; i++) visit(src, nodes.at(first + i), PIN_CW);
    }
  };
  if (groups) for (const k of groups) visitGroup(k);
  else for (let k = 0; k < count; k++) visitGroup(k);
}

/** The pairs of forEachLevelPair as a list (planning looks at a few groups at a time). */
export function levelPairs(nodes: LevelNodes, m: number, unidirectional: boolean, phase: "reduce" | "broadcast", groups?: readonly number[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  forEachLevelPair(nodes, m, unidirectional, phase, (src, dst, pin) => out.push([src, dst, pin]), groups);
  return out;
}

/** Visits the pairs (src, dst, pin) of one step, without building a list (a top level's all-to-all has g^2). */
type PairSource = (visit: (src: number, dst: number, pin: number) => void) => void;

/**
 * What one step of messages costs, whatever the vector size: its slowest path alone, and where its
 * messages share links fairly (switched networks under fair sharing), the busiest link's load.
 */
interface StepCost {
  /**
   * The slowest path without contention, whatever the vector size: on the ring the longest (its
   * duration grows with hops and regenerations); on a switched network the one with the lowest
   * bottleneck and the most switches (a leaf-spine's cross-spine path is both).
   */
  path: PathCost;
  /** Messages of this step share some link: seconds per byte of the busiest link (its messages x 8 / capacity) and the step's quickest latency. */
  shared?: { secondsPerByte: number; fastest: PathCost };
}

// link loads of one step (reused: planning a 4,096-node network looks at millions of pairs)
let loadBuffer = new Int32Array(0);
const touched: number[] = [];
const pathBuffer = new Int32Array(8);

/**
 * The cost of the step of every pair `each` visits, all at once. Sharing a link fairly, equal
 * messages that start together finish no sooner than the busiest link lets them (its messages'
 * bytes at its capacity, after the least latency among them), and exactly then on a star, where
 * every path has the same latency: the step's time is the larger of that and its slowest path alone.
 */
function stepCost(net: Network, each: PairSource): StepCost {
  const optical = net.kind === "optical-ring";
  const fair = net.fairSharing();
  if (fair && loadBuffer.length < fair.capacity.length) loadBuffer = new Int32Array(fair.capacity.length);
  let worst: PathCost | undefined;
  let fewest = Infinity;
  let quickest: [number, number, number] | undefined;
  let most = 0;
  let secondsPerByte = 0;
  each((src, dst, pin) => {
    const c = net.cost(src, dst, pin);
    if (!worst) worst = c;
    else if (optical ? c.hops > worst.hops : c.bandwidth < worst.bandwidth || (c.bandwidth === worst.bandwidth && c.latencyHops > worst.latencyHops)) worst = c;
    if (!fair) return;
    const n = fair.links(src, dst, pathBuffer);
    if (n < fewest) {
      fewest = n;
      quickest = [src, dst, pin];
    }
    for (let k = 0; k < n; k++) {
      const l = pathBuffer[k];
      const load = ++loadBuffer[l];
      if (load === 1) touched.push(l);
      most = Math.max(most, load);
      secondsPerByte = Math.max(secondsPerByte, (load * 8) / fair.capacity[l]);
    }
  });
  for (const l of touched) loadBuffer[l] = 0;
  touched.length = 0;
  const path = worst ?? { hops: 0, dir: null, latencyHops: 0, bandwidth: Infinity, segments: 1 };
  if (most <= 1 || !quickest) return { path };
  return { path, shared: { secondsPerByte, fastest: net.cost(...quickest) } };
}

/** The time of a step of `cost` moving `bytes` per message (see stepCost). */
function stepTime(net: Network, cost: StepCost, bytes: number, reduce: boolean): number {
  const alone = net.duration(bytes, cost.path, reduce);
  const fair = net.fairSharing();
  if (!cost.shared || !fair) return alone;
  return Math.max(alone, fair.latency(bytes, cost.shared.fastest, reduce) + cost.shared.secondsPerByte * bytes);
}

/** What a level is, whatever the vector size: its shape, needs, slowest paths and problem. */
interface LevelShape extends Omit<WrhtLevelPlan, "reduceTime" | "broadcastTime"> {
  reduceCost: StepCost;
  broadcastCost: StepCost;
}

function levelShape(net: Network, nodes: LevelNodes, m: number, level: number, unidirectional: boolean): LevelShape {
  const optical = net.kind === "optical-ring";
  // On the ring every group shape is covered by a few representative groups; switched networks
  // have position-dependent paths, so they enumerate every pair.
  const groups = optical ? nodes.representativeGroups(m) : undefined;
  const reduceCost = stepCost(net, (visit) => forEachLevelPair(nodes, m, unidirectional, "reduce", visit, groups));
  const broadcastCost = stepCost(net, (visit) => forEachLevelPair(nodes, m, unidirectional, "broadcast", visit, groups));
  const reducePath = reduceCost.path;
  const broadcastPath = broadcastCost.path;
  let largest = 0;
  let wavelengths = 0;
  for (const k of nodes.representativeGroups(m)) {
    const g = nodes.groupSize(k, m);
    largest = Math.max(largest, g);
    const a = leaderIndex(g, unidirectional);
    // lightpaths into (or out of) one node nest: one side of the leader needs one channel each
    wavelengths = Math.max(wavelengths, optical && !unidirectional ? Math.max(a, g - 1 - a) : g - 1);
  }
  const maxHops = Math.max(reducePath.hops, broadcastPath.hops);
  // A level of several groups keeps every lightpath inside its group's segment, pinned: a group's
  // lightpaths into (or out of) its leader nest, each covering all of the next one, so first fit
  // gives member i of a side wavelength i on every link, and on every segment when lightpaths are
  // regenerated (each later member's segments overlap segments of every earlier one). A single
  // group routed by the network is counted by first fit on the ring itself.
  const regenerated = optical && (net as OpticalRing).regenerate && maxHops > net.hopLimit;
  if (optical && !unidirectional && nodes.groupCount(m) === 1) {
    wavelengths = Math.max(
      participantWavelengths(net, nodes, levelPairs(nodes, m, unidirectional, "reduce"), regenerated),
      participantWavelengths(net, nodes, levelPairs(nodes, m, unidirectional, "broadcast"), regenerated),
    );
  }
  return {
    level,
    participants: nodes.size,
    groups: nodes.groupCount(m),
    largestGroup: largest,
    transfers: nodes.size - nodes.groupCount(m),
    wavelengths,
    maxHops,
    lossDb: net.lossDb(optical && (net as OpticalRing).regenerate ? Math.min(maxHops, net.hopLimit) : maxHops),
    reduceCost,
    broadcastCost,
    problem: capacityProblem(net, `level ${level}`, wavelengths, largest - 1, maxHops),
  };
}

/** Why a step that needs `channels` per link, `fanIn` transceivers per node and `hops` cannot run in one go. */
function capacityProblem(net: Network, what: string, channels: number, fanIn: number, hops: number): string | undefined {
  // links shared fairly carry any number of messages at once (sharing lengthens the step instead)
  if (channels > net.channels && !net.fairSharing()) {
    return net.kind === "optical-ring"
      ? `${what} needs ${channels} wavelengths on its busiest link, the ring has ${net.channels}`
      : `${what} needs ${channels} concurrent messages on one link, and a link held by one message at a time carries one (--sharing fair shares it)`;
  }
  if (net.rx > 0 && fanIn > net.rx) return `${what} has a node receiving ${fanIn} transfers at once, rx is ${net.rx}`;
  if (net.tx > 0 && fanIn > net.tx) return `${what} has a node sending ${fanIn} transfers at once, tx is ${net.tx}`;
  const regenerates = net.kind === "optical-ring" && (net as OpticalRing).regenerate;
  if (net.hopLimit >= 0 && hops > net.hopLimit && !regenerates) {
    return `${what} needs a ${hops}-hop lightpath (${net.lossDb(hops).toFixed(2)} dB), the ${net.budgetDb().toFixed(2)} dB power budget allows ${net.hopLimit} hops`;
  }
  return undefined;
}

/** Every top participant sends its vector to every other in one step. */
function forEachAllToAllPair(nodes: LevelNodes, visit: (src: number, dst: number, pin: number) => void): void {
  for (let i = 0; i < nodes.size; i++) for (let k = 0; k < nodes.size; k++) if (k !== i) visit(nodes.at(i), nodes.at(k), PIN_AUTO);
}

export function allToAllPairs(nodes: LevelNodes): [number, number, number][] {
  const out: [number, number, number][] = [];
  forEachAllToAllPair(nodes, (src, dst, pin) => out.push([src, dst, pin]));
  return out;
}

interface ShortcutShape extends Omit<ShortcutPlan, "time"> {
  cost: StepCost;
}

function shortcutShape(net: Network, top: LevelNodes): ShortcutShape {
  const g = top.size;
  const cost = stepCost(net, (visit) => forEachAllToAllPair(top, visit));
  const path = cost.path;
  const regenerated = net.kind === "optical-ring" && (net as OpticalRing).regenerate && path.hops > net.hopLimit;
  const wavelengths =
    net.kind !== "optical-ring"
      ? g - 1
      : participantWavelengths(net, top, allToAllPairs(top), regenerated);
  return {
    participants: g,
    transfers: g * (g - 1),
    wavelengths,
    maxHops: path.hops,
    lossDb: net.lossDb(path.hops),
    cost,
    problem: capacityProblem(net, "the top-level all-to-all", wavelengths, g - 1, path.hops),
  };
}

/** Wavelengths first fit gives an all-to-all among `top` on the ring when every lightpath starts at once. */
export function allToAllWavelengths(net: Network, top: LevelNodes): number {
  return participantWavelengths(net, top, allToAllPairs(top));
}

/**
 * Wavelengths serial first fit gives lightpaths among `top`'s participants that all start at once
 * (a number above the ring's channels only says "more than it has"). The links between two
 * consecutive participants carry the same lightpaths, so the ring is compressed to one super-link
 * per gap and direction.
 */
export function participantWavelengths(net: Network, top: LevelNodes, pairs: readonly [number, number, number][], regenerated = false): number {
  const g = top.size;
  const index = new Map<number, number>();
  for (let i = 0; i < g; i++) index.set(top.at(i), i);
  // gap j runs clockwise from participant j to participant j+1; a path covers a cyclic run of gaps
  const paths: { dir: number; from: number; count: number }[] = [];
  const load = new CyclicRuns(g);
  for (const [src, dst, pin] of pairs) {
    const i = index.get(src) as number;
    const k = index.get(dst) as number;
    const dir = net.cost(src, dst, pin).dir === "ccw" ? 1 : 0;
    // clockwise i -> k crosses gaps i .. k-1; counter-clockwise crosses gaps k .. i-1
    const from = dir === 0 ? i : k;
    const count = (((dir === 0 ? k - i : i - k) % g) + g) % g;
    paths.push({ dir, from, count });
    load.add(dir, from, count);
  }
  const peak = load.peak();
  // first fit needs at least the load; only a feasible load is worth assigning exactly
  if (peak > net.channels) return peak;
  // regenerated lightpaths are cut between participants too: first fit on the ring itself
  if (regenerated) {
    return ringFirstFit(net as OpticalRing, pairs.map(([src, dst, pin]) => ({ src, dst, pin })), net.channels);
  }
  // first fit over per-gap bitsets, searching no further than one past the ring's channels
  const words = Math.ceil((net.channels + 2) / 32);
  const used = [0, 1].map(() => new Uint32Array(g * words));
  const busy = new Uint32Array(words);
  let channels = 0;
  for (const { dir, from, count } of paths) {
    busy.fill(0);
    for (let j = 0; j < count; j++) {
      const base = ((from + j) % g) * words;
      for (let w = 0; w < words; w++) busy[w] |= used[dir][base + w];
    }
    let c = 0;
    while (c <= net.channels && (busy[c >>> 5] >>> (c & 31)) & 1) c++;
    if (c > net.channels) return net.channels + 1; // more than the ring has
    for (let j = 0; j < count; j++) used[dir][((from + j) % g) * words + (c >>> 5)] |= 1 << (c & 31);
    channels = Math.max(channels, c + 1);
  }
  return channels;
}

/** A group size's plan, whatever the vector size: computed once per network and m. */
interface PlanShape {
  levels: LevelShape[];
  levelNodes: LevelNodes[];
  shortcut: ShortcutShape;
}

const shapes = new WeakMap<Network, Map<number, PlanShape>>();

function planShape(net: Network, m: number): PlanShape {
  let byM = shapes.get(net);
  if (!byM) shapes.set(net, (byM = new Map()));
  const cached = byM.get(m);
  if (cached) return cached;
  const unidirectional = net.unidirectional;
  const levelNodes: LevelNodes[] = [LevelNodes.all(net.nodes)];
  const levels: LevelShape[] = [];
  while (levelNodes[levelNodes.length - 1].size > 1) {
    const nodes = levelNodes[levelNodes.length - 1];
    levels.push(levelShape(net, nodes, m, levels.length + 1, unidirectional));
    levelNodes.push(nodes.leaders(m, (g) => leaderIndex(g, unidirectional)));
  }
  const shape = { levels, levelNodes, shortcut: shortcutShape(net, levelNodes[levels.length - 1]) };
  byM.set(m, shape);
  return shape;
}

/**
 * The plan for group size m. For all-gather and reduce-scatter the time takes each level's
 * largest subtree over its slowest path (exact when the two coincide, as when N is a power of m;
 * an upper bound otherwise); broadcast and reduce run only the down or the up half, without the
 * shortcut.
 */
export function planWrht(net: Network, m: number, bytes: number, shortcut: ShortcutMode = "auto", collective: WrhtCollectiveKind = "allreduce", elementBytes = 4): WrhtPlan {
  const shape = planShape(net, m);
  const L = shape.levels.length;
  const pay = collectivePayload(net, m, bytes, collective, elementBytes, L - 1);
  const levels: WrhtLevelPlan[] = shape.levels.map(({ reduceCost, broadcastCost, ...l }, i) => ({
    ...l,
    reduceTime: stepTime(net, reduceCost, pay.up(i), pay.upReduce),
    broadcastTime: stepTime(net, broadcastCost, pay.down(i), false),
  }));
  const { cost, ...scShape } = shape.shortcut;
  const sc: ShortcutPlan = { ...scShape, time: stepTime(net, cost, pay.top, pay.topReduce) };
  const top = levels[L - 1];
  const rooted = collective === "broadcast" || collective === "reduce";
  let useShortcut = false;
  if (rooted) useShortcut = false;
  else if (shortcut === "on") useShortcut = true;
  else if (shortcut === "auto") useShortcut = sc.problem === undefined && sc.time < top.reduceTime + top.broadcastTime;

  const below = useShortcut ? levels.slice(0, L - 1) : levels;
  let problem = below.find((l) => l.problem)?.problem;
  if (!problem && useShortcut) problem = sc.problem;
  if (!problem && !useShortcut) problem = top.problem;

  // closed form, summed in step order as a lockstep run accumulates it
  let time = 0;
  if (collective !== "broadcast") for (const l of below) time += l.reduceTime;
  if (useShortcut) time += sc.time;
  if (collective !== "reduce") for (let i = below.length - 1; i >= 0; i--) time += below[i].broadcastTime;

  return {
    nodes: net.nodes,
    collective,
    groupSize: m,
    unidirectional: net.unidirectional,
    levels,
    levelNodes: shape.levelNodes,
    shortcut: sc,
    useShortcut,
    steps: rooted ? L : useShortcut ? 2 * L - 1 : 2 * L,
    time,
    feasible: problem === undefined,
    problem,
  };
}

/**
 * planWrht(net, m, bytes, shortcut).time without building the plan, or NaN when it is infeasible
 * (closed forms for a given m, evaluated millions of times).
 */
export function planTime(net: Network, m: number, bytes: number, shortcut: ShortcutMode = "auto", collective: WrhtCollectiveKind = "allreduce", elementBytes = 4): number {
  if (collective !== "allreduce") {
    const p = planWrht(net, m, bytes, shortcut, collective, elementBytes);
    return p.feasible ? p.time : NaN;
  }
  const shape = planShape(net, m);
  const levels = shape.levels;
  const L = levels.length;
  const top = levels[L - 1];
  const sc = shape.shortcut;
  const scTime = stepTime(net, sc.cost, bytes, true);
  const topTime = stepTime(net, top.reduceCost, bytes, true) + stepTime(net, top.broadcastCost, bytes, false);
  const useShortcut = shortcut === "on" || (shortcut === "auto" && sc.problem === undefined && scTime < topTime);
  const below = useShortcut ? L - 1 : L;
  for (let i = 0; i < below; i++) if (levels[i].problem !== undefined) return NaN;
  if (useShortcut ? sc.problem !== undefined : top.problem !== undefined) return NaN;
  // summed in step order, as planWrht and a lockstep run do
  let time = 0;
  for (let i = 0; i < below; i++) time += stepTime(net, levels[i].reduceCost, bytes, true);
  if (useShortcut) time += scTime;
  for (let i = below - 1; i >= 0; i--) time += stepTime(net, levels[i].broadcastCost, bytes, false);
  return time;
}

/** Largest m that can fit the channel and transceiver limits at a full first level. */
export function groupSizeCap(net: Network): number {
  let cap = net.nodes;
  if (net.kind === "optical-ring") cap = Math.min(cap, net.unidirectional ? net.channels + 1 : 2 * net.channels + 1);
  else if (!net.fairSharing()) cap = Math.min(cap, net.channels + 1);
  if (net.rx > 0) cap = Math.min(cap, net.rx + 1);
  if (net.tx > 0) cap = Math.min(cap, net.tx + 1);
  return Math.max(cap, 2);
}

/** Largest group size weighed where links are shared fairly (see candidateGroupSizes). */
const FAIR_GROUP_CAP = 64;

/**
 * The group sizes the planner weighs: every m up to one past the cap (so the plan shows what
 * stops larger groups). Where links are shared fairly nothing in the network caps m; the planner
 * stops at 64: beyond it a level's fan-in makes large vectors slower (its leader's link carries
 * m-1 of them), and for small ones a larger m saves at most a level's latency while the
 * top-level all-to-all among up to m leaders grows as m^2 messages (a 1,024-way one is a million
 * messages per collective, too many to hold for a training iteration's hundreds of collectives).
 * `--group-size` still forces any m.
 */
export function candidateGroupSizes(net: Network): number[] {
  const last = Math.min(net.nodes, net.fairSharing() ? FAIR_GROUP_CAP : groupSizeCap(net) + 1);
  const out: number[] = [];
  for (let m = 2; m <= last; m++) out.push(m);
  return out;
}

export interface GroupSizeChoice {
  plan: WrhtPlan;
  /** Every m considered, in order, feasible or not. */
  candidates: WrhtPlan[];
  /** Feasible m within NEAR_TIE of the least time (the chosen one among them), in order of m. */
  nearTies: WrhtPlan[];
}

/** Group sizes whose closed-form times are within this fraction of the least count as tied. */
export const NEAR_TIE = 1e-3;

/** Wavelengths (channels per link) a plan needs: the most any of its steps needs. */
export function planWavelengths(p: WrhtPlan): number {
  const below = p.useShortcut ? p.levels.slice(0, -1) : p.levels;
  let w = p.useShortcut ? p.shortcut.wavelengths : 0;
  for (const l of below) w = Math.max(w, l.wavelengths);
  return w;
}

/** Longest lightpath of a plan, hops. */
export function planHops(p: WrhtPlan): number {
  const below = p.useShortcut ? p.levels.slice(0, -1) : p.levels;
  let h = p.useShortcut ? p.shortcut.maxHops : 0;
  for (const l of below) h = Math.max(h, l.maxHops);
  return h;
}

/** Every candidate m with the one the default rule picks (undefined when none is feasible). */
export function planGroupSizes(net: Network, bytes: number, options: WrhtOptions = {}): { plan?: WrhtPlan; candidates: WrhtPlan[]; nearTies: WrhtPlan[] } {
  const mode = options.shortcut ?? "auto";
  if (options.groupSize !== undefined) {
    const m = options.groupSize;
    if (!Number.isInteger(m) || m < 2 || m > net.nodes) throw new InputError("--group-size", m, `an integer from 2 to the node count ${net.nodes}`);
    const plan = planWrht(net, m, bytes, mode, options.collective, options.elementBytes);
    return { plan: plan.feasible ? plan : undefined, candidates: [plan], nearTies: plan.feasible ? [plan] : [] };
  }
  const candidates = candidateGroupSizes(net).map((m) => planWrht(net, m, bytes, mode, options.collective, options.elementBytes));
  const feasible = candidates.filter((c) => c.feasible);
  if (feasible.length === 0) return { candidates, nearTies: [] };
  const least = Math.min(...feasible.map((c) => c.time));
  // within 0.1% of the least time the difference is noise against the model's own assumptions:
  // prefer the m that asks least of the hardware, then the shorter lightpaths, then the smaller m
  const nearTies = feasible.filter((c) => c.time <= least * (1 + NEAR_TIE));
  const plan = [...nearTies].sort((a, b) => planWavelengths(a) - planWavelengths(b) || planHops(a) - planHops(b) || a.groupSize - b.groupSize)[0];
  return { plan, candidates, nearTies };
}

/**
 * The default m: among the feasible m within 0.1% of the least closed-form time, the one needing
 * the fewest wavelengths, then the fewest hops, then the smaller m; or the forced one, refused
 * with the reason when it cannot work.
 */
export function chooseGroupSize(net: Network, bytes: number, options: WrhtOptions = {}): GroupSizeChoice {
  const r = planGroupSizes(net, bytes, options);
  if (r.plan) return { plan: r.plan, candidates: r.candidates, nearTies: r.nearTies };
  if (options.groupSize !== undefined) throw new InfeasibleError("--group-size", options.groupSize, `a group size WRHT can run: ${r.candidates[0].problem}`);
  const why = r.candidates[0].problem;
  throw new InfeasibleError(
    "wrht",
    `${net.nodes} nodes`,
    "a network where some group size is feasible",
    `wrht: no group size can run on this network (m = 2: ${why}); ${/power budget/.test(why ?? "") ? `${REGENERATE_HINT}; ` : ""}wrht-sim plan shows every m and its reason`,
  );
}
