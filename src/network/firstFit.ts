// Serial first fit of lightpaths that all start at once on an optical ring: each takes, on each of
// its segments, the lowest wavelength free on every link of the segment, in order. This is what
// the engines do when a step's transfers are granted together (lockstep, no waiting), so the
// highest wavelength it hands out, plus one, is what the step needs never to wait.
//
// Links between two consecutive segment ends carry the same lightpaths, so each fibre is
// compressed to the pieces between the ends: the work grows with the lightpaths, not the ring.
import type { OpticalRing } from "./opticalRing.js";

export interface Lightpath {
  src: number;
  dst: number;
  pin: number;
}

/**
 * Wavelengths serial first fit uses for `paths` (0 for none). With `limit`, it stops as soon as
 * more than `limit` are needed and returns limit + 1 ("more than the ring has").
 */
export function ringFirstFit(ring: OpticalRing, paths: Iterable<Lightpath>, limit = Infinity): number {
  const n = ring.nodes;
  // every segment as an arc [lo, lo + len) of link positions on its fibre (0 cw, 1 ccw), in order
  const fibres: number[] = [];
  const los: number[] = [];
  const lens: number[] = [];
  for (const p of paths) {
    const c = ring.cost(p.src, p.dst, p.pin);
    const fibre = c.dir === "cw" ? 0 : 1;
    const cut = c.segments > 1 ? ring.hopLimit : c.hops;
    for (let from = 0; from < c.hops; from += cut) {
      const len = Math.min(cut, c.hops - from);
      // clockwise link i joins i -> i+1; counter-clockwise link i joins i -> i-1
      const start = fibre === 0 ? p.src + from : p.src - from - len + 1;
      fibres.push(fibre);
      los.push(((start % n) + n) % n);
      lens.push(len);
    }
  }
  let need = 0;
  for (const fibre of [0, 1]) {
    // the fibre's pieces: between consecutive arc ends
    const ends: number[] = [0];
    for (let a = 0; a < fibres.length; a++) {
      if (fibres[a] !== fibre) continue;
      ends.push(los[a], (los[a] + lens[a]) % n);
    }
    if (ends.length === 1) continue;
    const sorted = Int32Array.from(ends).sort();
    let pieces = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[pieces++] = sorted[i];
    const cuts = sorted.subarray(0, pieces);
    const pieceAt = (x: number) => {
      let lo = 0;
      let hi = pieces - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (cuts[mid] <= x) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    let words = 1;
    let used = new Uint32Array(pieces);
    for (let a = 0; a < fibres.length; a++) {
      if (fibres[a] !== fibre) continue;
      const first = pieceAt(los[a]);
      // walks the pieces the arc covers, cyclically from the one starting at its first link
      const each = (visit: (piece: number) => void) => {
        for (let i = first, at = los[a], left = lens[a]; left > 0; i = i + 1 === pieces ? 0 : i + 1) {
          visit(i);
          const next = i + 1 < pieces ? cuts[i + 1] : n;
          left -= next - at;
          at = next % n;
        }
      };
      let channel = -1;
      for (let w = 0; w < words && channel < 0; w++) {
        let busy = 0;
        each((i) => (busy |= used[i * words + w]));
        const free = ~busy >>> 0;
        if (free !== 0) channel = (w << 5) + (31 - Math.clz32(free & -free));
      }
      if (channel < 0) {
        channel = words << 5;
        const grown = new Uint32Array(pieces * (words + 1));
        for (let i = 0; i < pieces; i++) grown.set(used.subarray(i * words, (i + 1) * words), i * (words + 1));
        used = grown;
        words++;
      }
      const bit = 1 << (channel & 31);
      const w = channel >>> 5;
      each((i) => (used[i * words + w] |= bit));
      need = Math.max(need, channel + 1);
      if (need > limit) return limit + 1;
    }
  }
  return need;
}
