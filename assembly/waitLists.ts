// Wait lists per link, for greedy grants. A transfer that cannot start at t because a link of its
// path is full (every channel held past t) cannot start before that link's first channel frees,
// and while the link stays full nothing else is granted on it, so that time is known. The
// transfer waits in the link's list, ordered by grant order (ready time, then serial), and the
// link wakes once, at that time, instead of every waiter waking on its own.
//
// When a link wakes, only its first waiter becomes a candidate; each time a candidate taken from
// the list is settled (it starts, or it is found blocked by something else) the next one follows.
// Once one is found blocked by the link itself, the link is full again and every later waiter
// would be too: they stay in the list without a try, and the link sleeps until its next channel
// frees. Candidates still meet in grant order (the next waiter of a link is never before the one
// just settled), so grants are exactly those of trying every waiter: only the work changes. Many
// transfers behind one busy port (a star's all-to-all) or one crowded fibre (Rabenseifner's far
// steps) then cost one try each per channel that frees, not one try each per event.
//
// A list is a pairing heap threaded through the waiting transfers' slots (offsets 80 and 88, free
// once a transfer is ready: child and next sibling, as serials), so it costs no memory of its own
// beyond a root per link.

import { alloc } from "./heap";
import { keyHeapGrow, keyHeapNew, keyHeapPop, keyHeapPush, keyHeapSize, keyHeapTopKey, keyHeapTopSerial } from "./keyHeap";
import { R_NEXT0, R_NEXT1, R_READY } from "./layout";

let links: i32 = 0;
let roots: usize = 0; // i64[links]: the list's first waiter, -1 when empty
let wakeAt: usize = 0; // f64[links]: when the link is due to wake, Infinity when it is not
let wakeHeap: usize = 0; // (time, link) entries; an entry whose time is not wakeAt is stale
let wakeCap: i32 = 0;

// the slot ring, as the engine has it
let slotBase: usize = 0;
let slotMask: i64 = 0;
let slotStride: usize = 0;

export function waitListsInit(linkCount: i32): bool {
  links = linkCount;
  roots = alloc(<f64>links * 8);
  wakeAt = alloc(<f64>links * 8);
  wakeCap = links + 16;
  wakeHeap = keyHeapNew(wakeCap);
  if (roots == 0 || wakeAt == 0 || wakeHeap == 0) return false;
  memory.fill(roots, 0xff, <usize>links << 3);
  for (let l = 0; l < links; l++) store<f64>(wakeAt + (<usize>l << 3), Infinity);
  return true;
}

/** Where serial s lives (the engine calls this whenever its slot ring moves). */
export function waitListsSlots(base: usize, mask: i64, stride: i32): void {
  slotBase = base;
  slotMask = mask;
  slotStride = <usize>stride;
}

@inline function rec(s: i64): usize {
  return slotBase + <usize>(s & slotMask) * slotStride;
}

@inline function child(s: i64): i64 {
  return load<i64>(rec(s), R_NEXT0);
}

@inline function sibling(s: i64): i64 {
  return load<i64>(rec(s), R_NEXT1);
}

@inline function setChild(s: i64, v: i64): void {
  store<i64>(rec(s), v, R_NEXT0);
}

@inline function setSibling(s: i64, v: i64): void {
  store<i64>(rec(s), v, R_NEXT1);
}

/** Grant order: ready time, then serial. */
@inline function before(a: i64, b: i64): bool {
  const ra = load<f64>(rec(a), R_READY);
  const rb = load<f64>(rec(b), R_READY);
  return ra < rb || (ra == rb && a < b);
}

/** Joins two heaps (either may be -1); the first in grant order becomes the root. */
function meld(a: i64, b: i64): i64 {
  if (a < 0) return b;
  if (b < 0) return a;
  if (before(b, a)) {
    const x = a;
    a = b;
    b = x;
  }
  setSibling(b, child(a));
  setChild(a, b);
  return a;
}

/** Whether any transfer waits on `link`. */
@inline export function waitListEmpty(link: i32): bool {
  return load<i64>(roots + (<usize>link << 3)) < 0;
}

/** Transfer `s` waits on `link`, which is full until `until`: the link wakes then (if not sooner). */
export function waitOnLink(link: i32, s: i64, until: f64): void {
  setChild(s, -1);
  setSibling(s, -1);
  const r = roots + (<usize>link << 3);
  store<i64>(r, meld(load<i64>(r), s));
  const w = wakeAt + (<usize>link << 3);
  if (load<f64>(w) > until) {
    store<f64>(w, until);
    if (keyHeapSize(wakeHeap) == wakeCap) {
      wakeCap *= 2;
      if (!keyHeapGrow(wakeHeap, wakeCap)) unreachable();
    }
    keyHeapPush(wakeHeap, until, <i64>link);
  }
}

/** Removes and returns the first waiter of `link` in grant order (the list must not be empty). */
export function takeFirst(link: i32): i64 {
  const r = roots + (<usize>link << 3);
  const first = load<i64>(r);
  // two-pass pairing: meld the children in pairs left to right, then the pairs right to left
  let c = child(first);
  let pairs: i64 = -1; // melded pairs, last first, linked through their sibling
  while (c >= 0) {
    const a = c;
    const b = sibling(a);
    if (b < 0) {
      setSibling(a, pairs);
      pairs = a;
      break;
    }
    c = sibling(b);
    setSibling(a, -1);
    setSibling(b, -1);
    const m = meld(a, b);
    setSibling(m, pairs);
    pairs = m;
  }
  let rest: i64 = -1;
  while (pairs >= 0) {
    const next = sibling(pairs);
    setSibling(pairs, -1);
    rest = meld(rest, pairs);
    pairs = next;
  }
  store<i64>(r, rest);
  return first;
}

/** The earliest time a link is due to wake (Infinity when none is). */
export function nextLinkWake(): f64 {
  while (keyHeapSize(wakeHeap) > 0) {
    const t = keyHeapTopKey(wakeHeap);
    const link = <i32>keyHeapTopSerial(wakeHeap);
    if (load<f64>(wakeAt + (<usize>link << 3)) == t) return t;
    keyHeapPop(wakeHeap); // stale: the link was due sooner and has woken since
  }
  return Infinity;
}

/** Pops the next link due by `t` and returns it (it is awake: due no more), or -1. */
export function wakeLinkBy(t: f64): i32 {
  while (keyHeapSize(wakeHeap) > 0 && keyHeapTopKey(wakeHeap) <= t) {
    const key = keyHeapTopKey(wakeHeap);
    const link = <i32>keyHeapPop(wakeHeap);
    const w = wakeAt + (<usize>link << 3);
    if (load<f64>(w) != key) continue; // stale
    store<f64>(w, Infinity);
    return link;
  }
  return -1;
}
