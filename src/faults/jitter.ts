// Jitter: the table of factors a transfer (or, in training, a layer's compute) draws from. Both
// engines pick an entry by a hash of (seed, serial), so the table is the distribution: an
// empirical list rescaled to mean 1 (each entry equally likely), or a lognormal's quantiles.
//
// Lognormal with sigma s: factor exp(s z - s^2/2) has mean 1 and variance exp(s^2) - 1. The table
// holds it at the midpoints (i + 1/2) / L of L = 65,536 equal-probability strata (inverse-transform
// sampling on a fixed grid), rescaled so the table's own mean is exactly 1: its tails stop at the
// 1 - 1/131,072 quantile (z = 4.3), and its variance is within 0.1% of the continuous one for
// s <= 0.5. The normal quantile is Acklam's rational approximation (relative error below 1.2e-9).
import { InputError } from "../core/errors.js";

export type JitterSpec = { kind: "lognormal"; sigma: number } | { kind: "empirical"; factors: readonly number[] };

export const LOGNORMAL_TABLE = 65536;

/** The standard normal quantile at p in (0, 1) (P. J. Acklam's algorithm). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** The table a jitter draws from (mean 1). */
export function jitterTable(spec: JitterSpec): Float64Array {
  let t: Float64Array;
  if (spec.kind === "empirical") t = Float64Array.from(spec.factors);
  else {
    const s = spec.sigma;
    t = new Float64Array(LOGNORMAL_TABLE);
    for (let i = 0; i < t.length; i++) t[i] = Math.exp(s * normalQuantile((i + 0.5) / t.length) - (s * s) / 2);
  }
  let sum = 0;
  for (const x of t) sum += x;
  const mean = sum / t.length;
  for (let i = 0; i < t.length; i++) t[i] /= mean;
  return t;
}

/** `lognormal:SIGMA`, or a comma-separated list of positive factors; one line naming `field` otherwise. */
export function parseJitter(field: string, value: unknown): JitterSpec {
  const text = Array.isArray(value) ? value.join(",") : String(value).trim();
  const accepted = "lognormal:SIGMA (sigma from 0 to 3) or a list of factors above 0 (0.9,1,1.3)";
  const m = /^lognormal:(.*)$/i.exec(text);
  if (m) {
    const sigma = Number(m[1]);
    if (m[1].trim() === "" || !Number.isFinite(sigma) || sigma < 0 || sigma > 3) throw new InputError(field, value, accepted);
    return { kind: "lognormal", sigma };
  }
  const parts = text.split(",").map((x) => x.trim());
  const factors = parts.map(Number);
  if (parts.some((x) => x === "") || factors.some((x) => !Number.isFinite(x) || x <= 0)) throw new InputError(field, value, accepted);
  return { kind: "empirical", factors };
}

export function jitterText(spec: JitterSpec): string {
  return spec.kind === "lognormal" ? `lognormal:${spec.sigma}` : spec.factors.join(",");
}
