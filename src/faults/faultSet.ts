// The faults and variability in force in one run: what the network has lost (fibre cuts, lost
// wavelengths, failed transceivers), which nodes are slow, and the jitter every transfer draws.
// Random faults are drawn here, once, under the seed, keyed by the link, channel or unit they
// may strike (random.ts), so the same seed gives the same faults in any engine, thread or shard.
import type { Faults, Variability } from "../engine/engine.js";
import { uniform } from "./random.js";
import { type JitterSpec, jitterTable, jitterText } from "./jitter.js";

export interface FaultRates {
  /** Per ring gap: a fibre cut (both directions). */
  readonly link?: number;
  /** Per (directed link, wavelength): a lost wavelength. */
  readonly wavelength?: number;
  /** Per transmitter and receiver unit (with transceiver limits). */
  readonly transceiver?: number;
}

/** What a user asks for (validated); `resolveFaults` turns it into a FaultSet. */
export interface FaultSpec {
  readonly cuts?: readonly number[];
  /** Gap and wavelength: both directions' links of the gap lose that wavelength. */
  readonly lostWavelengths?: readonly (readonly [number, number])[];
  readonly failedTransceivers?: readonly (readonly [number, "tx" | "rx", number])[];
  readonly slow?: readonly (readonly [number, number])[];
  readonly jitter?: JitterSpec;
  /** Training: compute draws jitter too. */
  readonly jitterCompute?: boolean;
  readonly rates?: FaultRates;
  readonly seed?: number;
}

/** The shape random faults are drawn over. */
export interface FaultShape {
  readonly nodes: number;
  readonly ring: boolean;
  readonly bidirectional: boolean;
  readonly wavelengths: number;
  readonly tx: number;
  readonly rx: number;
}

export const DEFAULT_SEED = 1;

export interface FaultSet extends Faults, Variability {
  readonly cuts: readonly number[];
  readonly lostChannels: readonly (readonly [number, number])[];
  readonly failedUnits: readonly (readonly [number, "tx" | "rx", number])[];
  readonly slow: readonly (readonly [number, number])[];
  readonly jitterSpec?: JitterSpec;
  readonly jitterCompute: boolean;
  readonly rates?: FaultRates;
  /** The seed of every random draw (undefined when nothing is random). */
  readonly seed?: number;
  /** Nothing random was asked for a seed, and the default was used. */
  readonly defaultSeed: boolean;
}

/** Whether a spec asks for anything random (jitter or random faults). */
export function isRandom(spec: FaultSpec): boolean {
  const r = spec.rates;
  return spec.jitter !== undefined || (r !== undefined && ((r.link ?? 0) > 0 || (r.wavelength ?? 0) > 0 || (r.transceiver ?? 0) > 0));
}

/** Whether a spec asks for anything at all. */
export function hasFaults(spec: FaultSpec): boolean {
  return (spec.cuts?.length ?? 0) > 0 || (spec.lostWavelengths?.length ?? 0) > 0 || (spec.failedTransceivers?.length ?? 0) > 0
    || (spec.slow?.length ?? 0) > 0 || isRandom(spec);
}

/** The ring's two directed links across gap g (between g and g+1): clockwise g>g+1, counter-clockwise g+1>g. */
export function gapLinks(g: number, shape: FaultShape): number[] {
  const n = shape.nodes;
  return shape.bidirectional ? [g, n + ((g + 1) % n)] : [g];
}

