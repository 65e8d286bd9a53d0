// Optical WDM ring: N nodes in ring order, one waveguide each way (or clockwise only), `w`
// wavelengths per directed link. A transfer is a lightpath holding one wavelength on every link
// it crosses. Clockwise link i joins i -> i+1; counter-clockwise link N+i joins i -> i-1.
import type { FaultSet } from "../faults/faultSet.js";
import { RingCuts } from "./ringCuts.js";
import { z } from "zod";
import { PIN_CCW, PIN_CW } from "../core/schedule.js";
import { formatRate } from "../core/units.js";
import { MAX_NODES, bandwidth, choice, count, definedOnly, numberIn, parseOrThrow, perByteTime, positiveTime } from "../validation/fields.js";
import { type EnergyReport, type EnergySums, OPTICAL_ENERGY_DEFAULTS, type OpticalEnergy, opticalEnergy, opticalEnergySchema } from "./energy.js";
import { type KernelNetwork, type Network, type PathCost, ROUTING_CODES, type Route, type Routing, transferDuration } from "./network.js";
import { DEFAULT_POWER_BUDGET, type PowerBudget, budgetDb, hopLimit, insertionLossDb } from "./powerBudget.js";

export type Direction = "bidirectional" | "unidirectional";

export interface OpticalRingParams {
  readonly nodes: number;
  /** Wavelengths per directed link. */
  readonly wavelengths: number;
  /** Bits per second per wavelength. */
  readonly bandwidth: number;
  readonly direction: Direction;
  /** Per-transfer overhead, seconds. */
  readonly alpha: number;
  /** Per-hop latency, seconds. */
  readonly hopLatency: number;
  /** Reduction cost at the receiver, seconds per byte. */
  readonly gamma: number;
  /** Concurrent transfers a node may send / receive; 0 = unlimited. */
  readonly tx: number;
  readonly rx: number;
  readonly power: PowerBudget;
  /** Where unpinned lightpaths go: balanced (ties split by source parity), clockwise, adaptive. */
  readonly routing: Routing;
  /** Time a tunable transceiver takes to retune, seconds (with tx/rx limits). */
  readonly tuningTime: number;
  /** Cut lightpaths longer than the hop limit at 3R regenerators instead of refusing them. */
  readonly regenerate: boolean;
  /** Latency each regeneration adds, seconds. */
  readonly regenLatency: number;
  readonly energy: OpticalEnergy;
}

/** What the constructor takes: the node count, and any parameter that differs from its default. */
export type OpticalRingInput = Partial<Omit<OpticalRingParams, "power" | "energy">> & {
  readonly nodes: number;
  /** Faults in force: routes avoid the cuts (results and engines read the rest). */
  readonly faults?: FaultSet;
  readonly power?: Partial<PowerBudget>;
  readonly energy?: Partial<OpticalEnergy>;
};

export const OPTICAL_RING_DEFAULTS: Omit<OpticalRingParams, "nodes"> = {
  wavelengths: 64,
  bandwidth: 100e9,
  direction: "bidirectional",
  alpha: 20e-6,
  hopLatency: 10e-9,
  gamma: 0,
  tx: 0,
  rx: 0,
  power: DEFAULT_POWER_BUDGET,
  routing: "balanced",
  tuningTime: 0,
  regenerate: false,
  regenLatency: 100e-9,
  energy: OPTICAL_ENERGY_DEFAULTS,
};

const paramsSchema = z.object({
  nodes: count(2, MAX_NODES, "a node count"),
  wavelengths: count(1, 4096, "a wavelength count"),
  bandwidth: bandwidth(),
  direction: choice(["bidirectional", "unidirectional"] as const),
  alpha: positiveTime(),
  hopLatency: positiveTime(),
  gamma: perByteTime(),
  tx: count(0, 1 << 20, "transmitters per node (0 = unlimited)"),
  rx: count(0, 1 << 20, "receivers per node (0 = unlimited)"),
  power: z.object({
    laserDbm: numberIn(-100, 100, "laser power in dBm"),
    sensitivityDbm: numberIn(-100, 100, "receiver sensitivity in dBm"),
    modulatorDb: numberIn(0, 100, "modulator loss in dB"),
    dropDb: numberIn(0, 100, "drop loss in dB"),
    couplerDb: numberIn(0, 100, "coupler loss in dB"),
    throughDbPerHop: numberIn(0, 100, "loss per hop in dB"),
  }),
  routing: choice(["balanced", "clockwise", "adaptive"] as const),
  tuningTime: positiveTime(),
  regenerate: z.boolean(),
  regenLatency: positiveTime(),
  energy: z.object(opticalEnergySchema),
});

export class OpticalRing implements Network {
  readonly kind = "optical-ring" as const;
  readonly nodes: number;
  readonly channels: number;
  readonly links: number;
  readonly tx: number;
  readonly rx: number;
  readonly hopLimit: number;
  readonly bidirectional: boolean;
  readonly unidirectional: boolean;

