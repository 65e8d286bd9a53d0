// What the two electrical networks share: full-duplex links of one channel each, no power budget,
// and durations alphaE + bytes*8/bottleneck + switchHops*switchLatency (+ gamma*bytes to reduce).
import { bandwidth, count, perByteTime, positiveTime } from "../validation/fields.js";
import { type PathCost, transferDuration } from "./network.js";

export interface ElectricalTiming {
  /** Per-message overhead, seconds (NIC, software stack). */
  readonly alpha: number;
  /** Node link bandwidth, bits/s. */
  readonly bandwidth: number;
  /** Per-switch latency, seconds. */
  readonly switchLatency: number;
  /** Reduction cost at the receiver, seconds per byte. */
  readonly gamma: number;
  readonly tx: number;
  readonly rx: number;
}

export const ELECTRICAL_DEFAULTS: ElectricalTiming = {
  alpha: 10e-6,
  bandwidth: 100e9,
  switchLatency: 500e-9,
  gamma: 0,
  tx: 0,
  rx: 0,
};

export function electricalDuration(t: ElectricalTiming, bytes: number, path: PathCost, reduce: boolean): number {
  return transferDuration(t.alpha, bytes, path.bandwidth, path.latencyHops, t.switchLatency, t.gamma, reduce);
}

/** Validation of the timing every electrical network shares. */
export const electricalTimingSchema = {
  alpha: positiveTime(),
  bandwidth: bandwidth(),
  switchLatency: positiveTime(),
  gamma: perByteTime(),
  tx: count(0, 1 << 20, "transmitters per node (0 = unlimited)"),
  rx: count(0, 1 << 20, "receivers per node (0 = unlimited)"),
};
