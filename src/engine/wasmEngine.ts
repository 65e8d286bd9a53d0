// The WebAssembly engine: drives the kernel (assembly/), streaming the schedule into its slot
// ring buffer a window of steps at a time and reading results back out of linear memory.
import { compileKernel } from "./kernelFile.js";
import type { Network } from "../network/network.js";
import type { Op, PackedRecords, Pin, Schedule, TransferSink } from "../core/schedule.js";
import { type Engine, type EngineInput, type EngineOutput, STREAM_WINDOW, type TransferRecord } from "./engine.js";
import {
  CHANNEL_STATE_CODES, E_MEMORY, E_STUCK, FLAG_DST_BEGIN, E_NODE, E_POWER, E_ROUTE, E_UNORDERED, FLAG_REDUCE, GRANT_CODES, type KernelExports, SHARING_CODES, PIN_SHIFT, R, REC, ST_DONE, ST_DRAIN, ST_NEED_STEPS,
} from "./kernelAbi.js";
import { badEndpoints, badRoute, neverStarts, powerBudgetViolation, shortestHops } from "./violations.js";
import type { ScheduleList } from "./schedules.js";
import { type DependencyGraph, isDependencySchedule } from "../core/dependencySchedule.js";
import { dependentsOf } from "./dependencies.js";
import { needsGraph, runListAsGraph } from "./scheduleGraph.js";
import { RingCuts } from "../network/ringCuts.js";

let compiled: WebAssembly.Module | undefined;

/** A fresh kernel instance (the compiled module is cached). */
export function instantiateKernel(): KernelExports {
  compiled ??= compileKernel();
  // the module imports nothing: a plain instance is all it takes
  return new WebAssembly.Instance(compiled, {}).exports as unknown as KernelExports;
}

/**
 * Instances are reused from one simulation to the next in the same thread: growing a fresh linear
 * memory costs page faults and address-space locks that serialise worker threads of a sweep.
 * `configure` clears what an earlier run left. An instance that grew past this size is dropped,
 * so one huge run does not keep its memory resident for the small ones after it.
 */
const REUSE_BELOW = 256 * 2 ** 20;
let spare: KernelExports | undefined;

function acquireKernel(): KernelExports {
  const k = spare !== undefined && spare.memory.buffer.byteLength <= REUSE_BELOW ? spare : instantiateKernel();
  spare = undefined; // a nested simulation (from a callback) gets its own instance
  return k;
}

/** Writes one step's transfers straight into the kernel's slots (the first 32 bytes of each). */
class SlotWriter implements TransferSink {
  private i32 = new Int32Array(0);
  private f64 = new Float64Array(0);
  /** i32 word index of the next slot; of slot 0; one past the last slot; words per slot. */
  private w = 0;
  private base = 0;
  private end = 0;
  private words = REC >> 2;
  count = 0;

  constructor(private readonly k: KernelExports) {}

  begin(first: number): void {
    const buf = this.k.memory.buffer;
    if (this.i32.buffer !== buf) {
      this.i32 = new Int32Array(buf);
      this.f64 = new Float64Array(buf);
    }
    this.words = this.k.recordSize() >> 2;
    this.base = this.k.slotsPtr() >> 2;
    this.end = this.base + (this.k.slotMask() + 1) * this.words;
    this.w = this.base + first * this.words;
    this.count = 0;
  }

  /** The slots of the step just begun, for a schedule that fills them itself. */
  packed(): PackedRecords {
    return { i32: this.i32, f64: this.f64, at: this.w, base: this.base, end: this.end, stride: this.words };
  }

  // Called once per transfer, hundreds of millions of times: no division, no masking.
  add(src: number, dst: number, begin: number, end: number, op: Op, pin: Pin, dstBegin?: number): void {
    const w = this.w;
    const i32 = this.i32;
    const f64 = this.f64;
    i32[w] = src; // R.SRC = 0
    i32[w + 1] = dst; // R.DST = 4
    if (dstBegin === undefined || dstBegin === begin) i32[w + 2] = op | (pin << PIN_SHIFT); // R.FLAGS = 8
    else {
      i32[w + 2] = op | (pin << PIN_SHIFT) | FLAG_DST_BEGIN;
      f64[(w >> 1) + 4] = dstBegin; // R.DST_BEGIN = 32
    }
    f64[(w >> 1) + 2] = begin; // R.BEGIN = 16
    f64[(w >> 1) + 3] = end; // R.END = 24
    this.w = w + this.words === this.end ? this.base : w + this.words;
    this.count++;
  }
}

