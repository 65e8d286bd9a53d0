// Stragglers and jitter (twin: assembly/variability.ts). A transfer's duration is multiplied by
// its factor: the larger slow factor of its two endpoints, times a jitter draw picked from a table
// of factors by a 32-bit hash of (seed, transfer serial), exactly as the kernel picks it.
import type { Variability } from "./engine.js";

/** lowbias32 (Chris Wellons' hash-prospector) on unsigned 32-bit values. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** lowbias32 of (seed, key): the seed, then the key's two 32-bit halves (a key below 2^53). */
export function keyHash(seed: number, key: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296) >>> 0;
  const h = mix32(mix32(((seed >>> 0) ^ 0x9e3779b9) >>> 0) ^ lo);
  return mix32(h ^ hi ^ 0x85ebca6b);
}

/** The table index a transfer draws: lowbias(seed, serial) mod length. */
export function drawIndex(seed: number, serial: number, length: number): number {
  return keyHash(seed, serial) % length;
}

/** `(serial, src, dst) => factor` for a run, or undefined when nothing varies. */
export function factorFunction(nodes: number, v: Variability | undefined): ((serial: number, src: number, dst: number) => number) | undefined {
  if (v === undefined || ((v.slow?.length ?? 0) === 0 && v.jitter === undefined)) return undefined;
  let slow: Float64Array | undefined;
  if (v.slow && v.slow.length > 0) {
    slow = new Float64Array(nodes).fill(1);
    for (const [node, factor] of v.slow) slow[node] = factor;
  }
  const table = v.jitter?.factors;
  const seed = v.jitter?.seed ?? 0;
  return (serial, src, dst) => {
    let f = 1;
    if (slow) f = slow[src] > slow[dst] ? slow[src] : slow[dst];
    if (table) f *= table[drawIndex(seed, serial, table.length)];
    return f;
  };
}
