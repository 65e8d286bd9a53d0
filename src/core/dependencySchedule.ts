// A dependency schedule: operations with ids and the ids they depend on, instead of steps (a
// user's own algorithm, an imported MSCCL algorithm, pipelined WRHT). Transfers move chunks
// between nodes; local operations copy or reduce inside a node and take no time.
//
// Engines see the transfers in position order (the grant order's tie-break) and the local
// operations as nodes that take no time: one finishes the moment its last dependency does.
// Everything else (data replay, traces,
// wavelength need) sees the schedule by depth, the longest chain of transfers before an
// operation: a transfer of depth d depends only on transfers of smaller depth, so replaying depth
// by depth is exact for a race-free schedule, and a step schedule's tools work on it unchanged.
import type { Collective } from "./collectives.js";
import { InputError } from "./errors.js";
import {
  type CopySink, type Expectation, type LocalCopy, OP_COPY, type Op, type Pin, type Schedule, type Transfer, type TransferSink,
} from "./schedule.js";

/** An operation's id: as the file or generator wrote it. */
export type OperationId = string | number;

export interface DependentTransfer extends Transfer {
  kind: "transfer";
  id: OperationId;
  deps: readonly OperationId[];
  /** The earliest it may be ready (a run of several schedules: its schedule's release). */
  release?: number;
}

/** A copy or reduction inside node `node`: `length` elements from `from` to `to`. */
export interface LocalOperation extends LocalCopy {
  kind: "local";
  id: OperationId;
  deps: readonly OperationId[];
  op: Op;
}

export type Operation = DependentTransfer | LocalOperation;

/**
 * What engines need: a graph whose nodes 0..T-1 are the transfers in position order and T..T+L-1
 * the local operations that wait for something (they take no time); node g depends on nodes
 * depList[depStart[g] .. depStart[g+1]).
 */
export interface DependencyGraph {
  readonly transfers: readonly DependentTransfer[];
  /** Local operations in the graph (L). */
  readonly locals: number;
  /** Depth of each transfer (its trace step). */
  readonly depth: Int32Array;
  readonly depStart: Int32Array;
  readonly depList: Int32Array;
  /** Each transfer's release, the earliest it may be ready (0 when absent): runs of several schedules. */
  readonly release?: Float64Array;
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
  /** Direct dependencies of every operation, flat: operation i's are opDepList[opDepStart[i] .. opDepStart[i+1]). */
  readonly opDepStart: Int32Array;
  readonly opDepList: Int32Array;
  private readonly byDepth: DependentTransfer[][];
  private readonly localsByDepth: LocalOperation[][];

