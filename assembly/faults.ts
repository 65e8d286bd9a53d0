// Faults: the exports that put them in force after `configure`, each rule living where it acts
// (a cut in routing.ts, a lost wavelength in channels.ts, a failed unit in transceivers.ts).
// Twin: src/network/ringCuts.ts (routes round cuts) and the reference engine's channel and unit
// state.
import { cutGap } from "./routing";
import { oneHopOff } from "./grants";

/** The ring is cut between nodes `gap` and `gap + 1`, both directions. 0 or -6. */
export function cutRing(gap: i32): i32 {
  const r = cutGap(gap, 3);
  if (r == 0) oneHopOff();
  return r;
}

/**
 * Directed ring link `link` is gone (it lost every wavelength): clockwise link i (i < N) joins
 * i -> i+1, counter-clockwise link N+i joins i -> i-1. Routes avoid it as they avoid a cut. 0 or -6.
 */
export function cutLink(link: i32, nodes: i32): i32 {
  if (link < 0 || link >= 2 * nodes) return -6;
  const r = link < nodes ? cutGap(link, 1) : cutGap((link - nodes + nodes - 1) % nodes, 2);
  if (r == 0) oneHopOff();
  return r;
}
