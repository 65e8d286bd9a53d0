// The links of a path. Optical ring: clockwise link i joins i -> i+1 (ids 0..N-1); counter-
// clockwise link N+i joins i -> i-1. A ring arc of `len` hops from node s in one direction is one
// or two runs of consecutive link ids. Star: node i's up-link is i, the switch's down-link to i
// is N+i. Leaf-spine (L leaves, S spines): node up-links 0..N-1, down-links N..2N-1, leaf l to
// spine s at 2N + l*S + s, spine s to leaf l at 2N + L*S + s*L + l; between leaves a message goes
// through spine dst mod S (destination-mod-k routing).

import { setPiece } from "./channels";
import { NET_STAR } from "./layout";

let nodes: i32 = 0;
let kind: i32 = 0;
let leafSize: i32 = 1;
let spines: i32 = 1;
let leaves: i32 = 1;

export function pathsInit(k: i32, n: i32, leaf: i32, s: i32): void {
  kind = k;
  nodes = n;
  leafSize = leaf;
  spines = s;
  leaves = (n + leaf - 1) / leaf;
}

/** Links a network of `nodes` has: 2N on a bidirectional ring (N one-way), 2N (+ 2LS) switched. */
export function linkCount(k: i32, n: i32, bidirectional: bool, leaf: i32, s: i32): i32 {
  if (k == 0) return bidirectional ? 2 * n : n;
  if (k == NET_STAR) return 2 * n;
  const l = (n + leaf - 1) / leaf;
  return 2 * n + 2 * l * s;
}

/** Sets the channel piece to the ring arc of `len` hops from node `s`, clockwise (dir 0) or not. */
export function setArc(s: i32, dir: i32, len: i32): void {
  if (dir == 0) {
    const over = s + len - nodes;
    if (over > 0) setPiece(s, nodes - s, 0, over, 0, 0, 0, 0);
    else setPiece(s, len, 0, 0, 0, 0, 0, 0);
  } else {
    // nodes s, s-1, .., s-len+1 send on their counter-clockwise links
    const low = s - len + 1;
    if (low >= 0) setPiece(nodes + low, len, 0, 0, 0, 0, 0, 0);
    else setPiece(nodes, s + 1, nodes + nodes + low, -low, 0, 0, 0, 0);
  }
}

/** Switched networks: sets the piece to the path src -> dst; returns the links crossed (2 or 4). */
export function setSwitchedPath(src: i32, dst: i32): i32 {
  if (kind == NET_STAR) {
    setPiece(src, 1, nodes + dst, 1, 0, 0, 0, 0);
    return 2;
  }
  const ls = src / leafSize;
  const ld = dst / leafSize;
  if (ls == ld) {
    setPiece(src, 1, nodes + dst, 1, 0, 0, 0, 0);
    return 2;
  }
  const sp = dst % spines;
  setPiece(src, 1, 2 * nodes + ls * spines + sp, 1, 2 * nodes + leaves * spines + sp * leaves + ld, 1, nodes + dst, 1);
  return 4;
}

/** Switched networks: whether src -> dst crosses the spine (its bottleneck is then the uplink). */
export function crossesSpine(src: i32, dst: i32): bool {
  return kind != NET_STAR && src / leafSize != dst / leafSize;
}