  constructor(info: DependencyScheduleInfo, operations: readonly Operation[]) {
    this.nodes = info.nodes;
    this.elements = info.elements;
    this.algorithm = info.algorithm;
    this.collective = info.collective;
    this.root = info.root;
    this.bufferElements = info.bufferElements;
    this.postcondition = info.postcondition;
    this.params = info.params ?? {};
    this.operations = operations;
    const where = info.source ? `${info.source}: ` : "";
    const count = operations.length;
    const index = new Map<OperationId, number>();
    for (let i = 0; i < count; i++) {
      const o = operations[i];
      if (index.has(o.id)) throw new InputError(`${where}operation ${i}`, o.id, "ids used once", `${where}operation ${i}: id ${JSON.stringify(o.id)} is used twice; every operation needs its own id`);
      index.set(o.id, i);
    }
    // every operation's direct dependencies, flat: depsOf(i) = list[start[i] .. start[i+1])
    const start = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) start[i + 1] = start[i] + operations[i].deps.length;
    const list = new Int32Array(start[count]);
    for (let i = 0; i < count; i++) {
      const o = operations[i];
      let e = start[i];
      for (const d of o.deps) {
        const j = index.get(d);
        if (j === undefined) throw new InputError(`${where}operation ${JSON.stringify(o.id)}`, d, "ids of operations in the schedule", `${where}operation ${JSON.stringify(o.id)} (number ${i}) depends on ${JSON.stringify(d)}, which no operation has as its id`);
        if (j === i) throw new InputError(`${where}operation ${JSON.stringify(o.id)}`, d, "other operations", `${where}operation ${JSON.stringify(o.id)} depends on itself`);
        list[e++] = j;
      }
    }
    this.opDepStart = start;
    this.opDepList = list;
    // Kahn's algorithm over the turned-around graph: a topological order, or the cycle named
    const waiting = new Int32Array(count);
    const firstOut = new Int32Array(count + 1);
    for (let e = 0; e < list.length; e++) firstOut[list[e] + 1]++;
    for (let i = 0; i < count; i++) {
      firstOut[i + 1] += firstOut[i];
      waiting[i] = start[i + 1] - start[i];
    }
    const out = new Int32Array(list.length);
    const fill = firstOut.slice(0, count);
    for (let i = 0; i < count; i++) for (let e = start[i]; e < start[i + 1]; e++) out[fill[list[e]]++] = i;
    const order = new Int32Array(count);
    let filled = 0;
    for (let i = 0; i < count; i++) if (waiting[i] === 0) order[filled++] = i;
    for (let at = 0; at < filled; at++) {
      const x = order[at];
      for (let e = firstOut[x]; e < firstOut[x + 1]; e++) if (--waiting[out[e]] === 0) order[filled++] = out[e];
    }
    if (filled < count) {
      let stuck = 0;
      while (waiting[stuck] === 0) stuck++;
      throw new InputError(`${where}dependencies`, operations[stuck].id, "an acyclic graph", `${where}the dependencies form a cycle through operation ${JSON.stringify(operations[stuck].id)} (${cycleThrough(this, waiting, stuck).map((i) => JSON.stringify(operations[i].id)).join(" -> ")})`);
    }
    this.order = order;
    // depth: transfers before an operation on its longest chain
    const isTransfer = new Uint8Array(count);
    for (let i = 0; i < count; i++) isTransfer[i] = operations[i].kind === "transfer" ? 1 : 0;
    const depth = new Int32Array(count);
    for (const i of order) {
      let d = 0;
      for (let e = start[i]; e < start[i + 1]; e++) d = Math.max(d, depth[list[e]] + isTransfer[list[e]]);
      depth[i] = d;
    }
    this.opDepth = depth;
    // the engines' graph: the transfers (nodes 0..T-1, by position), then the local operations
    // that wait for something (nodes T..); a local operation that waits for nothing finishes at 0
    // and holds nobody up, so it and its edges are left out
    const node = new Int32Array(count).fill(-1);
    const transfers: DependentTransfer[] = [];
    for (let i = 0; i < count; i++) {
      if (isTransfer[i]) {
        node[i] = transfers.length;
        transfers.push(operations[i] as DependentTransfer);
      }
    }
    const T = transfers.length;
    let locals = 0;
    const waits = new Uint8Array(count);
    for (const i of order) {
      if (isTransfer[i]) {
        waits[i] = 1;
        continue;
      }
      for (let e = start[i]; e < start[i + 1]; e++) if (waits[list[e]]) waits[i] = 1;
    }
    for (let i = 0; i < count; i++) if (!isTransfer[i] && waits[i]) node[i] = T + locals++;
    const owner = new Int32Array(T + locals);
    for (let i = 0; i < count; i++) if (node[i] >= 0) owner[node[i]] = i;
    const depStart = new Int32Array(T + locals + 1);
    const stamp = new Int32Array(T + locals).fill(-1);
    const parts: number[] = [];
    for (let g = 0; g < T + locals; g++) {
      const i = owner[g];
      const at = parts.length;
      for (let e = start[i]; e < start[i + 1]; e++) {
        const d = node[list[e]];
        if (d >= 0 && stamp[d] !== g) {
          stamp[d] = g;
          parts.push(d);
        }
      }
      const mine = parts.slice(at).sort((a, b) => a - b);
      for (let x = 0; x < mine.length; x++) parts[at + x] = mine[x];
      depStart[g + 1] = parts.length;
    }
    const tDepth = new Int32Array(T);
    for (let k = 0; k < T; k++) tDepth[k] = depth[owner[k]];
    const released = transfers.some((t) => t.release !== undefined && t.release !== 0);
    this.dependencies = {
      transfers, locals, depth: tDepth, depStart, depList: Int32Array.from(parts),
      ...(released ? { release: Float64Array.from(transfers, (t) => t.release ?? 0) } : {}),
    };
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

  /** Operation i's direct dependencies (indices into `operations`). */
  depsOf(i: number): Int32Array {
    return this.opDepList.subarray(this.opDepStart[i], this.opDepStart[i + 1]);
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
function cycleThrough(schedule: { depsOf(i: number): Int32Array }, waiting: Int32Array, start: number): number[] {
  const seen = new Map<number, number>();
  const path: number[] = [];
  let at = start;
  while (!seen.has(at)) {
    seen.set(at, path.length);
    path.push(at);
    const next = Array.from(schedule.depsOf(at)).find((j) => waiting[j] > 0);
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

