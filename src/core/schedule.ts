// A collective schedule: ordered steps, each a list of transfers. Algorithms generate steps on
// demand (`emit`), so an engine can stream a schedule of any length through a small window.
import type { Collective } from "./collectives.js";

/** What a transfer does at its destination. */
export const OP_COPY = 0;
export const OP_REDUCE = 1;
export type Op = typeof OP_COPY | typeof OP_REDUCE;

/** Route pin: let the network choose (shortest, ties clockwise), or force a ring direction. */
export const PIN_AUTO = 0;
export const PIN_CW = 1;
export const PIN_CCW = 2;
export type Pin = typeof PIN_AUTO | typeof PIN_CW | typeof PIN_CCW;

/**
 * Receives the transfers of one step, in order. Chunks are element ranges [begin, end) of the
 * source's buffer; the destination writes them at [dstBegin, dstBegin + end - begin), by default
 * at the same place (dstBegin = begin).
 */
export interface TransferSink {
  add(src: number, dst: number, begin: number, end: number, op: Op, pin: Pin, dstBegin?: number): void;
}

/**
 * Receives local memory copies: `length` elements of node `node`'s buffer from `from` to `to`,
 * applied in order. They move data inside a node (the rotations and packing of Bruck's
 * algorithms, an all-to-all's own block) and take no time in the model. `op` reduce adds
 * instead of copying (a dependency schedule's local reductions).
 */
export interface CopySink {
  copy(node: number, from: number, to: number, length: number, op?: Op): void;
}

/**
 * Packed transfer records, for schedules that write whole steps without a call per transfer:
 * each record is i32 src, i32 dst, i32 flags (op | pin << 1), one unused i32, f64 begin, f64 end
 * (32 bytes from its first word). Records start `stride` i32 words apart from word `at`, and wrap
 * from word `end` back to word `base` (an engine's ring buffer).
 */
export interface PackedRecords {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly at: number;
  readonly base: number;
  readonly end: number;
  /** Words between records; even, at least 8. */
  readonly stride: number;
}

/**
 * What a schedule of no named collective promises (a schedule file's postcondition): at the end,
 * every node of `nodes` holds at [begin, end) the sum over `sources` of their input elements
 * [from, from + end - begin) (one source: a copy).
 */
export interface Expectation {
  readonly nodes: readonly number[];
  readonly begin: number;
  readonly end: number;
  readonly sources: readonly number[];
  readonly from: number;
}

export interface Schedule {
  /** Algorithm name, as in the trace header. */
  readonly algorithm: string;
  /** The collective the schedule implements (all-reduce when absent, unless it has a postcondition). */
  readonly collective?: Collective;
  /** A schedule of no named collective: what must hold at the end instead. */
  readonly postcondition?: readonly Expectation[];
  /** Broadcast and reduce: the root node. */
  readonly root?: number;
  /**
   * Elements of each node's buffer the schedule addresses (default `elements`): all-to-all keeps
   * its output at [elements, 2 x elements), and Bruck's algorithms work in scratch space beyond.
   */
  readonly bufferElements?: number;
  readonly nodes: number;
  readonly elements: number;
  /** Number of steps. */
  readonly steps: number;
  /** Parameters the algorithm chose (group size, levels, ...), reported with results. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** Number of transfers in step s. */
  stepSize(s: number): number;
  /** Writes the transfers of step s, in order, to the sink. */
  emit(s: number, sink: TransferSink): void;
  /**
   * Local copies made before step s's transfers are sent (s = steps: after the last step). Only
   * data moves; engines ignore them.
   */
  copies?(s: number, sink: CopySink): void;
  /** Optional fast form of emit: the same transfers, packed (stepSize(s) records). */
  fill?(s: number, out: PackedRecords): void;
  /**
   * A pattern the WebAssembly kernel can generate itself, step by step, without slots: "ring" is
   * Ring all-reduce of `elements` on `nodes` (docs/KERNEL.md, ringStep).
   */
  readonly kernelPattern?: "ring";
}

/** A buffer kept between calls (taken while in use, so a nested call gets its own). */
let spare: ArrayBuffer | undefined;

/** emit() for a schedule whose single source of transfers is fill(): unpacks into the sink. */
export function emitPacked(schedule: Schedule & { fill(s: number, out: PackedRecords): void }, s: number, sink: TransferSink): void {
  const n = schedule.stepSize(s);
  const buf = spare !== undefined && spare.byteLength >= n * 32 ? spare : new ArrayBuffer(Math.max(1, n) * 32);
  spare = undefined;
  const i32 = new Int32Array(buf);
  const f64 = new Float64Array(buf);
  schedule.fill(s, { i32, f64, at: 0, base: 0, end: i32.length, stride: 8 });
  for (let j = 0; j < n; j++) {
    const flags = i32[j * 8 + 2];
    sink.add(i32[j * 8], i32[j * 8 + 1], f64[j * 4 + 2], f64[j * 4 + 3], (flags & 1) as Op, ((flags >> 1) & 3) as Pin);
  }
  spare = buf;
}

