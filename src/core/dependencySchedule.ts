// A dependency schedule: operations with ids and the ids they depend on, instead of steps (a
// user's own algorithm, an imported MSCCL algorithm, pipelined WRHT). Transfers move chunks
// between nodes; local operations copy or reduce inside a node and take no time.
//
// Engines see the transfers in position order (the grant order's tie-break) with each one's
// transfer dependencies: a dependency on a local operation stands for that operation's own
// dependencies, since it finishes the moment they do. Everything else (data replay, traces,
// wavelength need) sees the schedule by depth, the longest chain of transfers before an
// operation: a transfer of depth d depends only on transfers of smaller depth, so replaying depth
// by depth is exact for a race-free schedule, and a step schedule's tools work on it unchanged.
import type { Collective } from "./collectives.js";
import { InputError } from "./errors.js";
import {
  type CopySink, type Expectation, type LocalCopy, OP_COPY, OP_REDUCE, type Op, type Pin, type Schedule, type Transfer, type TransferSink,
} from "./schedule.js";

/** An operation's id: as the file or generator wrote it. */
export type OperationId = string | number;

export interface DependentTransfer extends Transfer {
  kind: "transfer";
  id: OperationId;
  deps: readonly OperationId[];
}

/** A copy or reduction inside node `node`: `length` elements from `from` to `to`. */
export interface LocalOperation extends LocalCopy {
  kind: "local";
  id: OperationId;
  deps: readonly OperationId[];
  op: Op;
}

export type Operation = DependentTransfer | LocalOperation;

/** What engines need: the transfers in position order and their dependencies on each other. */
export interface DependencyGraph {
  readonly transfers: readonly DependentTransfer[];
  /** Depth of each transfer (its trace step). */
  readonly depth: Int32Array;
  /** Transfer k depends on transfers depList[depStart[k] .. depStart[k+1]) (indices into `transfers`). */
  readonly depStart: Int32Array;
  readonly depList: Int32Array;
}

export interface DependencyScheduleInfo {
  nodes: number;
  elements: number;
  algorithm: string;
  collective?: Collective;
  root?: number;
  bufferElements?: number;
  params?: Readonly<Record<string, number | string | boolean>>;
  postcondition?: readonly Expectation[];
  /** Where the operations come from, for messages ("mine.yaml"). */
  source?: string;
}

export class DependencySchedule implements Schedule {
  readonly nodes: number;
  readonly elements: number;
  readonly algorithm: string;
  readonly collective?: Collective;
  readonly root?: number;
  readonly bufferElements?: number;
  readonly postcondition?: readonly Expectation[];
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly steps: number;
  readonly dependencies: DependencyGraph;
  /** Every operation, in position order. */
  readonly operations: readonly Operation[];
  /** A topological order of `operations` (indices), earlier positions first among the ready. */
  readonly order: Int32Array;
  /** Depth of every operation. */
  readonly opDepth: Int32Array;
  /** Direct dependencies of every operation (indices into `operations`). */
  readonly opDeps: readonly Int32Array[];
  private readonly byDepth: DependentTransfer[][];
  private readonly localsByDepth: LocalOperation[][];

