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

/** Wavelengths serial first fit uses for `paths` (0 for none). */
export function ringFirstFit(ring: OpticalRing, paths: Iterable<Lightpath>): number {
  const n = ring.nodes;
  // every segment as an arc [lo, lo + len) of link positions on its fibre (0 cw, 1 ccw)
  const arcs: { fibre: number; lo: number; len: number }[] = [];
  for (const p of paths) {
    const c = ring.cost(p.src, p.dst, p.pin);
    const fibre = c.dir === "cw" ? 0 : 1;
    const cut = c.segments > 1 ? ring.hopLimit : c.hops;
    for (let from = 0; from < c.hops; from += cut) {
      const len = Math.min(cut, c.hops - from);
      // clockwise link i joins i -> i+1; counter-clockwise link i joins i -> i-1
      const start = fibre === 0 ? p.src + from : p.src - from - len + 1;
      arcs.push({ fibre, lo: ((start % n) + n) % n, len });
    }
  }
  let need = 0;
  for (const fibre of [0, 1]) {
    const mine = arcs.filter((a) => a.fibre === fibre);
    if (mine.length === 0) continue;
    const cuts = [...new Set([0, ...mine.flatMap((a) => [a.lo, (a.lo + a.len) % n])])].sort((a, b) => a - b);
    const pieceOf = new Map(cuts.map((c, i) => [c, i]));
    const pieces = cuts.length;
    let words = 1;
    let used: Uint32Array[] = Array.from({ length: pieces }, () => new Uint32Array(words));
    for (const a of mine) {
      // the pieces the arc covers, cyclically from the one starting at lo
      const first = pieceOf.get(a.lo) as number;
      const covered: number[] = [];
      for (let i = first, at = a.lo, left = a.len; left > 0; i = (i + 1) % pieces) {
        covered.push(i);
        const next = i + 1 < pieces ? cuts[i + 1] : n;
        left -= next - at;
        at = next % n;
      }
      let channel = -1;
      for (let w = 0; w < words && channel < 0; w++) {
        let busy = 0;
        for (const i of covered) busy |= used[i][w];
        const free = ~busy >>> 0;
        if (free !== 0) channel = (w << 5) + (31 - Math.clz32(free & -free));
      }
      if (channel < 0) {
        channel = words << 5;
        words++;
        used = used.map((u) => {
          const g = new Uint32Array(words);
          g.set(u);
          return g;
        });
      }
      for (const i of covered) used[i][channel >>> 5] |= 1 << (channel & 31);
      need = Math.max(need, channel + 1);
    }
  }
  return need;
}
