// Faults (work in progress): the exports that put them in force after `configure`, each rule
// living where it acts (a cut in routing.ts, a lost wavelength in channels.ts, a failed unit in
// transceivers.ts). Twin: the reference engine's faults handling (src/engine/referenceEngine.ts).
import { cutRing as cut } from "./routing";
import { oneHopOff } from "./grants";

/** The ring is cut between nodes `gap` and `gap + 1`, both directions. 0 or -6. */
export function cutRing(gap: i32): i32 {
  const r = cut(gap);
  if (r == 0) oneHopOff();
  return r;
}
