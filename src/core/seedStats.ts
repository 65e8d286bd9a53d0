// A result over a range of seeds, summarised: mean, median and 99th percentile. Quantiles
// interpolate linearly between order statistics (the definition numpy and R use by default:
// position (n - 1) q), so p50 of an even count is the mean of the middle two.

export interface SeedStats {
  mean: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
  /** Runs summarised. */
  count: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return lo === hi ? sorted[lo] : sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function seedStats(values: readonly number[]): SeedStats {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { mean: sorted.length > 0 ? mean : NaN, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, count: sorted.length };
}

/** `1..100`, `1,5,9` or `7`: whole numbers from 0 to 2^32 - 1, at most 100,000 of them. */
export function parseSeeds(text: string): number[] | undefined {
  const t = text.trim();
  const range = /^(\d+)\.\.(\d+)$/.exec(t);
  let seeds: number[];
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (b < a || b - a >= 100_000) return undefined;
    seeds = Array.from({ length: b - a + 1 }, (_, i) => a + i);
  } else {
    const parts = t.split(",").map((s) => s.trim());
    if (parts.some((s) => !/^\d+$/.test(s))) return undefined;
    seeds = parts.map(Number);
  }
  return seeds.every((s) => s <= 4294967295) && new Set(seeds).size === seeds.length ? seeds : undefined;
}