  readonly params: OpticalRingParams;
  readonly faults: FaultSet | undefined;
  /** Fibre cuts and links that lost every wavelength: routes go round them. */
  readonly ringCuts: RingCuts;

  /**
   * Any parameter left out takes its documented default (OPTICAL_RING_DEFAULTS; the power
   * budget's parts one by one). Throws InputError naming the first bad parameter.
   */
  constructor(given: OpticalRingInput) {
    const power = { ...OPTICAL_RING_DEFAULTS.power, ...given.power };
    const energy = { ...OPTICAL_RING_DEFAULTS.energy, ...given.energy };
    this.params = parseOrThrow(paramsSchema, { ...OPTICAL_RING_DEFAULTS, ...definedOnly(given), power, energy });
    const params = this.params;
    this.nodes = params.nodes;
    this.channels = params.wavelengths;
    this.bidirectional = params.direction === "bidirectional";
    this.unidirectional = !this.bidirectional;
    this.links = this.bidirectional ? 2 * params.nodes : params.nodes;
    this.tx = params.tx;
    this.rx = params.rx;
    this.hopLimit = hopLimit(params.power);
    this.regenerate = params.regenerate && this.hopLimit > 0;
    this.faults = given.faults;
    this.ringCuts = RingCuts.of(this.nodes, this.channels, given.faults);
  }

  readonly regenerate: boolean;

  /** Directions x wavelengths x rate, or the transmitters' count x rate when they are fewer. */
  get injectionBandwidth(): number {
    return this.injectionLanes() * this.params.bandwidth;
  }

  /** Wavelengths of every direction a node can drive at once: all of them, or its transmitters when fewer. */
  private injectionLanes(): number {
    return this.fewerTransmitters() ? this.tx : (this.bidirectional ? 2 : 1) * this.channels;
  }

  private fewerTransmitters(): boolean {
    return this.tx > 0 && this.tx < (this.bidirectional ? 2 : 1) * this.channels;
  }

  injectionText(): string {
    const rate = formatRate(this.params.bandwidth);
    if (this.fewerTransmitters()) return `${this.tx} transmitters x ${rate}`;
    return `${this.bidirectional ? "2 directions x " : ""}${this.channels} wavelengths x ${rate}`;
  }

  get routing(): Routing {
    return this.params.routing;
  }

  /**
   * The direction of an unpinned lightpath under the routing policy, without contention: the
   * shorter one; a tie (distance N/2) clockwise from an even source and counter-clockwise from an
   * odd one (balanced), or clockwise (clockwise policy). Adaptive routing chooses at grant time;
   * without contention it chooses as balanced does.
   */
  policyDirection(src: number, dst: number): "cw" | "ccw" {
    const n = this.nodes;
    const cw = (((dst - src) % n) + n) % n;
    if (cw !== n - cw) return cw < n - cw ? "cw" : "ccw";
    return this.params.routing === "clockwise" || src % 2 === 0 ? "cw" : "ccw";
  }

  /** Segments of a lightpath of `hops` hops: cut every hMax hops when regenerating. */
  segmentsOf(hops: number): number {
    return this.regenerate && hops > this.hopLimit ? Math.ceil(hops / this.hopLimit) : 1;
  }

  /** The path in a given direction. */
  costIn(src: number, dst: number, dir: "cw" | "ccw"): PathCost & { dir: "cw" | "ccw" } {
    const n = this.nodes;
    const cwHops = (((dst - src) % n) + n) % n;
    const hops = dir === "cw" ? cwHops : n - cwHops;
    return { hops, dir, latencyHops: hops, bandwidth: this.params.bandwidth, segments: this.segmentsOf(hops) };
  }

  /** Pinned direction, or the routing policy's. */
  cost(src: number, dst: number, pin: number): PathCost & { dir: "cw" | "ccw" } {
    let dir: "cw" | "ccw";
    if (!this.bidirectional) {
      if (pin === PIN_CCW) throw new Error("counter-clockwise route on a unidirectional ring");
      dir = "cw";
    } else if (pin === PIN_CW) dir = "cw";
    else if (pin === PIN_CCW) dir = "ccw";
    else dir = this.policyDirection(src, dst);
    const c = this.costIn(src, dst, dir);
    // a chosen (or pinned) direction that crosses a cut takes the other way round, if it is intact
    if (!this.ringCuts.empty && this.bidirectional && this.ringCuts.crosses(src, dir, c.hops)) {
      const other = this.costIn(src, dst, dir === "cw" ? "ccw" : "cw");
      if (!this.ringCuts.crosses(src, other.dir, other.hops)) return other;
    }
    return c;
  }

