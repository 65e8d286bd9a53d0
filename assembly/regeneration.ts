// Regeneration: with it on, a lightpath longer than the power budget's hop limit hMax is cut every
// hMax hops into segments, with a 3R (O/E/O) regenerator and wavelength converter at each cut.
// Each segment takes its own wavelength by first fit; all are held over the same interval (cut-
// through), and each regeneration adds the regeneration latency to the transfer's duration.
// Without it (or within the budget) a lightpath is one segment. Twin: src/engine/regeneration.ts.

import { setArc } from "./paths";

let nodes: i32 = 0;
let hopLimit: i32 = -1;
let regenerate: bool = false;

export function regenerationInit(n: i32, hMax: i32, regen: bool): void {
  nodes = n;
  hopLimit = hMax;
  regenerate = regen && hMax > 0;
}

/** Segments of a ring lightpath of `hops` hops. */
@inline export function segmentCount(hops: i32): i32 {
  return regenerate && hops > hopLimit ? (hops + hopLimit - 1) / hopLimit : 1;
}

/** The most segments any lightpath on this ring can have. */
export function maxSegments(): i32 {
  return segmentCount(nodes - 1);
}

/** Sets the channel piece to segment k of the lightpath of `hops` hops from src in direction dir. */
export function setSegment(src: i32, dir: i32, hops: i32, k: i32): void {
  if (!regenerate || hops <= hopLimit) {
    setArc(src, dir, hops);
    return;
  }
  const from = k * hopLimit;
  const len = hops - from < hopLimit ? hops - from : hopLimit;
  let s = dir == 0 ? src + from : src - from;
  if (s >= nodes) s -= nodes;
  else if (s < 0) s += nodes;
  setArc(s, dir, len);
}
