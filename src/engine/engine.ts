// What an engine is given and what it returns. Both engines (the WebAssembly kernel and the
// TypeScript reference) implement the engine semantics of docs/MODEL.md and must agree exactly.
import type { EnergySums } from "../network/energy.js";
import type { Network } from "../network/network.js";
import type { Op, Pin, Schedule } from "../core/schedule.js";
import type { ScheduleList } from "./schedules.js";
import type { OperationId } from "../core/dependencySchedule.js";

export type Mode = "async" | "lockstep";
export type EngineName = "wasm" | "js";
/** How contention is resolved: greedy (work-conserving) or reservation (the first release's rule). */
export type Grants = "greedy" | "reservation";

/** One granted transfer, as written to traces. */
export interface TransferRecord {
  /** Step within its schedule. */
  step: number;
  /** Runs of several schedules: the index of the transfer's schedule in the list. */
  schedule?: number;
  src: number;
  dst: number;
  begin: number;
  end: number;
  /** Where the chunk lands at dst, when not at begin (all-to-all, Bruck). */
  dstBegin?: number;
  op: Op;
  pin: Pin;
  bytes: number;
  hops: number;
  dir: "cw" | "ccw" | null;
  /** The wavelength (of the first segment). */
  channel: number;
  /** Lightpath segments (regenerations + 1), and each segment's wavelength when there are several. */
  segments: number;
  channels?: number[];
  /** A transceiver retuned for this transfer (it paid the tuning time). */
  retune: boolean;
  ready: number;
  start: number;
  finish: number;
  /** Fair sharing: when its bytes began to flow (after its latency). */
  flowStart?: number;
  /** A dependency schedule's transfer: its id and the ids it depends on (its step is its depth). */
  id?: OperationId;
  deps?: readonly OperationId[];
}

export interface EngineInput {
  network: Network;
  /** The schedule; for several, `schedules.combined`. */
  schedule: Schedule;
  /** Several schedules with releases and streams (their steps one after another in `schedule`). */
  schedules?: ScheduleList;
  mode: Mode;
  /** Default greedy. */
  grants?: Grants;
  elementBytes: number;
  /** Called for every transfer, in schedule order (step, then position). */
  onTransfer?: (t: TransferRecord) => void;
  /** Transfers to load ahead of the grant loop (default STREAM_WINDOW); results do not depend on it. */
  window?: number;
  /** Called now and then with the number of transfers granted so far (progress bars). */
  onProgress?: (granted: number) => void;
  /** Faults in force: cuts, channels and transceivers never granted. */
  faults?: Faults;
  /** Stragglers and jitter: transfers' durations multiplied by a factor. */
  variability?: Variability;
}

/**
 * A transfer's factor: the larger slow factor of its endpoints times `jitter.factors[i]`, i the
 * hash of (jitter.seed, serial) mod the table's length (variability.ts).
 */
export interface Variability {
  readonly slow?: readonly (readonly [number, number])[];
  readonly jitter?: { readonly seed: number; readonly factors: Float64Array };
}

/** Channels (link, wavelength) and transceivers (node, side, unit) that are never granted. */
export interface Faults {
  /** Ring gaps cut: gap g joins nodes g and g+1, both directions. */
  readonly cuts?: readonly number[];
  readonly lostChannels?: readonly (readonly [number, number])[];
  readonly failedUnits?: readonly (readonly [number, "tx" | "rx", number])[];
}

export interface EngineOutput {
  /** Completion time, seconds. */
  time: number;
  transfers: number;
  bytes: number;
  /** Sum over transfers of (start - ready): time spent waiting for a channel or transceiver. */
  waitTime: number;
  /** Highest wavelength index granted + 1: wavelengths first fit needed on the busiest link. */
  peakWavelengths: number;
  maxHops: number;
  /** Per step: earliest start and latest finish (NaN for an empty step). */
  stepStart: Float64Array;
  stepEnd: Float64Array;
  /** What the energy model multiplies, summed in serial order. */
  energySums: EnergySums;
  /** Runs of several schedules: each one's release and when its last transfer finished. */
  releases?: Float64Array;
  scheduleDone?: Float64Array;
}

export interface Engine {
  readonly name: EngineName;
  run(input: EngineInput): EngineOutput;
}

/** Transfers loaded ahead of the grant loop before it asks for more (both engines). */
export const STREAM_WINDOW = 1 << 16;
