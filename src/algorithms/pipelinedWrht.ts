// Pipelined WRHT (beyond the paper): the vector is cut into k pieces that go through WRHT's
// levels one behind another, as a dependency schedule. Piece c's transfer at a level waits for
// piece c's transfers of the previous level at its two nodes (its data) and for piece c-1's
// transfers of the same level at its two nodes (a node passes one piece at a time through a
// level), so the levels of different pieces run at once and contend for wavelengths and
// transceivers, which the engine resolves. k = 1 is WRHT itself (wrht.ts), unchanged.
//
// The pipeline runs without the top-level all-to-all shortcut: in that step every top leader
// reads its vector while the others add into it, which a step schedule may do (send buffers are
// copied when the step begins) but a dependency schedule may not (a race).
import { DependencySchedule, type Operation, type OperationId, dependentTransfer } from "../core/dependencySchedule.js";
import { InfeasibleError, InputError } from "../core/errors.js";
import { OP_COPY, chunkBegin, stepTransfers } from "../core/schedule.js";
import type { Network } from "../network/network.js";
import { WrhtAllReduce } from "./wrht.js";
import { type WrhtPlan, levelPairs, planGroupSizes, planWrht } from "./wrhtPlan.js";

/** Piece counts the planner considers (`--chunks auto`): up to this many. */
export const MAX_AUTO_CHUNKS = 256;

/** The piece counts `auto` weighs: every count to 16, then about 6% apart, up to `most`. */
export function autoChunkCounts(most: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= most; k = k < 16 ? k + 1 : Math.max(k + 1, Math.round(k * 1.0625))) out.push(k);
  return out;
}

export interface PipelineChoice {
  groupSize: number;
  chunks: number;
  /** The estimate (seconds) for this m and k; for k = 1 WRHT's own closed form. */
  estimate: number;
  /** The same m's estimate without pipelining (k = 1, its shortcut as asked), for comparison. */
  unpipelined: number;
  /** The estimate for each k considered at the chosen m. */
  table: { chunks: number; estimate: number }[];
}

/**
 * The estimate of pipelined WRHT with group size m and k pieces, a pipeline bound: each level's
 * reduce and broadcast is a stage that holds one piece at a time, lasting t_s for the largest
 * piece, so a piece takes the sum of the stage times to get through, and the next can follow one
 * period later. The period is the slowest stage, or longer where the stages' lightpaths share a
 * link: a link of w channels that stage s crosses with load_s lightpaths is busy
 * sum_s load_s t_s / w per piece. The estimate is sum_s t_s + (k - 1) x period. It is exact when
 * the ring has wavelengths to spare, and optimistic when it has not: it ignores wavelength
 * continuity (a lightpath needs one wavelength free on every link of its path) and transceiver
 * limits, which the simulation does not; NaN when m cannot run.
 */
export function pipelineEstimate(net: Network, m: number, elements: number, elementBytes: number, k: number): number {
  const piece = Math.ceil(elements / k) * elementBytes;
  const p = planWrht(net, m, piece, "off");
  if (!p.feasible) return NaN;
  const stages: number[] = [];
  for (const l of p.levels) stages.push(l.reduceTime, l.broadcastTime);
  let sum = 0;
  let slowest = 0;
  for (const t of stages) {
    sum += t;
    slowest = Math.max(slowest, t);
  }
  if (k === 1) return sum;
  const loads = stageLoads(net, p);
  let busiest = 0;
  for (let link = 0; link < net.links; link++) {
    let busy = 0;
    for (let st = 0; st < stages.length; st++) busy += loads[st][link] * stages[st];
    busiest = Math.max(busiest, busy);
  }
  return sum + (k - 1) * Math.max(slowest, busiest / net.channels);
}

/** Lightpaths of each stage (level reduce, level broadcast, ...) on each link, per network and m. */
const loadCache = new WeakMap<Network, Map<number, Uint32Array[]>>();