  constructor(info: DependencyScheduleInfo, operations: readonly Operation[]) {
    this.nodes = info.nodes;
    this.elements = info.elements;
    this.algorithm = info.algorithm;
    this.collective = info.collective;
    this.root = info.root;
    this.bufferElements = info.bufferElements;
    this.params = info.params ?? {};
    this.postcondition = info.postcondition;
    this.operations = operations;
    const where = info.source ? `${info.source}: ` : "";
    const index = new Map<OperationId, number>();
    operations.forEach((o, i) => {
      if (index.has(o.id)) throw new InputError(`${where}operation ${i}`, o.id, "ids used once", `${where}operation ${i}: id ${JSON.stringify(o.id)} is used twice; every operation needs its own id`);
      index.set(o.id, i);
    });
    const count = operations.length;
    this.opDeps = operations.map((o, i) => Int32Array.from(o.deps, (d) => {
      const j = index.get(d);
      if (j === undefined) throw new InputError(`${where}operation ${JSON.stringify(o.id)}`, d, "ids of operations in the schedule", `${where}operation ${JSON.stringify(o.id)} (number ${i}) depends on ${JSON.stringify(d)}, which no operation has as its id`);
      if (j === i) throw new InputError(`${where}operation ${JSON.stringify(o.id)}`, d, "other operations", `${where}operation ${JSON.stringify(o.id)} depends on itself`);
      return j;
    }));
    // Kahn's algorithm: a topological order, or the cycle named
    const waiting = Int32Array.from(this.opDeps, (d) => d.length);
    const dependents: number[][] = Array.from({ length: count }, () => []);
    this.opDeps.forEach((d, i) => d.forEach((j) => dependents[j].push(i)));
    const order = new Int32Array(count);
    let filled = 0;
    for (let i = 0; i < count; i++) if (waiting[i] === 0) order[filled++] = i;
    for (let at = 0; at < filled; at++) {
      for (const j of dependents[order[at]]) if (--waiting[j] === 0) order[filled++] = j;
    }
    if (filled < count) {
      const stuck = operations.findIndex((_, i) => waiting[i] > 0);
      throw new InputError(`${where}dependencies`, operations[stuck].id, "an acyclic graph", `${where}the dependencies form a cycle through operation ${JSON.stringify(operations[stuck].id)} (${cycleThrough(this.opDeps, waiting, stuck).map((i) => JSON.stringify(operations[i].id)).join(" -> ")})`);
    }
    this.order = order;
    // depth: transfers before an operation on its longest chain
    const depth = new Int32Array(count);
    for (const i of order) {
      let d = 0;
      for (const j of this.opDeps[i]) d = Math.max(d, depth[j] + (operations[j].kind === "transfer" ? 1 : 0));
      depth[i] = d;
    }
    this.opDepth = depth;
    // transfers, with dependencies on local operations replaced by theirs
    const transferIndex = new Int32Array(count).fill(-1);
    const transfers: DependentTransfer[] = [];
    operations.forEach((o, i) => {
      if (o.kind === "transfer") {
        transferIndex[i] = transfers.length;
        transfers.push(o);
      }
    });
    const reach: (Set<number> | undefined)[] = new Array(count);
    const transferDeps = (i: number): Set<number> => {
      const out = new Set<number>();
      for (const j of this.opDeps[i]) {
        if (operations[j].kind === "transfer") out.add(transferIndex[j]);
        else for (const t of reach[j] as Set<number>) out.add(t);
      }
      return out;
    };
    for (const i of order) if (operations[i].kind === "local") reach[i] = transferDeps(i);
    const depStart = new Int32Array(transfers.length + 1);
    const lists: number[][] = [];
    const tDepth = new Int32Array(transfers.length);
    operations.forEach((o, i) => {
      if (o.kind !== "transfer") return;
      const k = transferIndex[i];
      const list = [...transferDeps(i)].sort((a, b) => a - b);
      lists.push(list);
      depStart[k + 1] = depStart[k] + list.length;
      tDepth[k] = depth[i];
    });
    this.dependencies = { transfers, depth: tDepth, depStart, depList: Int32Array.from(lists.flat()) };
    let steps = 0;
    for (const d of tDepth) steps = Math.max(steps, d + 1);
    this.steps = steps;
    this.byDepth = Array.from({ length: steps }, () => []);
    transfers.forEach((t, k) => this.byDepth[tDepth[k]].push(t));
    this.localsByDepth = Array.from({ length: steps + 1 }, () => []);
    for (const i of order) {
      const o = operations[i];
      if (o.kind === "local") this.localsByDepth[depth[i]].push(o);
    }
  }

  stepSize(s: number): number {
    return this.byDepth[s].length;
  }

  emit(s: number, sink: TransferSink): void {
    for (const t of this.byDepth[s]) sink.add(t.src, t.dst, t.begin, t.end, t.op, t.pin, t.dstBegin);
  }

  /** Local operations of depth s, in a topological order (depth `steps`: after the last transfer). */
  copies(s: number, sink: CopySink): void {
    for (const c of this.localsByDepth[s] ?? []) sink.copy(c.node, c.from, c.to, c.length, c.op);
  }
}

/** Whether a schedule is given by dependencies. */
export function isDependencySchedule(s: Schedule): s is DependencySchedule {
  return (s as Partial<DependencySchedule>).dependencies !== undefined;
}

/** A cycle among the operations Kahn's algorithm could not order, walked from `start`. */
function cycleThrough(deps: readonly Int32Array[], waiting: Int32Array, start: number): number[] {
  const seen = new Map<number, number>();
  const path: number[] = [];
  let at = start;
  while (!seen.has(at)) {
    seen.set(at, path.length);
    path.push(at);
    const next = Array.from(deps[at]).find((j) => waiting[j] > 0);
    if (next === undefined) break;
    at = next;
  }
  const from = seen.get(at) ?? 0;
  return [...path.slice(from), at].reverse();
}

/** A transfer operation (defaults: copy, route chosen by the network, written where it is read). */
export function dependentTransfer(id: OperationId, src: number, dst: number, begin: number, end: number, deps: readonly OperationId[], op: Op = OP_COPY, pin: Pin = 0, dstBegin?: number): DependentTransfer {
  return dstBegin === undefined || dstBegin === begin ? { kind: "transfer", id, src, dst, begin, end, op, pin, deps } : { kind: "transfer", id, src, dst, begin, end, op, pin, dstBegin, deps };
}

export { OP_COPY, OP_REDUCE };
