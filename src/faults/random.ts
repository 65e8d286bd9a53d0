// Counter-based random draws for random faults and compute jitter. A draw is a pure function of
// (seed, key, index): a fault's key is the link, channel or unit it may strike, so no order of
// evaluation (engine, thread count, shard) can change which are drawn. (Transfers' jitter draws
// an entry of a table by a hash of (seed, serial) in the engines themselves: engine/variability.ts.)
//
// Mixing: Chris Wellons' "lowbias32" integer hash (github.com/skeeto/hash-prospector),
// applied to the seed, then to the key's two 32-bit halves and the index in turn; two such words
// make the 53 bits of a uniform double.

/** lowbias32: a 32-bit integer hash with good avalanche, on unsigned 32-bit values. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** One 32-bit word for (seed, key, index); key below 2^53 (a serial), index a small integer. */
function word(seed: number, key: number, index: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296) >>> 0;
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  h = mix32(h ^ lo);
  h = mix32(h ^ hi ^ 0x85ebca6b);
  return mix32(h ^ Math.imul(index + 1, 0xc2b2ae35));
}

/** A uniform draw in (0, 1) for (seed, key, index): never 0, so its logarithm is finite. */
export function uniform(seed: number, key: number, index = 0): number {
  const a = word(seed, key, 2 * index) >>> 5; // 27 bits
  const b = word(seed, key, 2 * index + 1) >>> 6; // 26 bits
  return (a * 67108864 + b + 0.5) / 9007199254740992;
}