/**
 * Traced runs try the streaming path only while the whole trace can wait in memory for the
 * verdict: a streaming run that turns out unordered is rerun, and its records are thrown away.
 */
const STREAM_TRACE_LIMIT = 200_000;

/** Transfers between progress reports. */
const PROGRESS_EVERY = 1 << 22;

export interface WasmEngineOptions {
  /** Try the streaming fast path first (default true); results are the same either way. */
  streaming?: boolean;
  /** Channel state: by the network's size (default), dense, or sparse; results are the same. */
  channelState?: keyof typeof CHANNEL_STATE_CODES;
}

export class WasmEngine implements Engine {
  readonly name = "wasm" as const;
  /** How the last run went: streamed, or on the event loop (and whether streaming was tried). */
  lastPath: "streamed" | "event-loop" | "event-loop after unordered stream" = "event-loop";
  private streamed = false;

  constructor(private readonly options: WasmEngineOptions = {}) {}

  run(input: EngineInput): EngineOutput {
    // several schedules, one of them by dependencies: one graph (scheduleGraph.ts)
    if (needsGraph(input.schedules)) return runListAsGraph(this, { ...input, schedules: input.schedules });
    const k = acquireKernel();
    try {
      const total = input.onTransfer ? countTransfers(input.schedule, STREAM_TRACE_LIMIT + 1) : 0;
      // a dependency schedule is loaded whole onto the event loop
      if (this.options.streaming !== false && total <= STREAM_TRACE_LIMIT && !isDependencySchedule(input.schedule)) {
        const records: TransferRecord[] = [];
        const out = this.runOn(k, { ...input, onTransfer: input.onTransfer ? (t) => records.push(t) : undefined }, true);
        if (out !== undefined) {
          this.lastPath = this.streamed ? "streamed" : "event-loop";
          if (input.onTransfer) for (const t of records) input.onTransfer(t);
          return out;
        }
        this.lastPath = "event-loop after unordered stream";
      } else {
        this.lastPath = "event-loop";
      }
      return this.runOn(k, input, false) as EngineOutput;
    } finally {
      spare = k;
    }
  }

