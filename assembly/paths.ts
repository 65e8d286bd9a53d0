// The links of a path. Optical ring: clockwise link i joins i -> i+1 (ids 0..N-1); counter-
// clockwise link N+i joins i -> i-1. A ring arc of `len` hops from node s in one direction is one
// or two runs of consecutive link ids. Star: node i's up-link is i, the switch's down-link to i
// is N+i. Leaf-spine (L leaves, S spines): node up-links 0..N-1, down-links N..2N-1, leaf l to
// spine s at 2N + l*S + s, spine s to leaf l at 2N + L*S + s*L + l; between leaves a message goes
// through spine dst mod S (destination-mod-k routing). With k ports per node, node i's port p goes
// up on link p*N + i and down on k*N + p*N + i, the fabric's links start at 2kN, and a message
// leaves on port dst mod k and arrives on port src mod k.

import { setPiece } from "./channels";
import { NET_STAR } from "./layout";

let nodes: i32 = 0;
let kind: i32 = 0;
let leafSize: i32 = 1;
let spines: i32 = 1;
let leaves: i32 = 1;
let ports: i32 = 1;
let portLinks: i32 = 0; // up-links of every port: k*N

export function pathsInit(k: i32, n: i32, leaf: i32, s: i32, p: i32): void {
  kind = k;
  nodes = n;
  ports = k == 0 ? 1 : p;
  portLinks = ports * n;
  leafSize = leaf;
  spines = s;
  leaves = (n + leaf - 1) / leaf;
}

/** Links a network of `nodes` has: 2N on a bidirectional ring (N one-way), 2kN (+ 2LS) switched. */
export function linkCount(k: i32, n: i32, bidirectional: bool, leaf: i32, s: i32, p: i32): i32 {
  if (k == 0) return bidirectional ? 2 * n : n;
  if (k == NET_STAR) return 2 * p * n;
  const l = (n + leaf - 1) / leaf;
  return 2 * p * n + 2 * l * s;
}

/** Switched networks: the links of src -> dst in path order into `out` (i32 each); returns 2 or 4. */
export function switchedLinks(src: i32, dst: i32, out: usize): i32 {
  const up = (dst % ports) * nodes + src;
  const down = portLinks + (src % ports) * nodes + dst;
  store<i32>(out, up);
  if (kind == NET_STAR || src / leafSize == dst / leafSize) {
    store<i32>(out, down, 4);
    return 2;
  }
  const sp = dst % spines;
  store<i32>(out, 2 * portLinks + (src / leafSize) * spines + sp, 4);
  store<i32>(out, 2 * portLinks + leaves * spines + sp * leaves + dst / leafSize, 8);
  store<i32>(out, down, 12);
  return 4;
}

/** Switched networks: whether `link` joins a node to its switch (else it joins two switches). */
export function isNodeLink(link: i32): bool {
  return link < 2 * portLinks;
}

/** Switched networks: ports per node. */
export function portCount(): i32 {
  return ports;
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
  const n = switchedLinks(src, dst, pathBuf);
  const l0 = load<i32>(pathBuf);
  const l1 = load<i32>(pathBuf, 4);
  if (n == 2) setPiece(l0, 1, l1, 1, 0, 0, 0, 0);
  else setPiece(l0, 1, l1, 1, load<i32>(pathBuf, 8), 1, load<i32>(pathBuf, 12), 1);
  return n;
}

// the links of the last switched path (four at most), in static memory
const pathBuf: usize = memory.data(16);

/** Switched networks: whether src -> dst crosses the spine (its bottleneck is then the uplink). */
export function crossesSpine(src: i32, dst: i32): bool {
  return kind != NET_STAR && src / leafSize != dst / leafSize;
}
