// Faults and variability as run settings: the flat keys a command line or sweep file gives
// (`cut`, `lostWavelengths`, `failedTransceivers`, `slow`, `jitter`, `faultRate`, `seed`), checked against the network they are for, into a FaultSpec.
import { z } from "zod";
import { InputError, formatValue } from "../core/errors.js";
import { type FaultRates, type FaultSpec, hasFaults } from "../faults/faultSet.js";
import { parseJitter } from "../faults/jitter.js";

const listValue = z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]);

export const faultFields = {
  cut: listValue.optional(),
  lostWavelengths: listValue.optional(),
  failedTransceivers: listValue.optional(),
  slow: listValue.optional(),
  jitter: listValue.optional(),
  faultRate: listValue.optional(),
  seed: z.union([z.string(), z.number()]).optional(),
};

export const FAULT_KEYS = Object.keys(faultFields) as (keyof typeof faultFields)[];

/** What the network looks like, for range checks. */
export interface FaultTarget {
  network: "optical-ring" | "star" | "leaf-spine";
  nodes: number;
  wavelengths: number;
  tx: number;
  rx: number;
}

type Raw = { [K in keyof typeof faultFields]?: z.output<(typeof faultFields)[K]> };

function items(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : String(value).split(",");
  return parts.map((s) => s.trim());
}

function integerIn(text: string, lo: number, hi: number): number | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const v = Number(text);
  return v >= lo && v <= hi ? v : undefined;
}

/** The fault settings of a run, checked; undefined when there are none. */
export function faultSpecOf(raw: Raw, t: FaultTarget, field: (k: string) => string = (k) => k): FaultSpec | undefined {
  const n = t.nodes;
  const ring = t.network === "optical-ring";
  const onlyRing = (key: string, value: unknown, what: string) => {
    if (!ring) throw new InputError(field(key), value, "an optical ring", `${field(key)}: ${formatValue(value)} ${what}, and this run is on a ${t.network}; drop it or choose the optical ring`);
  };
  let cuts: number[] | undefined;
  if (raw.cut !== undefined) {
    onlyRing("cut", raw.cut, "cuts the ring's fibres");
    const accepted = `ring gaps from 0 to ${n - 1} (gap i joins nodes i and i+1), comma-separated`;
    cuts = items(raw.cut).map((s) => {
      const g = integerIn(s, 0, n - 1);
      if (g === undefined) throw new InputError(field("cut"), raw.cut, accepted);
      return g;
    });
  }
  let lostWavelengths: [number, number][] | undefined;
  if (raw.lostWavelengths !== undefined) {
    onlyRing("lostWavelengths", raw.lostWavelengths, "takes wavelengths off ring links");
    const accepted = `GAP:WAVELENGTH or GAP:FIRST-LAST (gap 0 to ${n - 1} or * for every gap, wavelengths 0 to ${t.wavelengths - 1}), comma-separated`;
    lostWavelengths = [];
    for (const s of items(raw.lostWavelengths)) {
      const m = /^(\*|\d+):(\d+)(?:-(\d+))?$/.exec(s);
      const bad = () => new InputError(field("lostWavelengths"), raw.lostWavelengths, accepted);
      if (!m) throw bad();
      const gaps = m[1] === "*" ? Array.from({ length: n }, (_, i) => i) : [integerIn(m[1], 0, n - 1)];
      const first = integerIn(m[2], 0, t.wavelengths - 1);
      const last = m[3] === undefined ? first : integerIn(m[3], 0, t.wavelengths - 1);
      if (gaps[0] === undefined || first === undefined || last === undefined || last < first) throw bad();
      for (const g of gaps as number[]) for (let c = first; c <= last; c++) lostWavelengths.push([g, c]);
    }
  }
  let failedTransceivers: [number, "tx" | "rx", number][] | undefined;
  if (raw.failedTransceivers !== undefined) {
    if (t.tx === 0 && t.rx === 0) {
      throw new InputError(field("failedTransceivers"), raw.failedTransceivers, "a transceiver limit", `${field("failedTransceivers")}: ${formatValue(raw.failedTransceivers)} fails transceiver units, and this run has unlimited fixed ones; add ${field("tx")} or ${field("rx")}`);
    }
    failedTransceivers = items(raw.failedTransceivers).map((s) => {
      const m = /^(\d+):(tx|rx):(\d+)$/.exec(s);
      const units = m?.[2] === "tx" ? t.tx : t.rx;
      const node = m ? integerIn(m[1], 0, n - 1) : undefined;
      const unit = m ? integerIn(m[3], 0, units - 1) : undefined;
      if (!m || node === undefined || unit === undefined) {
        throw new InputError(field("failedTransceivers"), raw.failedTransceivers, `NODE:tx:UNIT or NODE:rx:UNIT (node 0 to ${n - 1}; units 0 to ${t.tx - 1} transmitters, 0 to ${t.rx - 1} receivers), comma-separated`);
      }
      return [node, m[2] as "tx" | "rx", unit];
    });
  }
  let slow: [number, number][] | undefined;
  if (raw.slow !== undefined) {
    slow = items(raw.slow).map((s) => {
      const m = /^(\d+):(.+)$/.exec(s);
      const node = m ? integerIn(m[1], 0, n - 1) : undefined;
      const factor = m ? Number(m[2]) : NaN;
      if (node === undefined || !Number.isFinite(factor) || factor <= 0 || factor > 1e6) {
        throw new InputError(field("slow"), raw.slow, `NODE:FACTOR (node 0 to ${n - 1}, factor above 0: 2 takes twice as long), comma-separated`);
      }
      return [node, factor];
    });
  }
  const jitter = raw.jitter === undefined ? undefined : parseJitter(field("jitter"), raw.jitter);
  let rates: FaultRates | undefined;
  if (raw.faultRate !== undefined) {
    const accepted = "KIND:PROBABILITY with KIND link, wavelength or transceiver and a probability from 0 to 1, comma-separated";
    const r: Record<string, number> = {};
    for (const s of items(raw.faultRate)) {
      const m = /^(link|wavelength|transceiver):(.+)$/.exec(s);
      const p = m ? Number(m[2]) : NaN;
      if (!m || m[2].trim() === "" || !(p >= 0 && p <= 1)) throw new InputError(field("faultRate"), raw.faultRate, accepted);
      r[m[1]] = p;
    }
    if ((r.link !== undefined || r.wavelength !== undefined)) onlyRing("faultRate", raw.faultRate, "strikes ring links and wavelengths");
    if (r.transceiver !== undefined && t.tx === 0 && t.rx === 0) {
      throw new InputError(field("faultRate"), raw.faultRate, "a transceiver limit", `${field("faultRate")}: transceiver faults strike transceiver units, and this run has unlimited fixed ones; add ${field("tx")} or ${field("rx")}`);
    }
    rates = r;
  }
  let seed: number | undefined;
  if (raw.seed !== undefined) {
    seed = integerIn(String(raw.seed).trim(), 0, 4294967295);
    if (seed === undefined) throw new InputError(field("seed"), raw.seed, "a whole number from 0 to 4294967295");
  }
  const spec: FaultSpec = { cuts, lostWavelengths, failedTransceivers, slow, jitter, rates, seed };
  return hasFaults(spec) || seed !== undefined ? spec : undefined;
}