  /** The links of the path in direction `dir`, in path order. */
  routeIn(src: number, dst: number, dir: "cw" | "ccw"): Route {
    const c = this.costIn(src, dst, dir);
    const n = this.nodes;
    const links: number[] = new Array(c.hops);
    for (let k = 0; k < c.hops; k++) links[k] = dir === "cw" ? (src + k) % n : n + ((((src - k) % n) + n) % n);
    return { ...c, links };
  }

  route(src: number, dst: number, pin: number): Route {
    return this.routeIn(src, dst, this.cost(src, dst, pin).dir);
  }

  pathDuration(bytes: number, src: number, dst: number, pin: number, reduce: boolean): number {
    if (!this.ringCuts.empty) return this.duration(bytes, this.cost(src, dst, pin), reduce);
    const n = this.nodes;
    const cw = (((dst - src) % n) + n) % n;
    let clockwise: boolean;
    if (!this.bidirectional || pin === PIN_CW) clockwise = true;
    else if (pin === PIN_CCW) clockwise = false;
    else clockwise = cw !== n - cw ? cw < n - cw : this.params.routing === "clockwise" || src % 2 === 0;
    const hops = clockwise ? cw : n - cw;
    const p = this.params;
    return transferDuration(p.alpha, bytes, p.bandwidth, hops, p.hopLatency, p.gamma, reduce, 0, this.segmentsOf(hops) - 1, p.regenLatency);
  }

  duration(bytes: number, path: PathCost, reduce: boolean, retune = false): number {
    const p = this.params;
    return transferDuration(p.alpha, bytes, path.bandwidth, path.latencyHops, p.hopLatency, p.gamma, reduce, retune ? p.tuningTime : 0, path.segments - 1, p.regenLatency);
  }

  linkName(link: number): string {
    const n = this.nodes;
    return link < n ? `${link}>${(link + 1) % n}` : `${link - n}>${(link - n - 1 + n) % n}`;
  }

  lossDb(hops: number): number {
    return insertionLossDb(this.params.power, hops);
  }

  budgetDb(): number {
    return budgetDb(this.params.power);
  }

  /** Wavelengths are channels a lightpath holds: nothing is shared fairly on the ring. */
  fairSharing(): undefined {
    return undefined;
  }

  kernel(): KernelNetwork {
    const p = this.params;
    return {
      kind: 0,
      fair: false,
      ports: 1,
      channels: p.wavelengths,
      bidirectional: this.bidirectional,
      tx: p.tx,
      rx: p.rx,
      leafSize: 1,
      spines: 1,
      hopLimit: this.hopLimit,
      alpha: p.alpha,
      bandwidth: p.bandwidth,
      hopLatency: p.hopLatency,
      gamma: p.gamma,
      uplinkBandwidth: p.bandwidth,
      routing: ROUTING_CODES[p.routing],
      regenerate: this.regenerate,
      tuningTime: p.tuningTime,
      regenLatency: p.regenLatency,
    };
  }

  describe(): Record<string, string | number | boolean> {
    const p = this.params;
    return {
      type: this.kind,
      nodes: p.nodes,
      direction: p.direction,
      wavelengths: p.wavelengths,
      bandwidth: p.bandwidth,
      alpha: p.alpha,
      hopLatency: p.hopLatency,
      gamma: p.gamma,
      tx: p.tx,
      rx: p.rx,
      tuningTime: p.tuningTime,
      laserDbm: p.power.laserDbm,
      sensitivityDbm: p.power.sensitivityDbm,
      modulatorDb: p.power.modulatorDb,
      dropDb: p.power.dropDb,
      couplerDb: p.power.couplerDb,
      throughDbPerHop: p.power.throughDbPerHop,
      hopLimit: this.hopLimit,
      regenerate: this.regenerate,
      regenLatency: p.regenLatency,
      routing: p.routing,
      channelAssignment: "first fit",
      wallPlugEfficiency: p.energy.wallPlugEfficiency,
      modulatorPj: p.energy.modulatorPj,
      receiverPj: p.energy.receiverPj,
      retuneNj: p.energy.retuneNj,
      regenPj: p.energy.regenPj,
      laserIdle: p.energy.laserIdle,
      ringHeaterMw: p.energy.ringHeaterMw,
    };
  }

  /**
   * Static hardware: a laser per transmitter (fixed: every wavelength of every fibre; tunable: tx of
   * them) and a microring per transmitter (modulator) and per receiver (drop filter).
   */
  energy(sums: EnergySums, bytesMoved: number, seconds: number): EnergyReport {
    const p = this.params;
    const fixed = (this.bidirectional ? 2 : 1) * p.wavelengths;
    const lasers = p.tx > 0 ? p.tx : fixed;
    const rings = lasers + (p.rx > 0 ? p.rx : fixed);
    return opticalEnergy(p.energy, p.power.laserDbm, sums, bytesMoved, seconds, { nodes: p.nodes, lasers, rings });
  }
}
