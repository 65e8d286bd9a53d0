// What the two electrical networks share: full-duplex links of one channel each, no power budget,
// and durations alphaE + bytes*8/bottleneck + switchHops*switchLatency (+ gamma*bytes to reduce).
import { formatRate } from "../core/units.js";
import { bandwidth, count, perByteTime, positiveTime } from "../validation/fields.js";
import { ELECTRICAL_ENERGY_DEFAULTS, type ElectricalEnergy, type EnergyReport, type EnergySums, electricalEnergy, electricalEnergySchema } from "./energy.js";
import { type KernelNetwork, type Network, type NetworkKind, type PathCost, type Route, transferDuration } from "./network.js";

export interface ElectricalTiming extends ElectricalEnergy {
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
  ...ELECTRICAL_ENERGY_DEFAULTS,
};

/** What switched networks share: one channel per link, no optics, the electrical duration. */
export abstract class SwitchedNetwork implements Network {
  abstract readonly kind: NetworkKind;
  readonly channels = 1;
  readonly hopLimit = -1;
  readonly unidirectional = false;
  abstract readonly nodes: number;
  abstract readonly links: number;
  abstract readonly tx: number;
  abstract readonly rx: number;

  constructor(protected readonly timing: ElectricalTiming) {}

  /** One port of the node link's rate. */
  get injectionBandwidth(): number {
    return this.timing.bandwidth;
  }

  injectionText(): string {
    return `1 port x ${formatRate(this.timing.bandwidth)}`;
  }

  abstract cost(src: number, dst: number, pin: number): PathCost;
  abstract route(src: number, dst: number, pin: number): Route;
  abstract linkName(link: number): string;
  abstract describe(): Record<string, string | number | boolean>;
  protected abstract shape(): Pick<KernelNetwork, "kind" | "leafSize" | "spines" | "uplinkBandwidth">;

  pathDuration(bytes: number, src: number, dst: number, pin: number, reduce: boolean): number {
    return this.duration(bytes, this.cost(src, dst, pin), reduce);
  }

  duration(bytes: number, path: PathCost, reduce: boolean): number {
    const t = this.timing;
    return transferDuration(t.alpha, bytes, path.bandwidth, path.latencyHops, t.switchLatency, t.gamma, reduce);
  }

  lossDb(): number {
    return 0;
  }

  budgetDb(): number {
    return Infinity;
  }

  kernel(): KernelNetwork {
    const t = this.timing;
    return {
      ...this.shape(), channels: 1, bidirectional: true, tx: t.tx, rx: t.rx, hopLimit: -1,
      alpha: t.alpha, bandwidth: t.bandwidth, hopLatency: t.switchLatency, gamma: t.gamma,
      routing: 0, regenerate: false, tuningTime: 0, regenLatency: 0,
    };
  }

  energy(sums: EnergySums, bytesMoved: number): EnergyReport {
    return electricalEnergy(this.timing, sums, bytesMoved);
  }
}

/** Validation of the timing every electrical network shares. */
export const electricalTimingSchema = {
  alpha: positiveTime(),
  bandwidth: bandwidth(),
  switchLatency: positiveTime(),
  gamma: perByteTime(),
  tx: count(0, 1 << 20, "transmitters per node (0 = unlimited)"),
  rx: count(0, 1 << 20, "receivers per node (0 = unlimited)"),
  ...electricalEnergySchema,
};
