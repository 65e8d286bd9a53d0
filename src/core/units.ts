// Quantities with units, as people write them: 64MB, 1GiB, 100Gbps, 20us, 25.6M parameters.
import { InputError } from "./errors.js";

const NUMBER = String.raw`([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)`;

/** SI prefixes as powers of ten; IEC prefixes as powers of two. */
const SI: Record<string, number> = { "": 0, k: 3, K: 3, M: 6, G: 9, T: 12, P: 15 };
const IEC: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

/**
 * A unit's scale: a power of ten (applied exactly, by shifting the decimal exponent), times an
 * exact binary factor (IEC prefixes, bytes to bits).
 */
interface Scale {
  pow10: number;
  times?: number;
}

/**
 * `digits` x 10^pow10, rounded once: "20" with pow10 -6 is the same double as the literal 20e-6
 * (multiplying by 1e-6 would round twice and give 1.9999999999999998e-5).
 */
export function scaleDecimal(digits: string, pow10: number): number {
  const [mantissa, exp = "0"] = digits.toLowerCase().split("e");
  return Number(`${mantissa}e${Number(exp) + pow10}`);
}

function parseWith(field: string, raw: string | number, re: RegExp, accepted: string, scale: (m: RegExpMatchArray) => Scale | undefined): number {
  if (typeof raw === "number") {
    if (Number.isFinite(raw)) return raw;
    throw new InputError(field, raw, accepted);
  }
  const m = raw.trim().match(re);
  const factor = m ? scale(m) : undefined;
  if (!m || factor === undefined) throw new InputError(field, raw, accepted);
  const value = scaleDecimal(m[1], factor.pow10) * (factor.times ?? 1);
  if (!Number.isFinite(value)) throw new InputError(field, raw, accepted);
  return value;
}

const SIZE_RE = new RegExp(`^${NUMBER}\\s*([kKMGTP]i?)?(B)?$`);
const SIZE_ACCEPTED = "a byte size such as 4096, 100KB, 64MB, 1.5GB (SI, 1000-based) or 64MiB, 1GiB (IEC, 1024-based)";

/** Bytes: `64MB` is 64e6, `64MiB` is 2^26; a bare number is bytes. */
export function parseBytes(raw: string | number, field = "size"): number {
  return parseWith(field, raw, SIZE_RE, SIZE_ACCEPTED, (m) => {
    const prefix = m[2] ?? "";
    if (prefix !== "" && m[3] === undefined) return undefined; // "64M" is ambiguous: bytes or parameters
    return prefix.endsWith("i") ? { pow10: 0, times: IEC[prefix === "ki" ? "Ki" : prefix] } : { pow10: SI[prefix] };
  });
}

const COUNT_RE = new RegExp(`^${NUMBER}\\s*([kKMGTB])?$`);

/** Counts such as parameters: `25.6M`, `1.5B` (billion), `340M`; a bare number is itself. */
export function parseCount(raw: string | number, field = "params"): number {
  return parseWith(field, raw, COUNT_RE, "a count such as 61100840, 25.6M, 340M or 1.5B (K, M, B or G, T)", (m) => {
    const p = m[2] ?? "";
    return { pow10: p === "B" ? 9 : SI[p] };
  });
}

const RATE_RE = new RegExp(`^${NUMBER}\\s*([kKMGTP])?(bps|b/s|Bps|B/s)?$`);

/** Bits per second: `100Gbps`, `100Gb/s`, `12.5GB/s` (bytes). A number is bits/s; a string needs a unit. */
export function parseBandwidth(raw: string | number, field = "bandwidth"): number {
  return parseWith(field, raw, RATE_RE, "a rate such as 100Gbps, 400Gb/s or 12.5GB/s", (m) => {
    const prefix = m[2] ?? "";
    const unit = m[3];
    if (unit === undefined) return undefined; // "100" could mean bits/s or Gb/s: say which
    const bytes = unit === "Bps" || unit === "B/s";
    return { pow10: SI[prefix], times: bytes ? 8 : 1 };
  });
}