  /** One run; undefined when streaming cannot be exact (the caller reruns on the event loop). */
  private runOn(
    k: KernelExports, { network, schedule, schedules, mode, grants = "greedy", elementBytes, onTransfer, onProgress, window = STREAM_WINDOW, faults, variability }: EngineInput, stream: boolean,
  ): EngineOutput | undefined {
    const net = network.kernel();
    const steps = schedule.steps;
    const list = schedules !== undefined && schedules.multi ? schedules : undefined;
    if (list && mode === "lockstep") throw new Error("several schedules run async: a barrier per step has no meaning across streams");
    if (list && k.planSchedules(list.entries.length, list.streams) !== 0) throw kernelFailure(-6, "planSchedules");
    const graph = isDependencySchedule(schedule) ? schedule.dependencies : undefined;
    if (graph && (list || mode === "lockstep")) throw new Error("a dependency schedule runs alone and async: its dependencies, not steps, order it");
    // factors are applied on the event loop only (streamed steps take their plain durations)
    const varies = (variability?.slow?.length ?? 0) > 0 || variability?.jitter !== undefined;
    if (varies) stream = false;
    if (k.setSwitching(net.fair ? SHARING_CODES.fair : SHARING_CODES.exclusive, net.ports) !== 0) throw kernelFailure(-6, "setSwitching");
    const status = k.configure(
      net.kind, network.nodes, net.channels, net.bidirectional ? 1 : 0, net.tx, net.rx, net.leafSize, net.spines,
      mode === "lockstep" ? 1 : 0, steps, net.hopLimit, elementBytes, onTransfer ? 1 : 0, stream ? 1 : 0,
      GRANT_CODES[grants], net.routing, net.regenerate ? 1 : 0, CHANNEL_STATE_CODES[this.options.channelState ?? "auto"],
    );
    if (status !== 0) throw kernelFailure(status, "configure");
    const cuts = network.kind === "optical-ring" ? RingCuts.of(network.nodes, network.channels, faults) : undefined;
    for (const gap of cuts?.cuts ?? []) if (k.cutRing(gap) !== 0) throw kernelFailure(-6, `cut ${gap}`);
    for (const link of cuts?.deadLinks ?? []) if (k.cutLink(link, network.nodes) !== 0) throw kernelFailure(-6, `dead link ${link}`);
    for (const [link, c] of faults?.lostChannels ?? []) if (k.loseChannel(link, c) !== 0) throw kernelFailure(-6, `lost channel ${link}:${c}`);
    for (const [node, side, unit] of faults?.failedUnits ?? []) if (k.failUnit(node, side === "tx" ? 0 : 1, unit) !== 0) throw kernelFailure(-6, `failed ${side} ${node}:${unit}`);
    for (const [node, factor] of variability?.slow ?? []) if (k.setSlow(node, factor) !== 0) throw kernelFailure(-6, `slow ${node}:${factor}`);
    if (variability?.jitter) {
      const { seed, factors } = variability.jitter;
      const at = k.setJitter(seed >>> 0, factors.length);
      if (at === 0) throw kernelFailure(E_MEMORY, "setJitter");
      new Float64Array(k.memory.buffer, at, factors.length).set(factors);
    }
    // the kernel declines streaming where it cannot be exact (adaptive routing)
    if (stream && k.streamingOn() === 0) stream = false;
    this.streamed = stream;
    k.setTiming(net.alpha, net.bandwidth, net.hopLatency, net.gamma, net.uplinkBandwidth, net.tuningTime, net.regenLatency);
    k.setDrainEvery(Math.max(1, Math.min(window, STREAM_WINDOW)));

    // several schedules: the kernel learns each release as soon as it is known (schedules.ts)
    const releases = list?.newReleases();
    let told = 0;
    const tell = (): void => {
      if (!list || !releases) return;
      const done = (i: number): number => k.scheduleDoneTime(i);
      for (; told < list.entries.length; told++) {
        const r = list.resolve(told, done, releases);
        if (Number.isNaN(r)) break;
        if (k.setRelease(told, r) !== 0) throw kernelFailure(-6, `release of schedule ${told}`);
      }
    };
    const releaseKnown = (step: number): boolean => !list || told > list.scheduleOf(step);
    if (list) {
      for (const [i, e] of list.entries.entries()) {
        const st = k.defineSchedule(i, list.firstStep[i], e.schedule.steps, list.transfers[i], e.stream, NaN, steps);
        if (st !== 0) throw kernelFailure(st, `schedule ${i}`);
      }
      tell();
    }

    const writer = new SlotWriter(k);
    let reported = 0;
    // the wavelengths of regenerated lightpaths, by serial, until their records are reported
    const segmentChannels = new Map<number, number[]>();
    const drain = (): void => {
      readSegmentLog(k, segmentChannels);
      const upTo = k.grantedFront();
      const rv = recordView(k, net.fair);
      for (; reported < upTo; reported++) {
        const rec = readRecord(k, reported, elementBytes, list, rv);
        if (graph) {
          rec.id = graph.transfers[reported].id;
          rec.deps = graph.transfers[reported].deps;
        }
        if (rec.segments > 1) {
          rec.channels = segmentChannels.get(reported);
          segmentChannels.delete(reported);
          if (rec.channels?.length !== rec.segments) throw new Error(`kernel: segment channels of transfer ${reported} missing`);
        }
        (onTransfer as (t: TransferRecord) => void)(rec);
      }
      k.releaseUpTo(upTo);
    };
    let next = 0;
    /** Loads (and, streaming, grants) the next step; false when streaming turns out unordered. */
    const load = (): boolean => {
      const n = schedule.stepSize(next);
      const first = k.reserve(n);
      if (first < 0) throw kernelFailure(E_MEMORY, `step ${next}`);
      writer.begin(first);
      if (schedule.fill) schedule.fill(next, writer.packed());
      else {
        schedule.emit(next, writer);
        if (writer.count !== n) throw new Error(`schedule ${schedule.algorithm}: step ${next} emitted ${writer.count} transfers, announced ${n}`);
      }
      const st = k.commitStep(next, n);
      // a path that cannot be taken is reported as the event loop meets it (in time order, not
      // schedule order), so streaming hands such a run over too
      if (st === E_UNORDERED || (stream && (st === E_POWER || st === E_ROUTE || st === E_STUCK))) return false;
      if (st === E_NODE) {
        const rec = readRecord(k, k.errorTransfer(), elementBytes, undefined);
        throw badEndpoints(network, list ? next - list.firstStep[list.scheduleOf(next)] : next, rec.src, rec.dst);
      }
      if (st !== 0) throw transferFailure(k, st, network, elementBytes, list, cuts);
      next++;
      return true;
    };

    // progress is reported every PROGRESS_EVERY transfers or so: a call per step would cost Ring
    let reportAt = PROGRESS_EVERY;
    const progress = (): void => {
      if (onProgress && k.grantedFront() >= reportAt) {
        onProgress(k.grantedFront());
        reportAt = k.grantedFront() + PROGRESS_EVERY;
      }
    };
    // Ring without a trace: the kernel generates the transfers itself (an identical schedule)
    const generated = stream && !onTransfer && schedule.kernelPattern === "ring" && k.fastRingPossible() === 1;
    if (graph) {
      loadGraph(k, graph, writer, network);
      next = steps;
    }
    if (generated) {
      for (; next < steps; next++) {
        const st = k.ringStep(next, schedule.elements);
        if (st === E_UNORDERED) return undefined;
        if (st !== 0) throw kernelFailure(st, `step ${next}`);
        progress();
      }
    } else if (stream) {
      while (next < steps) {
        // every earlier schedule is granted: a release it waits for is known now
        tell();
        if (!releaseKnown(next)) throw new Error(`schedule ${list?.scheduleOf(next)}: its release never became known`);
        if (!load()) return undefined;
        if (onTransfer) drain();
        progress();
      }
    } else {
      let idleAsks = 0;
      for (;;) {
        tell();
        while (next < steps && k.loadedSerials() - k.grantedFront() < window && releaseKnown(next)) load();
        const st = k.run();
        if (onTransfer) drain();
        progress();
        if (st === ST_DONE) break;
        if (st === ST_DRAIN) continue;
        if (st === ST_NEED_STEPS) {
          if (next >= steps) throw new Error("kernel asked for steps beyond the schedule");
          tell();
          if (releaseKnown(next)) {
            load();
            idleAsks = 0;
          } else if (++idleAsks > (list?.entries.length ?? 0) + 1) {
            // the kernel asks once per schedule completed while a release is unknown: more asks
            // than schedules mean it is out of work and the release waits for nothing that can finish
            throw new Error(`schedule ${list?.scheduleOf(next)}: its release never became known`);
          }
          continue;
        }
        throw transferFailure(k, st, network, elementBytes, list, cuts);
      }
    }

    const stepStart = new Float64Array(steps);
    const stepEnd = new Float64Array(steps);
    for (let s = 0; s < steps; s++) {
      const a = k.stepStartTime(s);
      stepStart[s] = a === Infinity ? NaN : a;
      const b = k.stepEndTime(s);
      stepEnd[s] = b === -Infinity ? NaN : b;
    }
    // schedules without steps are never loaded: their releases are resolved here, all else being done
    tell();
    const perSchedule = list && releases
      ? { releases, scheduleDone: Float64Array.from(list.entries, (_, i) => k.scheduleDoneTime(i)) }
      : {};
    return {
      time: k.makespanTime(),
      transfers: k.transfersGranted(),
      bytes: k.bytesTotal(),
      waitTime: k.waitedTotal(),
      peakWavelengths: k.peakChannels(),
      maxHops: k.maxHopCount(),
      stepStart,
      stepEnd,
      energySums: {
        lightpathSeconds: k.lightpathSecondsTotal(),
        byteSegments: k.byteSegmentsTotal(),
        byteHops: k.byteHopsTotal(),
        byteRegens: k.byteRegensTotal(),
        retunes: k.retunesTotal(),
      },
      ...perSchedule,
    };
  }
}

