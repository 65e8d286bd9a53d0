// The wavelengths a schedule needs so that a lockstep run never waits for a channel: in lockstep
// every transfer of a step is ready at the barrier and granted in schedule order, first fit, with
// every channel free (the previous step is over). So each step's need is exactly the highest
// channel that serial first fit gives it, plus one; the schedule's need is the largest over steps.
// With at least that many wavelengths no transfer of a lockstep run waits for one; with one fewer,
// some transfer does. (In async runs steps overlap, so this is a guide there, not a guarantee.)
import type { Network } from "../network/network.js";
import { type Schedule, stepTransfers } from "../schedule.js";

/** First-fit channels of one step's transfers granted at once, in order, on an optical ring. */
export function stepWavelengths(net: Network, transfers: Iterable<{ src: number; dst: number; pin: number }>): number {
  const n = net.nodes;
  // one bitset of used channels per directed link, grown in 32-channel words as needed
  let words = 1;
  let used = new Uint32Array(net.links * words);
  let need = 0;
  const linkAt = (src: number, cw: boolean, k: number) => (cw ? (src + k) % n : n + ((((src - k) % n) + n) % n));
  for (const t of transfers) {
    const c = net.cost(t.src, t.dst, t.pin);
    const cw = c.dir !== "ccw";
    let channel = 0;
    for (;;) {
      const w = channel >>> 5;
      if (w >= words) break; // beyond every bitset: free everywhere
      let busy = 0;
      for (let k = 0; k < c.hops; k++) busy |= used[linkAt(t.src, cw, k) * words + w];
      const free = ~busy >>> 0;
      const fromBit = channel & 31;
      const candidates = fromBit === 0 ? free : free & (~0 << fromBit) >>> 0;
      if (candidates !== 0) {
        channel = (w << 5) + (31 - Math.clz32(candidates & -candidates));
        break;
      }
      channel = (w + 1) << 5;
    }
    if (channel >>> 5 >= words) {
      const grown = new Uint32Array(net.links * (words + 1));
      for (let l = 0; l < net.links; l++) grown.set(used.subarray(l * words, (l + 1) * words), l * (words + 1));
      used = grown;
      words++;
    }
    for (let k = 0; k < c.hops; k++) used[linkAt(t.src, cw, k) * words + (channel >>> 5)] |= 1 << (channel & 31);
    need = Math.max(need, channel + 1);
  }
  return need;
}

/**
 * The schedule's need on an optical ring: the largest step need over `steps` (default every step;
 * an algorithm whose steps repeat a few patterns names one step of each).
 */
export function scheduleWavelengths(net: Network, schedule: Schedule, steps?: Iterable<number>): number {
  let need = 0;
  for (const s of steps ?? Array.from({ length: schedule.steps }, (_, i) => i)) need = Math.max(need, stepWavelengths(net, stepTransfers(schedule, s)));
  return need;
}
