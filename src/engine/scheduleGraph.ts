// A run of several schedules that holds a dependency schedule (a training iteration whose
// all-reduces are pipelined WRHT, a user's schedule beside a built-in) runs as one dependency
// graph, the same in both engines. The graph states the multi-schedule rule (schedules.ts) as
// dependencies: a transfer of a step schedule depends on its endpoints' transfers of their latest
// earlier step in that schedule, or, at an endpoint's first step there, on that endpoint's
// transfers in the latest earlier schedule on the same stream in which it took part; a transfer of
// a dependency schedule depends on what it names and, at each endpoint, on that endpoint's
// transfers in the latest earlier schedule on its stream; every transfer waits for its schedule's
// release. "An endpoint's transfers of a step" is a local operation of no duration joining them.
// Transfers are numbered schedule by schedule, step by step (or by position), so grant ties go by
// (ready, schedule, step, position) as in a run of step schedules alone; a test holds the graph of
// a list of step schedules to the lanes' results, transfer by transfer.
import { DependencySchedule, type Operation, type OperationId, isDependencySchedule } from "../core/dependencySchedule.js";
import { OP_COPY, stepTransfers } from "../core/schedule.js";
import type { Engine, EngineInput, EngineOutput, TransferRecord } from "./engine.js";
import type { ScheduleList } from "./schedules.js";

/** Whether a run of several schedules must run as one graph (it holds a dependency schedule). */
export function needsGraph(list: ScheduleList | undefined): list is ScheduleList {
  return list !== undefined && list.multi && list.entries.some((e) => isDependencySchedule(e.schedule));
}

interface Origin {
  schedule: number;
  /** Step within its schedule (a dependency schedule's: the transfer's depth). */
  step: number;
  id?: OperationId;
  deps?: readonly OperationId[];
}

/** Adds `id` to node u's list. */
function push(m: Map<number, OperationId[]>, u: number, id: OperationId): void {
  const l = m.get(u);
  if (l) l.push(id);
  else m.set(u, [id]);
}

/** The list as one dependency schedule, and where each of its transfers comes from. */
export function listAsGraph(list: ScheduleList): { graph: DependencySchedule; origins: Origin[] } {
  const ops: Operation[] = [];
  const origins: Origin[] = [];
  const n = list.entries[0].schedule.nodes;
  // per stream and node: the join of its transfers in the latest schedule it took part in
  const laneEnd = new Map<string, OperationId>();
  const lane = (stream: number, u: number) => `${stream}:${u}`;
  list.entries.forEach((e, i) => {
    if (typeof e.release !== "number") throw new Error(`schedule ${i}: a run holding a dependency schedule needs releases given as times, not computed from earlier schedules`);
    const release = e.release;
    const prefix = `s${i}.`;
    const atNode = new Map<number, OperationId[]>(); // this schedule's transfers at each node
    const before = (u: number): OperationId[] => {
      const j = laneEnd.get(lane(e.stream, u));
      return j === undefined ? [] : [j];
    };
    const sc = e.schedule;
    if (isDependencySchedule(sc)) {
      const depthOf = new Map<OperationId, number>();
      sc.dependencies.transfers.forEach((t, k) => depthOf.set(t.id, sc.dependencies.depth[k]));
      for (const o of sc.operations) {
        const deps = o.deps.map((d) => `${prefix}${String(d)}`);
        if (o.kind === "local") {
          ops.push({ ...o, id: `${prefix}${String(o.id)}`, deps });
          continue;
        }
        const id = `${prefix}${String(o.id)}`;
        ops.push({ ...o, id, deps: [...deps, ...before(o.src), ...before(o.dst)], release });
        origins.push({ schedule: i, step: depthOf.get(o.id) as number, id: o.id, deps: o.deps });
        push(atNode, o.src, id);
        push(atNode, o.dst, id);
      }
    } else {
      // per node: the join of its transfers in its latest earlier step of this schedule
      const stepEnd = new Map<number, OperationId>();
      for (let s = 0; s < sc.steps; s++) {
        const here = new Map<number, OperationId[]>();
        stepTransfers(sc, s).forEach((t, j) => {
          const id = `${prefix}p${s}.${j}`;
          const deps: OperationId[] = [];
          for (const u of [t.src, t.dst]) {
            const last = stepEnd.get(u);
            if (last !== undefined) deps.push(last);
            else deps.push(...before(u));
          }
          ops.push({ kind: "transfer", id, src: t.src, dst: t.dst, begin: t.begin, end: t.end, op: t.op, pin: t.pin, ...(t.dstBegin !== undefined ? { dstBegin: t.dstBegin } : {}), deps: [...new Set(deps)], release });
          origins.push({ schedule: i, step: s });
          for (const u of [t.src, t.dst]) {
            push(here, u, id);
            push(atNode, u, id);
          }
        });
        for (const [u, ids] of here) {
          const join = `${prefix}p${s}.at${u}`;
          ops.push({ kind: "local", id: join, node: u, from: 0, to: 0, length: 0, op: OP_COPY, deps: ids });
          stepEnd.set(u, join);
        }
      }
    }
    for (const [u, ids] of atNode) {
      const join = `${prefix}end.at${u}`;
      ops.push({ kind: "local", id: join, node: u, from: 0, to: 0, length: 0, op: OP_COPY, deps: ids });
      laneEnd.set(lane(e.stream, u), join);
    }
  });
  const graph = new DependencySchedule({ nodes: n, elements: list.combined.elements, algorithm: list.combined.algorithm, params: {} }, ops);
  return { graph, origins };
}

/**
 * Runs a list that holds a dependency schedule on `engine` as one graph, and reports as a run of
 * several schedules does: records name their schedule and step (and id and deps where the
 * schedule has them), steps' start and end are per step of the concatenated schedules, and each
 * schedule's release and completion are given.
 */
export function runListAsGraph(engine: Engine, input: EngineInput & { schedules: ScheduleList }): EngineOutput {
  const list = input.schedules;
  if (input.mode === "lockstep") throw new Error("several schedules run async: a barrier per step has no meaning across streams");
  const { graph, origins } = listAsGraph(list);
  const steps = list.combined.steps;
  const stepStart = new Float64Array(steps).fill(NaN);
  const stepEnd = new Float64Array(steps).fill(NaN);
  const done = new Float64Array(list.entries.length).fill(-Infinity);
  let k = 0;
  const out = engine.run({
    network: input.network, schedule: graph, mode: "async", grants: input.grants, elementBytes: input.elementBytes, window: input.window, onProgress: input.onProgress,
    onTransfer: (t) => {
      const o = origins[k++];
      const { id: _id, deps: _deps, ...rest } = t;
      const rec: TransferRecord = { ...rest, step: o.step, schedule: o.schedule };
      if (o.id !== undefined) {
        rec.id = o.id;
        rec.deps = o.deps;
      }
      const s = list.firstStep[o.schedule] + o.step;
      stepStart[s] = Number.isNaN(stepStart[s]) ? t.start : Math.min(stepStart[s], t.start);
      stepEnd[s] = Number.isNaN(stepEnd[s]) ? t.finish : Math.max(stepEnd[s], t.finish);
      done[o.schedule] = Math.max(done[o.schedule], t.finish);
      input.onTransfer?.(rec);
    },
  });
  const releases = Float64Array.from(list.entries, (e) => e.release as number);
  return {
    ...out, stepStart, stepEnd, releases,
    scheduleDone: Float64Array.from(done, (d, i) => (d === -Infinity ? releases[i] : d)),
  };
}
