// 2^k, and the ceiling of log2. The closed forms call these millions of times, and V8 evaluates
// `2 ** k` with a variable exponent as a general power (tens of nanoseconds); a shift is one cycle.

/** 2^k for integer k >= 0. */
export function pow2(k: number): number {
  return k < 31 ? 1 << k : 2 ** k;
}

/** The least l with 2^l >= n (n >= 1). */
export function ceilLog2(n: number): number {
  let l = 0;
  for (let p = 1; p < n; p *= 2) l++;
  return l;
}
