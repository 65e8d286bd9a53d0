// Quantities with units, as people write them: 64MB, 1GiB, 100Gbps, 20us, 25.6M parameters.
import { InputError } from "./errors.js";

const NUMBER = String.raw`([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)`;

const SI: Record<string, number> = { "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
const IEC: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

function parseWith(field: string, raw: string | number, re: RegExp, accepted: string, scale: (m: RegExpMatchArray) => number | undefined): number {
  if (typeof raw === "number") {
    if (Number.isFinite(raw)) return raw;
    throw new InputError(field, raw, accepted);
  }
  const m = raw.trim().match(re);
  const factor = m ? scale(m) : undefined;
  if (!m || factor === undefined) throw new InputError(field, raw, accepted);
  const value = Number(m[1]) * factor;
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
    return prefix.endsWith("i") ? IEC[prefix === "ki" ? "Ki" : prefix] : SI[prefix];
  });
}

const COUNT_RE = new RegExp(`^${NUMBER}\\s*([kKMGTB])?$`);

/** Counts such as parameters: `25.6M`, `1.5B` (billion), `340M`; a bare number is itself. */
export function parseCount(raw: string | number, field = "params"): number {
  return parseWith(field, raw, COUNT_RE, "a count such as 61100840, 25.6M, 340M or 1.5B (K, M, B or G, T)", (m) => {
    const p = m[2] ?? "";
    return p === "B" ? 1e9 : SI[p];
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
    return SI[prefix] * (bytes ? 8 : 1);
  });
}

const TIME_RE = new RegExp(`^${NUMBER}\\s*(s|ms|us|µs|μs|ns|ps)?$`);
const TIME_SCALE: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, "µs": 1e-6, "μs": 1e-6, ns: 1e-9, ps: 1e-12 };

/** Seconds: `20us`, `10ns`, `1.5ms`. A number is seconds; a string needs a unit unless it is 0. */
export function parseTime(raw: string | number, field = "time"): number {
  return parseWith(field, raw, TIME_RE, "a time such as 20us, 10ns or 1.5ms", (m) =>
    m[2] === undefined ? (Number(m[1]) === 0 ? 1 : undefined) : TIME_SCALE[m[2]],
  );
}

/** Plain decimal number (dB, dBm, ratios). */
export function parseNumber(raw: string | number, field: string, accepted = "a number"): number {
  return parseWith(field, raw, new RegExp(`^${NUMBER}$`), accepted, () => 1);
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
