// Electrical star: every node has a full-duplex link (or k of them: ports) to one non-blocking
// switch. With one port, the up-link of node i is link i and the switch's down-link to node i is
// link N+i; a message crosses both (electrical.ts: how ports number and how links are shared).
import type { FaultSet } from "../faults/faultSet.js";
import { z } from "zod";
import { MAX_NODES, count, definedOnly, parseOrThrow } from "../validation/fields.js";
import { ELECTRICAL_DEFAULTS, type ElectricalTiming, SwitchedNetwork, electricalTimingSchema } from "./electrical.js";
import type { KernelNetwork, PathCost, Route } from "./network.js";

export interface StarParams extends ElectricalTiming {
  readonly nodes: number;
}

export const STAR_DEFAULTS: Omit<StarParams, "nodes"> = ELECTRICAL_DEFAULTS;

const paramsSchema = z.object({ nodes: count(2, MAX_NODES, "a node count"), ...electricalTimingSchema });

export class Star extends SwitchedNetwork {
  readonly kind = "star" as const;
  readonly nodes: number;
  readonly links: number;
  readonly tx: number;
  readonly rx: number;
  readonly params: StarParams;

  /** Parameters left out take their defaults (STAR_DEFAULTS). Throws InputError naming the first bad one. */
  constructor(params: Partial<StarParams> & { readonly nodes: number; readonly faults?: FaultSet }) {
    const p = parseOrThrow(paramsSchema, { ...STAR_DEFAULTS, ...definedOnly(params) });
    super(p, params.faults);
    this.params = p;
    this.nodes = p.nodes;
    this.links = this.nodeLinks;
    this.tx = p.tx;
    this.rx = p.rx;
  }

  private path?: PathCost;

  /** Every path: up-link, switch, down-link (one object: planners ask for millions). */
  cost(): PathCost {
    this.path ??= Object.freeze({ hops: 2, dir: null, latencyHops: 1, bandwidth: this.params.bandwidth, segments: 1 });
    return this.path;
  }

  route(src: number, dst: number): Route {
    return { ...this.cost(), links: [this.upLink(src, dst), this.downLink(src, dst)] };
  }

  protected override pathLinks(src: number, dst: number, out: Int32Array): number {
    out[0] = this.upLink(src, dst);
    out[1] = this.downLink(src, dst);
    return 2;
  }

  linkName(link: number): string {
    return this.nodeLinkName(link, "sw");
  }

  protected shape(): Pick<KernelNetwork, "kind" | "leafSize" | "spines" | "uplinkBandwidth"> {
    return { kind: 1, leafSize: 1, spines: 1, uplinkBandwidth: this.params.bandwidth };
  }

  describe(): Record<string, string | number | boolean> {
    const p = this.params;
    return {
      type: this.kind, nodes: p.nodes, bandwidth: p.bandwidth, alpha: p.alpha, switchLatency: p.switchLatency, gamma: p.gamma,
      tx: p.tx, rx: p.rx, channelsPerLink: 1, sharing: p.sharing, ports: p.ports,
      routing: p.ports > 1 ? "up-link port dst mod ports, then the switch's down-link port src mod ports" : "node up-link, then the switch's down-link",
      serdesPj: p.serdesPj, switchPj: p.switchPj, serdesIdle: p.serdesIdle, switchIdle: p.switchIdle,
    };
  }
}
