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
    const used = new PieceWavelengths(pieces);
    for (let a = 0; a < fibres.length; a++) {
      if (fibres[a] !== fibre) continue;
      // the pieces the arc covers: from the one starting at its first link to the one starting
      // at its end (cyclically; an arc round the whole fibre covers every piece)
      const first = pieceAt(los[a]);
      const stop = lens[a] === n ? first : pieceAt((los[a] + lens[a]) % n);
      const channel = used.firstFree(first, stop);
      used.hold(first, stop, channel);
      need = Math.max(need, channel + 1);
      if (need > limit) return limit + 1;
    }
  }
  return need;
}

/**
 * Wavelengths held on pieces of a fibre: per 32 wavelengths a segment tree over the pieces whose
 * node keeps the bits held on its whole range (`all`) and anywhere in it (`any`). Bits are only
 * ever set, so no update needs pushing down: a range's wavelengths in use are the `any` of its
 * covering nodes and the `all` of their ancestors, which lie on the paths up from the range's two
 * ends. An arc costs O(words x log pieces), not one visit per piece it crosses.
 */
class PieceWavelengths {
  private readonly size: number;
  private readonly pieces: number;
  private readonly all: Uint32Array[] = [];
  private readonly any: Uint32Array[] = [];

  constructor(pieces: number) {
    let size = 1;
    while (size < pieces) size <<= 1;
    this.size = size;
    this.pieces = pieces;
  }

  /** The lowest wavelength free on every piece of the cyclic range [first, stop) (stop == first: all). */
  firstFree(first: number, stop: number): number {
    for (let w = 0; w < this.all.length; w++) {
      const busy = this.cyclic(first, stop, (l, r) => this.query(w, l, r));
      const free = ~busy >>> 0;
      if (free !== 0) return (w << 5) + (31 - Math.clz32(free & -free));
    }
    return this.all.length << 5;
  }

  hold(first: number, stop: number, channel: number): void {
    const w = channel >>> 5;
    while (this.all.length <= w) {
      this.all.push(new Uint32Array(2 * this.size));
      this.any.push(new Uint32Array(2 * this.size));
    }
    const bit = (1 << (channel & 31)) >>> 0;
    this.cyclic(first, stop, (l, r) => {
      this.set(w, l, r, bit);
      return 0;
    });
  }

  private cyclic(first: number, stop: number, op: (l: number, r: number) => number): number {
    if (first < stop) return op(first, stop);
    let v = op(first, this.pieces);
    if (stop > 0) v |= op(0, stop);
    return v;
  }

  private query(w: number, l: number, r: number): number {
    const all = this.all[w];
    const any = this.any[w];
    let busy = 0;
    let lo = l + this.size;
    let hi = r + this.size;
    // the ancestors' whole-range bits, along both edges
    for (let i = lo >> 1; i > 0; i >>= 1) busy |= all[i];
    for (let i = (hi - 1) >> 1; i > 0; i >>= 1) busy |= all[i];
    while (lo < hi) {
      if (lo & 1) busy |= any[lo++];
      if (hi & 1) busy |= any[--hi];
      lo >>= 1;
      hi >>= 1;
    }
    return busy;
  }

  private set(w: number, l: number, r: number, bit: number): void {
    const all = this.all[w];
    const any = this.any[w];
    let lo = l + this.size;
    let hi = r + this.size;
    for (let i = lo >> 1; i > 0; i >>= 1) any[i] |= bit;
    for (let i = (hi - 1) >> 1; i > 0; i >>= 1) any[i] |= bit;
    while (lo < hi) {
      if (lo & 1) {
        all[lo] |= bit;
        any[lo++] |= bit;
      }
      if (hi & 1) {
        all[--hi] |= bit;
        any[hi] |= bit;
      }
      lo >>= 1;
      hi >>= 1;
    }
  }
}
