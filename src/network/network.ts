// The network layer's contract with the engines: routes over directed links with channels,
// and the duration of a transfer on a route.

import type { FaultSet } from "../faults/faultSet.js";
import type { EnergyReport, EnergySums } from "./energy.js";

export type NetworkKind = "optical-ring" | "star" | "leaf-spine";

/** What a path costs, without its links (cheap: closed forms evaluate many). */
export interface PathCost {
  /** Links crossed. */
  readonly hops: number;
  /** Ring direction, or null on a switched network. */
  readonly dir: "cw" | "ccw" | null;
  /** Hops that pay the per-hop latency: ring hops, or switches crossed. */
  readonly latencyHops: number;
  /** Bottleneck bandwidth of the path, bits/s. */
  readonly bandwidth: number;
  /** Lightpath segments: regenerations + 1 (1 on switched networks and within the power budget). */
  readonly segments: number;
}

export interface Route extends PathCost {
  /** Directed link ids, in path order. */
  readonly links: readonly number[];
}

export type Routing = "balanced" | "clockwise" | "adaptive";

/** The engine's codes for the routing policies and grant policies (docs/KERNEL.md). */
export const ROUTING_CODES: Readonly<Record<Routing, number>> = { balanced: 0, clockwise: 1, adaptive: 2 };

/** What the WebAssembly kernel needs to know of a network (docs/KERNEL.md, `configure`). */
export interface KernelNetwork {
  readonly kind: 0 | 1 | 2;
  readonly channels: number;
  readonly bidirectional: boolean;
  readonly tx: number;
  readonly rx: number;
  readonly leafSize: number;
  readonly spines: number;
  readonly hopLimit: number;
  readonly alpha: number;
  readonly bandwidth: number;
  readonly hopLatency: number;
  readonly gamma: number;
  readonly uplinkBandwidth: number;
  /** 0 balanced, 1 clockwise, 2 adaptive (ring). */
  readonly routing: number;
  readonly regenerate: boolean;
  readonly tuningTime: number;
  readonly regenLatency: number;
  /** Switched networks: links shared max-min fairly (else one message holds a link). */
  readonly fair: boolean;
  /** Switched networks: links per node to its switch. */
  readonly ports: number;
}

export interface Network {
  readonly kind: NetworkKind;
  readonly nodes: number;
  /** Channels per directed link: wavelengths on the ring, 1 on electrical links. */
  readonly channels: number;
  /** Number of directed links (ids 0 .. links-1). */
  readonly links: number;
  /** Concurrent transfers a node may send / receive; 0 = unlimited. */
  readonly tx: number;
  readonly rx: number;
  /** Longest feasible lightpath in hops, or -1 for no limit. */
  readonly hopLimit: number;
  /**
   * Bits/s one node can put on the network at once (its per-node injection bandwidth): on the
   * ring every wavelength of every direction its transmitters can drive, on a switched network
   * its ports. Comparisons across networks print it, since like is rarely compared with like.
   */
  readonly injectionBandwidth: number;
  /** How `injectionBandwidth` comes about, in words: "2 x 64 wavelengths x 100 Gb/s". */
  injectionText(): string;
  /** A ring whose light travels clockwise only (false on electrical networks). */
  readonly unidirectional: boolean;
  /**
   * The path src -> dst takes without contention: pinned, or as the routing policy places it (an
   * adaptive ring places it as balanced routing would; the engines choose at grant time).
   */
  route(src: number, dst: number, pin: number): Route;
  /** The cost of the path `route` would take. */
  cost(src: number, dst: number, pin: number): PathCost;
  /**
   * alpha + bytes*8/bandwidth + latencyHops*hopLatency (+ gamma*bytes when reducing), + the tuning
   * time when a transceiver retunes, + the regeneration latency per regeneration.
   */
  duration(bytes: number, path: PathCost, reduce: boolean, retune?: boolean): number;
  /** duration(bytes, cost(src, dst, pin), reduce), without building the path (closed forms call it millions of times). */
  pathDuration(bytes: number, src: number, dst: number, pin: number, reduce: boolean): number;
  linkName(link: number): string;
  /** Insertion loss of a lightpath of `hops` hops, dB (0 on electrical networks). */
  lossDb(hops: number): number;
  /** Laser power minus receiver sensitivity, dB (Infinity on electrical networks). */
  budgetDb(): number;
  kernel(): KernelNetwork;
  /** Every parameter that sets durations, routes and channels (trace header, results). */
  describe(): Record<string, string | number | boolean>;
  /** The run's energy from the engine's sums, by component: dynamic, and static over `seconds` (the run's length). */
  energy(sums: EnergySums, bytesMoved: number, seconds: number): EnergyReport;
  /** Links shared max-min fairly (switched networks under fair sharing): what the engines need; else undefined. */
  fairSharing(): FairLinks | undefined;
  /** Faults and variability in force (cuts, lost wavelengths, failed transceivers, slow nodes, jitter). */
  readonly faults: FaultSet | undefined;
}

/** A network whose links messages share fairly: each link's capacity and a message's latency. */
export interface FairLinks {
  /** Bits/s of each link. */
  readonly capacity: Float64Array;
  /** What a message pays before its bytes flow: alpha, switch latencies, gamma * bytes to reduce. */
  latency(bytes: number, path: PathCost, reduce: boolean): number;
  /** The links of src -> dst into `out`, in path order; returns their count (planners call it for every pair). */
  links(src: number, dst: number, out: Int32Array): number;
}

/**
 * The duration model shared by every network. Both engines evaluate exactly this expression, in
 * this order, so that their f64 results agree bit for bit.
 */
export function transferDuration(
  alpha: number, bytes: number, bandwidth: number, latencyHops: number, hopLatency: number, gamma: number, reduce: boolean,
  tuning = 0, regenerations = 0, regenLatency = 0,
): number {
  const reduceCost = reduce ? gamma * bytes : 0.0;
  let d = alpha + (bytes * 8.0) / bandwidth + latencyHops * hopLatency + reduceCost;
  if (tuning !== 0) d += tuning;
  if (regenerations > 0) d += regenerations * regenLatency;
  return d;
}