function stageLoads(net: Network, p: WrhtPlan): Uint32Array[] {
  let byM = loadCache.get(net);
  if (!byM) loadCache.set(net, (byM = new Map()));
  const hit = byM.get(p.groupSize);
  if (hit) return hit;
  const loads: Uint32Array[] = [];
  p.levels.forEach((_, i) => {
    for (const phase of ["reduce", "broadcast"] as const) {
      const load = new Uint32Array(net.links);
      for (const [src, dst, pin] of levelPairs(p.levelNodes[i], p.groupSize, p.unidirectional, phase)) {
        for (const link of net.route(src, dst, pin).links) load[link]++;
      }
      loads.push(load);
    }
  });
  byM.set(p.groupSize, loads);
  return loads;
}

/**
 * m and k together (`chunks` "auto"), or the best m for a given k: the least estimate, ties to
 * fewer pieces and then the smaller m. k = 1 is WRHT with its own shortcut rule.
 */
export function choosePipeline(net: Network, elements: number, elementBytes: number, o: { groupSize?: number; chunks: number | "auto"; shortcut?: "auto" | "on" | "off" }): PipelineChoice {
  const bytes = elements * elementBytes;
  const { candidates } = planGroupSizes(net, bytes, { groupSize: o.groupSize, shortcut: o.shortcut });
  const feasible = candidates.filter((c) => c.feasible);
  if (feasible.length === 0) throw new InfeasibleError("group size", o.groupSize ?? "any", "a group size WRHT can run", `WRHT: no group size can run here (${candidates[0]?.problem ?? "no candidates"})`);
  const most = o.chunks === "auto" ? Math.min(MAX_AUTO_CHUNKS, elements) : o.chunks;
  if (o.chunks !== "auto" && (!Number.isInteger(o.chunks) || o.chunks < 1 || o.chunks > elements)) {
    throw new InputError("--chunks", o.chunks, `auto or an integer from 1 to the element count ${elements}`);
  }
  const ks = o.chunks === "auto" ? autoChunkCounts(most) : [o.chunks];
  let best: PipelineChoice | undefined;
  for (const plan of feasible) {
    const m = plan.groupSize;
    const table = ks.map((k) => ({ chunks: k, estimate: k === 1 ? plan.time : pipelineEstimate(net, m, elements, elementBytes, k) }));
    for (const row of table) {
      if (Number.isNaN(row.estimate)) continue;
      if (!best || row.estimate < best.estimate) best = { groupSize: m, chunks: row.chunks, estimate: row.estimate, unpipelined: plan.time, table };
    }
  }
  if (!best) throw new InfeasibleError("--chunks", o.chunks, "a piece count WRHT can run", `--chunks: WRHT cannot run ${o.chunks} pieces here`);
  return best;
}

/**
 * What `--chunks auto` simulates before it chooses: for the `count` group sizes with the least
 * estimates, the best k by estimate and its neighbours k/2 and 2k (within 1..the largest), each
 * with its estimate, least estimate first.
 */
export function pipelineShortlist(net: Network, elements: number, elementBytes: number, o: { groupSize?: number; shortcut?: "auto" | "on" | "off" }, count = 3): { groupSize: number; chunks: number; estimate: number }[] {
  const bytes = elements * elementBytes;
  const most = Math.min(MAX_AUTO_CHUNKS, elements);
  const perM: { groupSize: number; chunks: number; estimate: number }[] = [];
  for (const plan of planGroupSizes(net, bytes, { groupSize: o.groupSize, shortcut: o.shortcut }).candidates) {
    if (!plan.feasible) continue;
    let best = { groupSize: plan.groupSize, chunks: 1, estimate: plan.time };
    for (const k of autoChunkCounts(most)) {
      if (k === 1) continue;
      const e = pipelineEstimate(net, plan.groupSize, elements, elementBytes, k);
      if (e < best.estimate) best = { groupSize: plan.groupSize, chunks: k, estimate: e };
    }
    perM.push(best);
  }
  perM.sort((a, b) => a.estimate - b.estimate || a.chunks - b.chunks || a.groupSize - b.groupSize);
  const out = new Map<string, { groupSize: number; chunks: number; estimate: number }>();
  for (const b of perM.slice(0, count)) {
    for (const k of [b.chunks, Math.max(1, Math.floor(b.chunks / 2)), Math.min(most, b.chunks * 2)]) {
      const key = `${b.groupSize}/${k}`;
      if (out.has(key)) continue;
      const plan = planWrht(net, b.groupSize, bytes, o.shortcut ?? "auto");
      out.set(key, { groupSize: b.groupSize, chunks: k, estimate: k === 1 ? plan.time : pipelineEstimate(net, b.groupSize, elements, elementBytes, k) });
    }
  }
  return [...out.values()].sort((a, b) => a.estimate - b.estimate || a.chunks - b.chunks || a.groupSize - b.groupSize);
}