/** Draws the random faults and builds the jitter table; explicit faults are taken as given. */
export function resolveFaults(spec: FaultSpec, shape: FaultShape): FaultSet {
  const random = isRandom(spec);
  const seed = random ? (spec.seed ?? DEFAULT_SEED) : spec.seed;
  const s = seed ?? DEFAULT_SEED;
  const cuts = new Set(spec.cuts ?? []);
  const lost = new Map<number, [number, number]>();
  const w = shape.wavelengths;
  for (const [g, c] of spec.lostWavelengths ?? []) for (const l of gapLinks(g, shape)) lost.set(l * w + c, [l, c]);
  const failed = new Map<string, [number, "tx" | "rx", number]>();
  for (const f of spec.failedTransceivers ?? []) failed.set(f.join(":"), [f[0], f[1], f[2]]);
  const r = spec.rates ?? {};
  if (shape.ring && (r.link ?? 0) > 0) for (let g = 0; g < shape.nodes; g++) if (uniform(s, g, 1) < (r.link as number)) cuts.add(g);
  if (shape.ring && (r.wavelength ?? 0) > 0) {
    const links = shape.bidirectional ? 2 * shape.nodes : shape.nodes;
    for (let l = 0; l < links; l++) for (let c = 0; c < w; c++) if (uniform(s, l * w + c, 2) < (r.wavelength as number)) lost.set(l * w + c, [l, c]);
  }
  if ((r.transceiver ?? 0) > 0) {
    for (let node = 0; node < shape.nodes; node++) {
      for (const [side, units, k] of [["tx", shape.tx, 0], ["rx", shape.rx, 1]] as const) {
        for (let u = 0; u < units; u++) if (uniform(s, (node * 2 + k) * units + u, 3) < (r.transceiver as number)) failed.set(`${node}:${side}:${u}`, [node, side, u]);
      }
    }
  }
  return {
    cuts: [...cuts].sort((a, b) => a - b),
    lostChannels: [...lost.keys()].sort((a, b) => a - b).map((k) => lost.get(k) as [number, number]),
    failedUnits: [...failed.values()].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]) || a[2] - b[2]),
    slow: [...(spec.slow ?? [])],
    jitterSpec: spec.jitter,
    jitter: spec.jitter ? { seed: s, factors: jitterTable(spec.jitter) } : undefined,
    jitterCompute: spec.jitterCompute ?? false,
    rates: spec.rates,
    seed,
    defaultSeed: random && spec.seed === undefined,
  };
}

/** What results and trace headers say of the faults in force (omitted parts are absent). */
export interface FaultSummary {
  cuts?: number[];
  /** Lost (directed link, wavelength) channels, as `link>next:wavelength` would read them: [link, wavelength]. */
  lostWavelengths?: [number, number][];
  failedTransceivers?: string[];
  slow?: string[];
  jitter?: string;
  jitterCompute?: boolean;
  faultRate?: string;
  seed?: number;
}

export function summarizeFaults(f: FaultSet | undefined): FaultSummary | undefined {
  if (f === undefined) return undefined;
  const out: FaultSummary = {};
  if (f.cuts.length > 0) out.cuts = [...f.cuts];
  if (f.lostChannels.length > 0) out.lostWavelengths = f.lostChannels.map(([l, c]) => [l, c]);
  if (f.failedUnits.length > 0) out.failedTransceivers = f.failedUnits.map((u) => u.join(":"));
  if (f.slow.length > 0) out.slow = f.slow.map(([n, x]) => `${n}:${x}`);
  if (f.jitterSpec) out.jitter = jitterText(f.jitterSpec);
  if (f.jitterCompute) out.jitterCompute = true;
  const rates = rateText(f.rates);
  if (rates) out.faultRate = rates;
  if (f.seed !== undefined) out.seed = f.seed;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function rateText(r: FaultRates | undefined): string | undefined {
  if (!r) return undefined;
  const parts = (["link", "wavelength", "transceiver"] as const).filter((k) => (r[k] ?? 0) > 0).map((k) => `${k}:${r[k]}`);
  return parts.length > 0 ? parts.join(",") : undefined;
}

/** The faults in force as people read them: "ring cut at 511|512; 20 wavelengths lost; node 7 x2; jitter lognormal:0.2 (seed 1)". */
export function faultsText(s: FaultSummary | undefined, nodes: number): string | undefined {
  if (!s) return undefined;
  const parts: string[] = [];
  if (s.cuts) parts.push(`ring cut between ${s.cuts.map((g) => `${g}|${(g + 1) % nodes}`).join(", ")}`);
  if (s.lostWavelengths) parts.push(`${s.lostWavelengths.length.toLocaleString("en-US")} link wavelength${s.lostWavelengths.length === 1 ? "" : "s"} lost`);
  if (s.failedTransceivers) parts.push(`failed transceivers ${s.failedTransceivers.join(", ")}`);
  if (s.slow) parts.push(`slow ${s.slow.map((x) => { const [n, f] = x.split(":"); return `node ${n} x${f}`; }).join(", ")}`);
  if (s.jitter) parts.push(`jitter ${s.jitter}${s.jitterCompute ? " on transfers and compute" : ""}`);
  if (s.faultRate) parts.push(`random faults ${s.faultRate}`);
  if (s.seed !== undefined && (s.jitter || s.faultRate)) parts.push(`seed ${s.seed}`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}
