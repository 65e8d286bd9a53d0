// Electrical star: every node has a full-duplex link to one non-blocking switch. Up-link of node
// i is link i, the switch's down-link to node i is link N+i; a message holds both for its duration.
import { z } from "zod";
import { MAX_NODES, count, parseOrThrow } from "../validation/fields.js";
import { ELECTRICAL_DEFAULTS, type ElectricalTiming, electricalDuration, electricalTimingSchema } from "./electrical.js";
import type { KernelNetwork, Network, PathCost, Route } from "./network.js";

export interface StarParams extends ElectricalTiming {
  readonly nodes: number;
}

export const STAR_DEFAULTS: Omit<StarParams, "nodes"> = ELECTRICAL_DEFAULTS;

const paramsSchema = z.object({ nodes: count(2, MAX_NODES, "a node count"), ...electricalTimingSchema });

export class Star implements Network {
  readonly kind = "star" as const;
  readonly nodes: number;
  readonly channels = 1;
  readonly links: number;
  readonly tx: number;
  readonly rx: number;
  readonly hopLimit = -1;
  readonly unidirectional = false;

  readonly params: StarParams;

  /** Throws InputError naming the first bad parameter. */
  constructor(params: StarParams) {
    this.params = parseOrThrow(paramsSchema, params);
    params = this.params;
    this.nodes = params.nodes;
    this.links = 2 * params.nodes;
    this.tx = params.tx;
    this.rx = params.rx;
  }

  cost(): PathCost {
    return { hops: 2, dir: null, latencyHops: 1, bandwidth: this.params.bandwidth };
  }

  route(src: number, dst: number): Route {
    return { ...this.cost(), links: [src, this.nodes + dst] };
  }

  duration(bytes: number, path: PathCost, reduce: boolean): number {
    return electricalDuration(this.params, bytes, path, reduce);
  }

  linkName(link: number): string {
    return link < this.nodes ? `n${link}>sw` : `sw>n${link - this.nodes}`;
  }

  lossDb(): number {
    return 0;
  }

  budgetDb(): number {
    return Infinity;
  }

  kernel(): KernelNetwork {
    const p = this.params;
    return {
      kind: 1, channels: 1, bidirectional: true, tx: p.tx, rx: p.rx, leafSize: 1, spines: 1, hopLimit: -1,
      alpha: p.alpha, bandwidth: p.bandwidth, hopLatency: p.switchLatency, gamma: p.gamma, uplinkBandwidth: p.bandwidth,
    };
  }

  describe(): Record<string, string | number | boolean> {
    const p = this.params;
    return {
      type: this.kind, nodes: p.nodes, bandwidth: p.bandwidth, alpha: p.alpha, switchLatency: p.switchLatency, gamma: p.gamma,
      tx: p.tx, rx: p.rx, channelsPerLink: 1, routing: "node up-link, then the switch's down-link",
    };
  }
}