const TIME_RE = new RegExp(`^${NUMBER}\\s*(s|ms|us|µs|μs|ns|ps)?$`);
const TIME_SCALE: Record<string, number> = { s: 0, ms: -3, us: -6, "µs": -6, "μs": -6, ns: -9, ps: -12 };

/** Seconds: `20us`, `10ns`, `1.5ms`. A number is seconds; a string needs a unit unless it is 0. */
export function parseTime(raw: string | number, field = "time"): number {
  return parseWith(field, raw, TIME_RE, "a time such as 20us, 10ns or 1.5ms", (m) =>
    m[2] === undefined ? (Number(m[1]) === 0 ? { pow10: 0 } : undefined) : { pow10: TIME_SCALE[m[2]] },
  );
}

/** Plain decimal number (dB, dBm, ratios). */
export function parseNumber(raw: string | number, field: string, accepted = "a number"): number {
  return parseWith(field, raw, new RegExp(`^${NUMBER}$`), accepted, () => ({ pow10: 0 }));
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(4))}${units[i]}`;
}

export function formatTime(seconds: number): string {
  const a = Math.abs(seconds);
  if (a === 0) return "0 s";
  if (a >= 1) return `${Number(seconds.toPrecision(5))} s`;
  if (a >= 1e-3) return `${Number((seconds * 1e3).toPrecision(5))} ms`;
  if (a >= 1e-6) return `${Number((seconds * 1e6).toPrecision(5))} us`;
  return `${Number((seconds * 1e9).toPrecision(5))} ns`;
}

/** Joules for people, in the unit that fits (pJ to kJ), three significant digits: 16.4 J, 202 mJ, 3.5 uJ. */
export function formatJoules(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return `${x} J`;
  const units: [number, string][] = [[1e3, "kJ"], [1, "J"], [1e-3, "mJ"], [1e-6, "uJ"], [1e-9, "nJ"], [1e-12, "pJ"]];
  const a = Math.abs(x);
  for (const [scale, unit] of units) {
    // the largest unit in which the value, rounded to three digits, is at least 1 (999.96 mJ is 1 J)
    const v = Number((a / scale).toPrecision(3));
    if (v >= 1 || unit === "pJ") return `${x < 0 ? "-" : ""}${v} ${unit}`;
  }
  return `${x} J`;
}

/** Energy per delivered bit in the unit that fits: 2.05 pJ/bit, 4 uJ/bit (a tiny vector pays alpha's energy). */
export function formatEnergyPerBit(pj: number): string {
  return `${formatJoules(pj * 1e-12)}/bit`;
}

/** A difference of times with its sign: +130 ns, -110 ns, +0 s. */
export function formatTimeDelta(seconds: number): string {
  return seconds < 0 ? `-${formatTime(-seconds)}` : `+${formatTime(seconds)}`;
}

/** A wall-clock duration for people: 45 s, 12 min, 3.5 h, 2 days. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Number(seconds.toPrecision(2))} s`;
  if (seconds < 5400) return `${Number((seconds / 60).toPrecision(2))} min`;
  if (seconds < 172800) return `${Number((seconds / 3600).toPrecision(2))} h`;
  return `${Number((seconds / 86400).toPrecision(2))} days`;
}

/** Bits per second for people: 100 Gb/s, 12.5 Gb/s, 400 Mb/s. */
export function formatRate(bps: number): string {
  const units: [number, string][] = [[1e12, "Tb/s"], [1e9, "Gb/s"], [1e6, "Mb/s"], [1e3, "kb/s"]];
  for (const [scale, unit] of units) if (Math.abs(bps) >= scale) return `${Number((bps / scale).toPrecision(4))} ${unit}`;
  return `${Number(bps.toPrecision(4))} b/s`;
}
