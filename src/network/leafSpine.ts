// Electrical two-level fat tree: `leafSize` nodes per leaf switch, ceil(N/leafSize) leaves, each
// leaf wired to every one of `spines` spine switches. Between leaves a message goes node -> leaf ->
// spine (dst mod spines: destination-mod-k routing) -> leaf -> node and crosses all four links.
// Node links come first (electrical.ts: ports), then leaf-to-spine, then spine-to-leaf links.
import type { FaultSet } from "../faults/faultSet.js";
import { z } from "zod";
import { MAX_NODES, bandwidth, count, definedOnly, parseOrThrow } from "../validation/fields.js";
import { ELECTRICAL_DEFAULTS, type ElectricalTiming, SwitchedNetwork, electricalTimingSchema } from "./electrical.js";
import type { KernelNetwork, PathCost, Route } from "./network.js";

export interface LeafSpineParams extends ElectricalTiming {
  readonly nodes: number;
  readonly leafSize: number;
  readonly spines: number;
  /** Leaf-spine link bandwidth, bits/s: leafSize*ports*bandwidth / (spines*oversubscription). */
  readonly uplinkBandwidth: number;
}

export const LEAF_SPINE_DEFAULTS = { ...ELECTRICAL_DEFAULTS, leafSize: 32, oversubscription: 1 };

/** Uplink bandwidth for an oversubscription ratio (leafSize*ports*bandwidth : spines*uplink). */
export function uplinkFor(leafSize: number, spines: number, bandwidth: number, oversubscription: number, ports = 1): number {
  return (leafSize * ports * bandwidth) / (spines * oversubscription);
}

const paramsSchema = z.object({
  nodes: count(2, MAX_NODES, "a node count"),
  leafSize: count(1, MAX_NODES, "nodes per leaf"),
  spines: count(1, 1 << 16, "a spine count"),
  uplinkBandwidth: bandwidth(),
  ...electricalTimingSchema,
});

export class LeafSpine extends SwitchedNetwork {
  readonly kind = "leaf-spine" as const;
  readonly nodes: number;
  readonly links: number;
  readonly tx: number;
  readonly rx: number;
  readonly leaves: number;

  readonly params: LeafSpineParams;

  /**
   * Parameters left out take their defaults: 32 nodes per leaf, as many spines as nodes per leaf,
   * uplinks at the rate that makes the fabric non-blocking, electrical timing defaults. Throws
   * InputError naming the first bad parameter.
   */
  constructor(input: Partial<LeafSpineParams> & { readonly nodes: number; readonly faults?: FaultSet }) {
    const given = definedOnly(input);
    const leafSize = given.leafSize ?? LEAF_SPINE_DEFAULTS.leafSize;
    const spines = given.spines ?? leafSize;
    const bw = given.bandwidth ?? ELECTRICAL_DEFAULTS.bandwidth;
    const ports = given.ports ?? ELECTRICAL_DEFAULTS.ports;
    const withDefaults = { ...ELECTRICAL_DEFAULTS, leafSize, spines, uplinkBandwidth: uplinkFor(leafSize, spines, bw, LEAF_SPINE_DEFAULTS.oversubscription, ports), ...given };
    const params = parseOrThrow(paramsSchema, withDefaults);
    super(params);
    this.params = params;
    this.nodes = params.nodes;
    this.leaves = Math.ceil(params.nodes / params.leafSize);
    this.links = this.nodeLinks + 2 * this.leaves * params.spines;
    this.tx = params.tx;
    this.rx = params.rx;
  }

  private sameLeaf(src: number, dst: number): boolean {
    return Math.floor(src / this.params.leafSize) === Math.floor(dst / this.params.leafSize);
  }

  private paths?: { inLeaf: PathCost; across: PathCost };

  /** Within a leaf or across the spine (two objects: planners ask for millions). */
  cost(src: number, dst: number): PathCost {
    const p = this.params;
    this.paths ??= {
      inLeaf: Object.freeze({ hops: 2, dir: null, latencyHops: 1, bandwidth: p.bandwidth, segments: 1 }),
      across: Object.freeze({ hops: 4, dir: null, latencyHops: 3, bandwidth: Math.min(p.bandwidth, p.uplinkBandwidth), segments: 1 }),
    };
    return this.sameLeaf(src, dst) ? this.paths.inLeaf : this.paths.across;
  }

  route(src: number, dst: number): Route {
    const p = this.params;
    const first = this.upLink(src, dst);
    const last = this.downLink(src, dst);
    if (this.sameLeaf(src, dst)) return { ...this.cost(src, dst), links: [first, last] };
    const ls = Math.floor(src / p.leafSize);
    const ld = Math.floor(dst / p.leafSize);
    const spine = dst % p.spines;
    const fabric = this.nodeLinks;
    const up = fabric + ls * p.spines + spine;
    const down = fabric + this.leaves * p.spines + spine * this.leaves + ld;
    return { ...this.cost(src, dst), links: [first, up, down, last] };
  }

  linkName(link: number): string {
    const s = this.params.spines;
    if (link < this.nodeLinks) {
      // the node's own leaf switch, in place of the star's "sw"
      const name = this.nodeLinkName(link, "leaf");
      const node = Number(/n(\d+)/.exec(name)?.[1]);
      return name.replace("leaf", `leaf${Math.floor(node / this.params.leafSize)}`);
    }
    const k = link - this.nodeLinks;
    if (k < this.leaves * s) return `leaf${Math.floor(k / s)}>spine${k % s}`;
    const j = k - this.leaves * s;
    return `spine${Math.floor(j / this.leaves)}>leaf${j % this.leaves}`;
  }

  protected override fabricBandwidth(): number {
    return this.params.uplinkBandwidth;
  }

  protected shape(): Pick<KernelNetwork, "kind" | "leafSize" | "spines" | "uplinkBandwidth"> {
    const p = this.params;
    return { kind: 2, leafSize: p.leafSize, spines: p.spines, uplinkBandwidth: p.uplinkBandwidth };
  }

  describe(): Record<string, string | number | boolean> {
    const p = this.params;
    return {
      type: this.kind, nodes: p.nodes, leafSize: p.leafSize, leaves: this.leaves, spines: p.spines, bandwidth: p.bandwidth,
      uplinkBandwidth: p.uplinkBandwidth, oversubscription: (p.leafSize * p.ports * p.bandwidth) / (p.spines * p.uplinkBandwidth),
      alpha: p.alpha, switchLatency: p.switchLatency, gamma: p.gamma, tx: p.tx, rx: p.rx, channelsPerLink: 1, sharing: p.sharing, ports: p.ports,
      routing: "same leaf: node-leaf-node; else node-leaf-spine(dst mod spines)-leaf-node", serdesPj: p.serdesPj, switchPj: p.switchPj, serdesIdle: p.serdesIdle, switchIdle: p.switchIdle,
    };
  }
}