/** Writes a dependency schedule's tables and transfers into the kernel and commits them (dependencies.ts). */
function loadGraph(k: KernelExports, graph: DependencyGraph, writer: SlotWriter, network: Network): void {
  const n = graph.transfers.length;
  const all = n + graph.locals;
  const { first, dependents } = dependentsOf(graph);
  const base = k.graphDefine(n, graph.locals, dependents.length);
  if (base === 0) throw kernelFailure(E_MEMORY, "dependency tables");
  const i32 = new Int32Array(k.memory.buffer, base, n + 2 * all + 1 + dependents.length);
  i32.set(graph.depth, 0);
  for (let g = 0; g < all; g++) i32[n + g] = graph.depStart[g + 1] - graph.depStart[g];
  i32.set(first, n + all);
  i32.set(dependents, n + 2 * all + 1);
  if (graph.release) new Float64Array(k.memory.buffer, k.graphReleases(), n).set(graph.release);
  const at = k.reserve(n);
  if (at < 0) throw kernelFailure(E_MEMORY, "dependency schedule");
  writer.begin(at);
  for (const t of graph.transfers) writer.add(t.src, t.dst, t.begin, t.end, t.op, t.pin, t.dstBegin);
  const st = k.commitGraph(n);
  if (st === E_NODE) {
    const j = k.errorTransfer();
    throw badEndpoints(network, graph.depth[j], graph.transfers[j].src, graph.transfers[j].dst);
  }
  if (st !== 0) throw kernelFailure(st, "dependency schedule");
}

