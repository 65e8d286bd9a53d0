// Counter-based random draws for random faults and compute jitter. A draw is a pure function of
// (seed, key, index): a fault's key is the link, channel or unit it may strike, so no order of
// evaluation (engine, thread count, shard) can change which are drawn. (Transfers' jitter draws
// an entry of a table by a hash of (seed, serial) in the engines themselves: engine/variability.ts.)
//
// Mixing: the engines' lowbias32 hash of (seed, key) (engine/variability.ts), mixed once more with
// the index; two such words make the 53 bits of a uniform double.
import { keyHash, mix32 } from "../engine/variability.js";

/** One 32-bit word for (seed, key, index): the engines' (seed, key) hash, mixed with the index. */
function word(seed: number, key: number, index: number): number {
  return mix32(keyHash(seed, key) ^ Math.imul(index + 1, 0xc2b2ae35));
}

/** A uniform draw in (0, 1) for (seed, key, index): never 0, so its logarithm is finite. */
export function uniform(seed: number, key: number, index = 0): number {
  const a = word(seed, key, 2 * index) >>> 5; // 27 bits
  const b = word(seed, key, 2 * index + 1) >>> 6; // 26 bits
  return (a * 67108864 + b + 0.5) / 9007199254740992;
}
