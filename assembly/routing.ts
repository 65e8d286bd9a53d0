// Which way round the ring a lightpath goes. An algorithm's pin wins; otherwise the network's
// routing policy decides:
// - balanced (default): the shorter direction; an exact tie (distance N/2) goes clockwise from an
//   even source and counter-clockwise from an odd one, so tied traffic splits over both fibres;
// - clockwise: the shorter direction, ties clockwise;
// - adaptive: both directions (within the power budget, unless paths are regenerated) are
//   candidates when the transfer is granted; the grant policy picks one (grants.ts).
// A unidirectional ring routes clockwise only. Twin: src/engine/routing.ts.

import { E_POWER, E_ROUTE, PIN_CCW, PIN_CW, ROUTING_ADAPTIVE, ROUTING_CLOCKWISE } from "./layout";

let nodes: i32 = 0;
let bidir: bool = true;
let policy: i32 = 0;
let hopLimit: i32 = -1;
let regenerate: bool = false;
// fibre cuts (faults): gap g joins nodes g and g+1; the links gone there, by direction (bit 0
// clockwise g -> g+1, bit 1 counter-clockwise g+1 -> g): both for a cut, one for a directed link
// that lost every wavelength
const MAX_CUTS: i32 = 4096;
const cutGaps: usize = memory.data(MAX_CUTS * 4);
const cutDirs: usize = memory.data(MAX_CUTS * 4);
let cutCount: i32 = 0;

export function routingInit(n: i32, bidirectional: bool, routing: i32, hMax: i32, regen: bool): void {
  nodes = n;
  bidir = bidirectional;
  policy = routing;
  hopLimit = hMax;
  regenerate = regen;
  cutCount = 0;
}

/** Faults: the ring's links across `gap` (between `gap` and `gap + 1`) in directions `dirs` (bit 0 cw, bit 1 ccw) are gone. 0 or -6. */
export function cutGap(gap: i32, dirs: i32): i32 {
  if (gap < 0 || gap >= nodes || dirs < 1 || dirs > 3 || cutCount == MAX_CUTS) return -6;
  store<i32>(cutGaps + (<usize>cutCount << 2), gap);
  store<i32>(cutDirs + (<usize>cutCount << 2), dirs);
  cutCount++;
  return 0;
}

@inline export function ringCut(): bool {
  return cutCount > 0;
}

/** Whether the arc of `hops` hops from `src` in direction `dir` (0 cw, 1 ccw) crosses a cut. */
function crossesCut(src: i32, dir: i32, hops: i32): bool {
  for (let i = 0; i < cutCount; i++) {
    if ((load<i32>(cutDirs + (<usize>i << 2)) & (1 << dir)) == 0) continue;
    const g = load<i32>(cutGaps + (<usize>i << 2));
    // clockwise from s crosses gaps s, s+1, ...; counter-clockwise gaps s-1, s-2, ...
    let d = dir == 0 ? g - src : src - 1 - g;
    d %= nodes;
    if (d < 0) d += nodes;
    if (d < hops) return true;
  }
  return false;
}

@inline export function adaptive(): bool {
  return policy == ROUTING_ADAPTIVE && bidir;
}

/** Hops from src to dst clockwise. */
@inline export function cwHops(src: i32, dst: i32): i32 {
  const d = dst - src;
  return d < 0 ? d + nodes : d;
}

/** The direction the balanced or clockwise policy gives an unpinned transfer: 0 cw, 1 ccw. */
@inline export function policyDirection(src: i32, dst: i32): i32 {
  const cw = cwHops(src, dst);
  const ccw = nodes - cw;
  if (cw < ccw) return 0;
  if (cw > ccw) return 1;
  return policy == ROUTING_CLOCKWISE ? 0 : src & 1;
}

@inline function fits(hops: i32): bool {
  return regenerate || hopLimit < 0 || hops <= hopLimit;
}

/**
 * The candidate directions of a ring transfer: bit 0 clockwise, bit 1 counter-clockwise. Negative:
 * E_ROUTE (counter-clockwise pin on a one-way ring) or E_POWER (no candidate within the budget).
 */
@inline export function candidateDirections(src: i32, dst: i32, pin: i32): i32 {
  const cw = cwHops(src, dst);
  let dir: i32;
  if (!bidir) {
    if (pin == PIN_CCW) return E_ROUTE;
    dir = 0;
  } else if (pin == PIN_CW) dir = 0;
  else if (pin == PIN_CCW) dir = 1;
  else if (policy == ROUTING_ADAPTIVE) {
    const cwCut = cutCount > 0 && crossesCut(src, 0, cw);
    const ccwCut = cutCount > 0 && crossesCut(src, 1, nodes - cw);
    let mask = 0;
    if (!cwCut && fits(cw)) mask |= 1;
    if (!ccwCut && fits(nodes - cw)) mask |= 2;
    if (mask == 0) return cwCut && ccwCut ? E_ROUTE : E_POWER;
    return mask;
  } else dir = policyDirection(src, dst);
  // a chosen (or pinned) direction that crosses a cut takes the other way round, if it is intact
  if (cutCount > 0 && crossesCut(src, dir, dir == 0 ? cw : nodes - cw)) {
    if (!bidir) return E_ROUTE;
    dir = 1 - dir;
    if (crossesCut(src, dir, dir == 0 ? cw : nodes - cw)) return E_ROUTE;
  }
  const hops = dir == 0 ? cw : nodes - cw;
  if (!fits(hops)) return E_POWER;
  return dir == 0 ? 1 : 2;
}