/**
 * A release computed from earlier schedules' completion times, for a run of several schedules
 * (a training iteration's collectives; src/engine/schedules.ts).
 */
export interface DependentRelease {
  /** The schedules that must be done first (indices below this schedule's). */
  readonly after: readonly number[];
  /** The release, given done(k), when schedule k's last transfer finished (k among `after`). */
  at(done: (k: number) => number): number;
}

/** One transfer, as a plain object (replay, tests, small schedules). */
export interface Transfer {
  src: number;
  dst: number;
  begin: number;
  end: number;
  op: Op;
  pin: Pin;
  /** Where the chunk lands at dst, when not at `begin`. */
  dstBegin?: number;
}

/** The transfers of step s as objects. */
export function stepTransfers(schedule: Schedule, s: number): Transfer[] {
  const out: Transfer[] = [];
  schedule.emit(s, {
    add(src, dst, begin, end, op, pin, dstBegin) {
      out.push(dstBegin === undefined || dstBegin === begin ? { src, dst, begin, end, op, pin } : { src, dst, begin, end, op, pin, dstBegin });
    },
  });
  return out;
}

export interface LocalCopy {
  node: number;
  from: number;
  to: number;
  length: number;
  /** Reduce adds into `to` (default copy). */
  op?: Op;
}

/** The local copies made before step s (s = steps: after the last), as objects. */
export function stepCopies(schedule: Schedule, s: number): LocalCopy[] {
  const out: LocalCopy[] = [];
  schedule.copies?.(s, { copy: (node, from, to, length, op) => out.push(op === OP_REDUCE ? { node, from, to, length, op } : { node, from, to, length }) });
  return out;
}

/** What an explicit schedule says beyond its steps (all-reduce with no copies by default). */
export interface ExplicitExtras {
  collective?: Collective;
  postcondition?: readonly Expectation[];
  root?: number;
  bufferElements?: number;
  /** Local copies before step s (index steps: after the last). */
  copyList?: readonly (readonly LocalCopy[])[];
}

/** A schedule given as explicit steps (tests, tools, small custom collectives). */
export class ExplicitSchedule implements Schedule {
  readonly steps: number;
  readonly collective?: Collective;
  readonly root?: number;
  readonly bufferElements?: number;
  readonly postcondition?: readonly Expectation[];
  private readonly copyList?: readonly (readonly LocalCopy[])[];
  constructor(
    readonly nodes: number,
    readonly elements: number,
    private readonly stepList: readonly (readonly Transfer[])[],
    readonly algorithm = "custom",
    readonly params: Readonly<Record<string, number | string | boolean>> = {},
    extras: ExplicitExtras = {},
  ) {
    this.steps = stepList.length;
    this.collective = extras.collective;
    this.root = extras.root;
    this.bufferElements = extras.bufferElements;
    this.copyList = extras.copyList;
    this.postcondition = extras.postcondition;
  }
  stepSize(s: number): number {
    return this.stepList[s].length;
  }
  emit(s: number, sink: TransferSink): void {
    for (const t of this.stepList[s]) sink.add(t.src, t.dst, t.begin, t.end, t.op, t.pin, t.dstBegin);
  }
  copies(s: number, sink: CopySink): void {
    for (const c of this.copyList?.[s] ?? []) sink.copy(c.node, c.from, c.to, c.length, c.op);
  }
}

/** Every step and copy of a schedule written out (to inspect or mutate it). */
export function materialize(schedule: Schedule): { steps: Transfer[][]; copies: LocalCopy[][]; extras: ExplicitExtras } {
  const steps = Array.from({ length: schedule.steps }, (_, s) => stepTransfers(schedule, s));
  const copies = Array.from({ length: schedule.steps + 1 }, (_, s) => stepCopies(schedule, s));
  return { steps, copies, extras: { collective: schedule.collective, root: schedule.root, bufferElements: schedule.bufferElements, copyList: copies } };
}

/**
 * First element of chunk i when E elements are split into `parts` near-equal chunks: the first
 * E mod parts chunks hold one element more. Exact in integers; chunk i is [begin(i), begin(i+1)).
 */
export function chunkBegin(i: number, elements: number, parts: number): number {
  const q = Math.floor(elements / parts);
  const r = elements - q * parts;
  return i * q + Math.min(i, r);
}
