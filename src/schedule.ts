// A collective schedule: ordered steps, each a list of transfers. Algorithms generate steps on
// demand (`emit`), so an engine can stream a schedule of any length through a small window.

/** What a transfer does at its destination. */
export const OP_COPY = 0;
export const OP_REDUCE = 1;
export type Op = typeof OP_COPY | typeof OP_REDUCE;

/** Route pin: let the network choose (shortest, ties clockwise), or force a ring direction. */
export const PIN_AUTO = 0;
export const PIN_CW = 1;
export const PIN_CCW = 2;
export type Pin = typeof PIN_AUTO | typeof PIN_CW | typeof PIN_CCW;

/** Receives the transfers of one step, in order. Chunks are element ranges [begin, end). */
export interface TransferSink {
  add(src: number, dst: number, begin: number, end: number, op: Op, pin: Pin): void;
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

export interface Schedule {
  /** Algorithm name, as in the trace header. */
  readonly algorithm: string;
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

/** One transfer, as a plain object (replay, tests, small schedules). */
export interface Transfer {
  src: number;
  dst: number;
  begin: number;
  end: number;
  op: Op;
  pin: Pin;
}

/** The transfers of step s as objects. */
export function stepTransfers(schedule: Schedule, s: number): Transfer[] {
  const out: Transfer[] = [];
  schedule.emit(s, {
    add(src, dst, begin, end, op, pin) {
      out.push({ src, dst, begin, end, op, pin });
    },
  });
  return out;
}

/** A schedule given as explicit steps (tests, tools, small custom collectives). */
export class ExplicitSchedule implements Schedule {
  readonly steps: number;
  constructor(
    readonly nodes: number,
    readonly elements: number,
    private readonly stepList: readonly (readonly Transfer[])[],
    readonly algorithm = "custom",
    readonly params: Readonly<Record<string, number | string | boolean>> = {},
  ) {
    this.steps = stepList.length;
  }
  stepSize(s: number): number {
    return this.stepList[s].length;
  }
  emit(s: number, sink: TransferSink): void {
    for (const t of this.stepList[s]) sink.add(t.src, t.dst, t.begin, t.end, t.op, t.pin);
  }
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