/** Transfers in the schedule, counting no further than `limit`. */
function countTransfers(schedule: Schedule, limit: number): number {
  let n = 0;
  for (let s = 0; s < schedule.steps && n <= limit; s++) n += schedule.stepSize(s);
  return n;
}

/** Moves the kernel's log of regenerated lightpaths' wavelengths into `into` and clears it. */
function readSegmentLog(k: KernelExports, into: Map<number, number[]>): void {
  const words = k.segLogLength();
  if (words === 0) return;
  const base = k.segLogPtr();
  const view = new DataView(k.memory.buffer);
  for (let w = 0; w < words; ) {
    const at = base + w * 4;
    const serial = view.getFloat64(at, true);
    const count = view.getInt32(at + 8, true);
    const channels: number[] = [];
    for (let j = 0; j < count; j++) channels.push(view.getInt32(at + 12 + 4 * j, true));
    into.set(serial, channels);
    w += 3 + count;
  }
  k.segLogClear();
}

/** Where the kernel's transfer records sit, read once per drain (memory only grows between drains). */
interface RecordView {
  v: DataView;
  slots: number;
  mask: number;
  size: number;
  /** Records carry when their bytes began to flow (fair sharing). */
  fair: boolean;
}

function recordView(k: KernelExports, fair = false): RecordView {
  return { v: new DataView(k.memory.buffer), slots: k.slotsPtr(), mask: k.slotMask(), size: k.recordSize(), fair };
}

// Called once per transfer of a traced run: one object literal of a fixed shape (spreads and a
// DataView per record cost ten times the kernel's own work), optional fields added after it.
function readRecord(k: KernelExports, serial: number, elementBytes: number, list: ScheduleList | undefined, rv: RecordView = recordView(k)): TransferRecord {
  const { v } = rv;
  const base = rv.slots + (serial & rv.mask) * rv.size;
  const flags = v.getInt32(base + R.FLAGS, true);
  const begin = v.getFloat64(base + R.BEGIN, true);
  const end = v.getFloat64(base + R.END, true);
  const dir = v.getInt32(base + R.DIR, true);
  const step = v.getInt32(base + R.STEP, true);
  const rec: TransferRecord = {
    step,
    src: v.getInt32(base + R.SRC, true),
    dst: v.getInt32(base + R.DST, true),
    begin,
    end,
    op: (flags & FLAG_REDUCE) as Op,
    pin: ((flags >> PIN_SHIFT) & 3) as Pin,
    bytes: (end - begin) * elementBytes,
    hops: v.getInt32(base + R.HOPS, true),
    dir: dir === 0 ? "cw" : dir === 1 ? "ccw" : null,
    channel: v.getInt32(base + R.CHANNEL, true),
    segments: v.getInt32(base + R.SEGMENTS, true),
    retune: v.getInt32(base + R.RETUNE, true) !== 0,
    ready: v.getFloat64(base + R.READY, true),
    start: v.getFloat64(base + R.START, true),
    finish: v.getFloat64(base + R.FINISH, true),
  };
  if (list) {
    const sched = v.getInt32(base + R.SCHEDULE, true);
    rec.step = step - list.firstStep[sched];
    rec.schedule = sched;
  }
  if (flags & FLAG_DST_BEGIN) rec.dstBegin = v.getFloat64(base + R.DST_BEGIN, true);
  if (rv.fair) rec.flowStart = v.getFloat64(base + R.FLOW_START, true);
  return rec;
}

function transferFailure(k: KernelExports, status: number, network: Network, elementBytes: number, list: ScheduleList | undefined, cuts?: RingCuts): Error {
  const rec = readRecord(k, k.errorTransfer(), elementBytes, list);
  if (status === E_POWER) return powerBudgetViolation(network, rec.step, rec.src, rec.dst, shortestHops(network, rec.src, rec.dst, rec.pin));
  if (status === E_ROUTE) return badRoute(rec.step, rec.src, rec.dst, cuts, network);
  if (status === E_STUCK) return neverStarts(rec.step, rec.src, rec.dst);
  return kernelFailure(status, `step ${rec.step}`);
}

function kernelFailure(status: number, where: string): Error {
  if (status === E_MEMORY) return new Error(`WebAssembly kernel ran out of memory (4 GiB address space) at ${where}`);
  return new Error(`WebAssembly kernel failed with status ${status} at ${where}`);
}
