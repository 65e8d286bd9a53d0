// What the two electrical networks share: full-duplex links of one channel each, no power budget,
// and durations alphaE + bytes*8/bottleneck + switchHops*switchLatency (+ gamma*bytes to reduce).
import type { FaultSet } from "../faults/faultSet.js";
import { formatRate } from "../core/units.js";
import { bandwidth, choice, count, perByteTime, positiveTime } from "../validation/fields.js";
import { ELECTRICAL_ENERGY_DEFAULTS, type ElectricalEnergy, type EnergyReport, type EnergySums, type SwitchedHardware, electricalEnergy, electricalEnergySchema } from "./energy.js";
import { type FairLinks, type KernelNetwork, type Network, type NetworkKind, type PathCost, type Route, transferDuration } from "./network.js";

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
  /**
   * How messages that cross one link at once share it: `fair` (bandwidth shared max-min fairly,
   * latencies overlapping, as packet networks and SimGrid's CM02 model behave) or `exclusive`
   * (the link is one channel, held by one message for its whole duration).
   */
  readonly sharing: Sharing;
  /** Links per node to the first switch, each of `bandwidth` (like for like with w wavelengths). */
  readonly ports: number;
}

export const SHARINGS = ["fair", "exclusive"] as const;
export type Sharing = (typeof SHARINGS)[number];

export const ELECTRICAL_DEFAULTS: ElectricalTiming = {
  alpha: 10e-6,
  bandwidth: 100e9,
  switchLatency: 500e-9,
  gamma: 0,
  tx: 0,
  rx: 0,
  sharing: "fair",
  ports: 1,
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

  constructor(protected readonly timing: ElectricalTiming, readonly faults: FaultSet | undefined = undefined) {}

  /** Its ports at the node link's rate. */
  get injectionBandwidth(): number {
    return this.timing.ports * this.timing.bandwidth;
  }

  injectionText(): string {
    const k = this.timing.ports;
    return `${k} port${k === 1 ? "" : "s"} x ${formatRate(this.timing.bandwidth)}`;
  }

  /**
   * Node links: port p of node i goes up on link p*N + i and comes down on link k*N + p*N + i (k
   * ports; with one port, up-link i and down-link N + i). A message leaves its source on port
   * (dst mod k) and enters its destination on port (src mod k): a fixed rule, as destination-mod-k
   * routing is, that spreads a node's messages to many peers over its ports.
   */
  protected upLink(src: number, dst: number): number {
    return (dst % this.timing.ports) * this.nodes + src;
  }

  protected downLink(src: number, dst: number): number {
    const k = this.timing.ports;
    return k * this.nodes + (src % k) * this.nodes + dst;
  }

  /** Node links in all: up and down, every port. */
  protected get nodeLinks(): number {
    return 2 * this.timing.ports * this.nodes;
  }

  /** The name of a node link (`n3>sw`, `sw>n3`, with `:p1` for port 1 of several). */
  protected nodeLinkName(link: number, to: string): string {
    const n = this.nodes;
    const k = this.timing.ports;
    const up = link < k * n;
    const j = up ? link : link - k * n;
    const port = k > 1 ? `:p${Math.floor(j / n)}` : "";
    return up ? `n${j % n}${port}>${to}` : `${to}>n${j % n}${port}`;
  }

  /** The links of src -> dst into `out`, in path order, without building a route; returns their count. */
  protected pathLinks(src: number, dst: number, out: Int32Array): number {
    const links = this.route(src, dst, 0).links;
    out.set(links);
    return links.length;
  }

  /** Bits/s a link carries: node links the node bandwidth, the rest the network's own. */
  linkCapacity(link: number): number {
    return link < this.nodeLinks ? this.timing.bandwidth : this.fabricBandwidth();
  }

  /** Bits/s of the links between switches (none on a star). */
  protected fabricBandwidth(): number {
    return this.timing.bandwidth;
  }

  /**
   * What a message pays before its bytes flow under fair sharing: alpha, the switches' latency and,
   * when it reduces, the receiver's gamma per byte.
   */
  flowLatency(bytes: number, path: PathCost, reduce: boolean): number {
    const t = this.timing;
    return t.alpha + path.latencyHops * t.switchLatency + (reduce ? t.gamma * bytes : 0);
  }

  private fair?: FairLinks;

  fairSharing(): FairLinks | undefined {
    if (this.timing.sharing !== "fair") return undefined;
    this.fair ??= {
      capacity: Float64Array.from({ length: this.links }, (_, l) => this.linkCapacity(l)),
      latency: (b, p, r) => this.flowLatency(b, p, r),
      links: (src, dst, out) => this.pathLinks(src, dst, out),
    };
    return this.fair;
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
      ...this.shape(), channels: 1, bidirectional: true, tx: t.tx, rx: t.rx, hopLimit: -1, fair: t.sharing === "fair", ports: t.ports,
      alpha: t.alpha, bandwidth: t.bandwidth, hopLatency: t.switchLatency, gamma: t.gamma,
      routing: 0, regenerate: false, tuningTime: 0, regenLatency: 0,
    };
  }

  energy(sums: EnergySums, bytesMoved: number, seconds: number): EnergyReport {
    return electricalEnergy(this.timing, sums, bytesMoved, seconds, this.hardware());
  }

  /** SerDes lanes: every directed link; switch cores: every link into a switch (all but the switches' links down to nodes). */
  private hardware(): SwitchedHardware {
    let linkCapacity = 0;
    let switchCapacity = 0;
    const down = this.timing.ports * this.nodes;
    for (let l = 0; l < this.links; l++) {
      const c = this.linkCapacity(l);
      linkCapacity += c;
      if (l < down || l >= this.nodeLinks) switchCapacity += c;
    }
    return { linkCapacity, switchCapacity };
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
  sharing: choice(SHARINGS),
  ports: count(1, 1024, "ports per node"),
  ...electricalEnergySchema,
};