/** WRHT all-reduce in k pieces (k = 1: WRHT itself). */
export function pipelinedWrht(net: Network, elements: number, elementBytes: number, o: { groupSize?: number; chunks: number | "auto"; shortcut?: "auto" | "on" | "off" }): WrhtAllReduce | DependencySchedule {
  const choice = choosePipeline(net, elements, elementBytes, o);
  if (choice.chunks === 1) return WrhtAllReduce.forNetwork(net, elements, elementBytes, { groupSize: choice.groupSize, shortcut: o.shortcut });
  const plan: WrhtPlan = planWrht(net, choice.groupSize, Math.ceil(elements / choice.chunks) * elementBytes, "off");
  return pipeline(new WrhtAllReduce(plan, elements), choice.chunks, {
    groupSize: choice.groupSize, levels: plan.levels.length, shortcut: false, chunks: choice.chunks, estimate: choice.estimate,
  });
}

/**
 * A step schedule whose every transfer carries the whole vector, cut into k pieces that follow
 * one another through its steps (the dependencies above); positions go piece by piece.
 */
export function pipeline(base: WrhtAllReduce, k: number, params: Record<string, number | string | boolean>): DependencySchedule {
  const E = base.elements;
  const n = base.nodes;
  // the base schedule's steps once, and per step which of its transfers each node takes part in
  const steps = Array.from({ length: base.steps }, (_, s) => stepTransfers(base, s));
  const atNode = steps.map((ts) => {
    const m = new Map<number, number[]>();
    ts.forEach((t, j) => {
      for (const u of [t.src, t.dst]) {
        const l = m.get(u);
        if (l) l.push(j);
        else m.set(u, [j]);
      }
    });
    return m;
  });
  for (const ts of steps) for (const t of ts) if (t.begin !== 0 || t.end !== E) throw new Error("pipeline: every transfer of the base schedule must carry the whole vector");
  const id = (c: number, s: number, j: number) => `p${c}.s${s}.${j}`;
  // "piece c is through step s at node u": a local operation of no length that joins u's
  // transfers of that step, so a leader's m - 1 transfers are waited for through one node, not
  // m - 1 edges from each of the next m - 1
  const through = (c: number, s: number, u: number) => `p${c}.s${s}.at${u}`;
  const ops: Operation[] = [];
  for (let c = 0; c < k; c++) {
    const begin = chunkBegin(c, E, k);
    const end = chunkBegin(c + 1, E, k);
    // per node: the latest earlier step it took part in (for this piece)
    const latest = new Int32Array(n).fill(-1);
    for (let s = 0; s < steps.length; s++) {
      steps[s].forEach((t, j) => {
        const deps: OperationId[] = [];
        for (const u of [t.src, t.dst]) {
          if (latest[u] >= 0) deps.push(through(c, latest[u], u));
          if (c > 0) deps.push(through(c - 1, s, u));
        }
        ops.push(dependentTransfer(id(c, s, j), t.src, t.dst, begin, end, deps, t.op, t.pin));
      });
      for (const [u, js] of atNode[s]) {
        ops.push({ kind: "local", id: through(c, s, u), node: u, from: 0, to: 0, length: 0, op: OP_COPY, deps: js.map((j) => id(c, s, j)) });
        latest[u] = s;
      }
    }
  }
  return new DependencySchedule({ nodes: n, elements: E, algorithm: "wrht", collective: "allreduce", params }, ops);
}
