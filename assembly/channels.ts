// Channel state: when each (link, wavelength) channel's last holder finishes. A channel is free
// at t when that time is at most t (a holder finishing at t frees it at t). Grants never go back
// before that time (no back-filling), so this single number is the whole state of a channel.
//
// The table is wavelength-major: plane c holds channel c of every link. A ring lightpath covers
// contiguous runs of links, so testing one wavelength reads contiguous memory, and planes a run
// never reaches are never touched.
//
// Operations act on the current piece of path: up to four runs of consecutive link ids (a ring
// arc is one or two runs, an electrical path up to four single links), set by setPiece().
//
// The event loop (not the streaming path) also keeps, per wavelength, the latest finish of each
// block of 32 links, and a max tree above those: channel times only ever rise, so each entry is
// exactly the largest of the cells below it, and a lightpath of thousands of hops is checked with
// at most 62 cells at its ends and about 2 log2(blocks) entries between, whatever its length.
// Under greedy grants every waiting transfer checks its whole path at every chance it gets (Rabenseifner on
// 4,096 nodes: 2,048-hop lightpaths, thousands waiting), which made this the event loop's cost.
//
// A big network (more than DENSE_LIMIT bytes of table) keeps its channels sparse instead: run
// lists per wavelength (runLists.ts), whose size grows with the lightpaths made rather than with
// N x w. Results are the same either way.

import { alloc } from "./heap";
import { rangeAssign, rangeMax, runListsInit } from "./runLists";

/** Tables larger than this are kept sparse (auto mode). */
const DENSE_LIMIT: f64 = 128 * 1024 * 1024;
let sparse: bool = false;

let links: i32 = 0;
let channels: i32 = 1;
let chan: usize = 0; // f64[channels * links]
let linkOrder: usize = 0; // f64[links]: streaming order check, the latest ready time granted per link
const SUMMARY_SHIFT: i32 = 5;
/** Runs shorter than this are scanned cell by cell even when summaries exist. */
const SUMMARY_MIN_RUN: i32 = 4 << SUMMARY_SHIFT;
let summary: usize = 0; // f64[channels * summaryBlocks]: latest finish per block of links (event loop only)
// Links found with every channel busy during one greedy pass (event loop only, see fullLinks below)
let fullStamp: usize = 0; // i32[links]: the pass that found the link full
let checkedStamp: usize = 0; // i32[links]: the pass that last looked
let linkFree: usize = 0; // f64[links]: when the link's first channel frees, as found
// the same per block of 32 links, so that a long path is checked a block at a time
let blockStamp: usize = 0; // i32[blocks]: the pass that found a link of the block full
let blockFree: usize = 0; // f64[blocks]: the latest linkFree among them
let blockLink: usize = 0; // i32[blocks]: that link
let blockChecked: usize = 0; // i32[blocks]: the pass that looked at every link of the block
const BLOCK_MASK: i32 = (1 << SUMMARY_SHIFT) - 1;
let summaryBlocks: i32 = 0;
// above the block maxima, per wavelength a max tree: node i (1 <= i < blockTreeSize) holds the
// latest finish among the blocks below it, leaf blockTreeSize + k being block k's maximum, so the
// whole blocks of a run cost about 2 log2(blocks) reads however many there are
let blockTree: usize = 0; // f64[channels * blockTreeSize]
let blockTreeSize: i32 = 0;
/** Runs of whole blocks at least this long are read through the tree. */
const TREE_MIN_BLOCKS: i32 = 8;

let run0: i32 = 0, len0: i32 = 0;
let run1: i32 = 0, len1: i32 = 0;
let run2: i32 = 0, len2: i32 = 0;
let run3: i32 = 0, len3: i32 = 0;

/**
 * Allocates the table; false when memory runs out. representation: 0 by size (dense up to
 * DENSE_LIMIT), 1 dense, 2 sparse.
 */
export function channelsInit(linkCount: i32, channelCount: i32, streaming: bool, representation: i32): bool {
  links = linkCount;
  channels = channelCount;
  const bytes = <f64>channels * <f64>links * 8;
  sparse = representation == 2 || (representation == 0 && bytes > DENSE_LIMIT);
  chan = 0;
  if (sparse) {
    if (!runListsInit(channels, links)) return false;
  } else {
    chan = alloc(bytes);
    if (chan == 0) return false;
  }
  summary = 0;
  fullFoundIn = -1;
  fullStamp = checkedStamp = linkFree = blockStamp = blockFree = blockLink = blockChecked = 0;
  if (!sparse && !streaming) {
    summaryBlocks = ((links - 1) >> SUMMARY_SHIFT) + 1;
    summary = alloc(<f64>channels * <f64>summaryBlocks * 8);
    blockTreeSize = 1;
    while (blockTreeSize < summaryBlocks) blockTreeSize <<= 1;
    blockTree = alloc(<f64>channels * <f64>blockTreeSize * 8);
    if (blockTree == 0) return false;
    fullStamp = alloc(<f64>links * 4);
    checkedStamp = alloc(<f64>links * 4);
    linkFree = alloc(<f64>links * 8);
    blockStamp = alloc(<f64>summaryBlocks * 4);
    blockFree = alloc(<f64>summaryBlocks * 8);
    blockLink = alloc(<f64>summaryBlocks * 4);
    blockChecked = alloc(<f64>summaryBlocks * 4);
    if (summary == 0 || fullStamp == 0 || checkedStamp == 0 || linkFree == 0) return false;
    if (blockStamp == 0 || blockFree == 0 || blockLink == 0 || blockChecked == 0) return false;
  }
  linkOrder = 0;
  if (streaming) {
    linkOrder = alloc(<f64>links * 8);
    if (linkOrder == 0) return false;
  }
  return true;
}

@inline export function channelCount(): i32 {
  return channels;
}

/** Whether the channels are kept sparse (the one-hop fast path reads the dense table). */
@inline export function channelsSparse(): bool {
  return sparse;
}

/** The piece of path the operations below act on: runs [a, a+la) ... of link ids (la > 0 for those used). */
@inline export function setPiece(a: i32, la: i32, b: i32, lb: i32, c: i32, lc: i32, d: i32, ld: i32): void {
  run0 = a; len0 = la;
  run1 = b; len1 = lb;
  run2 = c; len2 = lc;
  run3 = d; len3 = ld;
}

@inline function runStart(r: i32): i32 {
  return r == 0 ? run0 : r == 1 ? run1 : r == 2 ? run2 : run3;
}

@inline function runLen(r: i32): i32 {
  return r == 0 ? len0 : r == 1 ? len1 : r == 2 ? len2 : len3;
}

/** True when channel `c` is free by time `t` on every link of the piece. */
export function pieceFreeAt(c: i32, t: f64): bool {
  if (sparse) {
    for (let r = 0; r < 4; r++) {
      const len = runLen(r);
      if (len > 0 && rangeMax(c, runStart(r), runStart(r) + len, t) > t) return false;
    }
    return true;
  }
  const plane = chan + ((<usize>c * <usize>links) << 3);
  for (let r = 0; r < 4; r++) {
    if (summary != 0 && runLen(r) >= SUMMARY_MIN_RUN) {
      if (summarizedMax(c, runStart(r), runStart(r) + runLen(r), t) > t) return false;
      continue;
    }
    let p = plane + (<usize>runStart(r) << 3);
    const end = p + (<usize>runLen(r) << 3);
    while (p < end) {
      if (load<f64>(p) > t) return false;
      p += 8;
    }
  }
  return true;
}

/** Largest of cells [a, b) of `plane`, stopping once it exceeds `cap`. */
@inline function cellsMax(plane: usize, a: i32, b: i32, cap: f64, m: f64): f64 {
  let p = plane + (<usize>a << 3);
  const end = plane + (<usize>b << 3);
  while (p < end) {
    const v = load<f64>(p);
    if (v > m) {
      m = v;
      if (m > cap) return m;
    }
    p += 8;
  }
  return m;
}

/**
 * The latest finish on links [a, b) of channel `c` (a long run, summaries kept), stopping once it
 * exceeds `cap`: the partial blocks at either end cell by cell, the whole blocks between by their
 * summaries.
 */
function summarizedMax(c: i32, a: i32, b: i32, cap: f64): f64 {
  const plane = chan + ((<usize>c * <usize>links) << 3);
  const firstWhole = ((a + (1 << SUMMARY_SHIFT) - 1) >> SUMMARY_SHIFT);
  const endWhole = b >> SUMMARY_SHIFT;
  let m = cellsMax(plane, a, firstWhole << SUMMARY_SHIFT, cap, 0);
  if (m > cap) return m;
  // the whole blocks: their maxima one by one when few, else through the tree above them
  const row = summary + ((<usize>c * <usize>summaryBlocks) << 3);
  if (endWhole - firstWhole < TREE_MIN_BLOCKS) m = cellsMax(row, firstWhole, endWhole, cap, m);
  else {
    const tree = blockTree + ((<usize>c * <usize>blockTreeSize) << 3);
    let l = firstWhole + blockTreeSize;
    let r = endWhole + blockTreeSize;
    while (l < r) {
      if (l & 1) m = max(m, blockNode(row, tree, l++));
      if (r & 1) m = max(m, blockNode(row, tree, --r));
      if (m > cap) return m;
      l >>= 1;
      r >>= 1;
    }
  }
  if (m > cap) return m;
  return cellsMax(plane, endWhole << SUMMARY_SHIFT, b, cap, m);
}

/** Node `i` of a channel's block tree: a block's maximum (from `row`) at the leaves, else `tree`'s entry. */
@inline function blockNode(row: usize, tree: usize, i: i32): f64 {
  return i >= blockTreeSize ? load<f64>(row + (<usize>(i - blockTreeSize) << 3)) : load<f64>(tree + (<usize>i << 3));
}

/** Raises the block tree of channel `c` above blocks [first, last] to `until` (channel times only rise). */
function raiseBlockTree(c: i32, first: i32, last: i32, until: f64): void {
  const tree = blockTree + ((<usize>c * <usize>blockTreeSize) << 3);
  let lo = (first + blockTreeSize) >> 1;
  let hi = (last + blockTreeSize) >> 1;
  while (lo >= 1) {
    let raised = false;
    for (let i = lo; i <= hi; i++) {
      const q = tree + (<usize>i << 3);
      if (load<f64>(q) < until) {
        store<f64>(q, until);
        raised = true;
      }
    }
    // nodes already at `until` or later have ancestors that are too
    if (!raised) return;
    lo >>= 1;
    hi >>= 1;
  }
}

/** Latest finish among channel `c` of the piece's links, stopping early once it reaches `cap`. */
export function pieceBusyUntil(c: i32, cap: f64): f64 {
  let m: f64 = 0;
  if (sparse) {
    for (let r = 0; r < 4; r++) {
      const len = runLen(r);
      if (len == 0) continue;
      const v = rangeMax(c, runStart(r), runStart(r) + len, cap);
      if (v > m) {
        m = v;
        if (m >= cap) return m;
      }
    }
    return m;
  }
  const plane = chan + ((<usize>c * <usize>links) << 3);
  for (let r = 0; r < 4; r++) {
    if (summary != 0 && runLen(r) >= SUMMARY_MIN_RUN) {
      const v = summarizedMax(c, runStart(r), runStart(r) + runLen(r), cap);
      if (v > m) {
        m = v;
        if (m >= cap) return m;
      }
      continue;
    }
    let p = plane + (<usize>runStart(r) << 3);
    const end = p + (<usize>runLen(r) << 3);
    while (p < end) {
      const v = load<f64>(p);
      if (v > m) {
        m = v;
        if (m >= cap) return m;
      }
      p += 8;
    }
  }
  return m;
}

/** First fit: the lowest channel free at `t` on every link of the piece, or -1. */
export function pieceFirstFree(t: f64): i32 {
  for (let c = 0; c < channels; c++) if (pieceFreeAt(c, t)) return c;
  return -1;
}

/** The earliest time some channel is free on the whole piece; `earliestChannel` is the lowest such. */
export let earliestChannel: i32 = 0;
export function pieceEarliest(): f64 {
  let best: f64 = Infinity;
  earliestChannel = 0;
  for (let c = 0; c < channels; c++) {
    const busy = pieceBusyUntil(c, best);
    if (busy < best) {
      best = busy;
      earliestChannel = c;
    }
  }
  return best;
}

export function pieceHold(c: i32, until: f64): void {
  if (sparse) {
    for (let r = 0; r < 4; r++) {
      const len = runLen(r);
      if (len > 0) rangeAssign(c, runStart(r), runStart(r) + len, until);
    }
    return;
  }
  const plane = chan + ((<usize>c * <usize>links) << 3);
  for (let r = 0; r < 4; r++) {
    const len = runLen(r);
    if (len == 0) continue;
    let p = plane + (<usize>runStart(r) << 3);
    const end = p + (<usize>len << 3);
    while (p < end) {
      store<f64>(p, until);
      p += 8;
    }
    if (summary != 0) {
      // channel times only rise: the block's latest finish is now at least `until`
      let q = summary + ((<usize>c * <usize>summaryBlocks + <usize>(runStart(r) >> SUMMARY_SHIFT)) << 3);
      const qEnd = summary + ((<usize>c * <usize>summaryBlocks + <usize>((runStart(r) + len - 1) >> SUMMARY_SHIFT)) << 3);
      while (q <= qEnd) {
        if (load<f64>(q) < until) store<f64>(q, until);
        q += 8;
      }
      raiseBlockTree(c, runStart(r) >> SUMMARY_SHIFT, (runStart(r) + len - 1) >> SUMMARY_SHIFT, until);
    }
  }
}

/**
 * Streaming order check: the piece may be granted now only if no transfer already granted on its
 * links was ready later; marks the links with `ready`. False means the order breaks.
 */
export function pieceClaimOrder(ready: f64): bool {
  for (let r = 0; r < 4; r++) {
    let p = linkOrder + (<usize>runStart(r) << 3);
    const end = p + (<usize>runLen(r) << 3);
    while (p < end) {
      if (load<f64>(p) > ready) return false;
      store<f64>(p, ready);
      p += 8;
    }
  }
  return true;
}

/** Faults: channel `c` of `link` is never granted (held from time 0 until Infinity). */
export function loseChannel(link: i32, c: i32): i32 {
  if (link < 0 || link >= links || c < 0 || c >= channels) return -6;
  setPiece(link, 1, 0, 0, 0, 0, 0, 0);
  pieceHold(c, Infinity);
  return 0;
}

// ---- the one-link fast path (Ring, the hierarchical ring's group rings) ----

/** The address of channel `c` of link `link`. */
@inline export function cellOf(link: i32, c: i32): usize {
  return chan + ((<usize>c * <usize>links + <usize>link) << 3);
}

/** Event loop, one link: channel `c` of `link` is held until `until` (its block's summary too). */
@inline export function holdCell(link: i32, c: i32, until: f64): void {
  store<f64>(cellOf(link, c), until);
  if (summary != 0) {
    const q = summary + ((<usize>c * <usize>summaryBlocks + <usize>(link >> SUMMARY_SHIFT)) << 3);
    if (load<f64>(q) < until) {
      store<f64>(q, until);
      raiseBlockTree(c, link >> SUMMARY_SHIFT, link >> SUMMARY_SHIFT, until);
    }
  }
}

@inline export function planeBytes(): usize {
  return <usize>links << 3;
}

/** Streaming order check on one link. */
@inline export function linkClaimOrder(link: i32, ready: f64): bool {
  const o = linkOrder + (<usize>link << 3);
  if (load<f64>(o) > ready) return false;
  store<f64>(o, ready);
  return true;
}

// ---- links known to be full during a greedy pass ----
// Within one pass of the event loop (one event time t, grants only being added) a link whose every
// channel is busy at t stays so, and cannot get a free channel before the earliest finish among
// them. A transfer whose path crosses such a link cannot start at t, and as things stand not
// before that time: a valid wake-up time that costs one read per link instead of a scan of every
// channel along the path. Many transfers waiting on the same links (an all-to-all, Rabenseifner's
// far steps) then cost little each. The stamp is the pass: nothing carries over between passes.

/** Whether links-full bookkeeping exists (dense channels on the event loop). */
@inline export function fullLinksKept(): bool {
  return fullStamp != 0;
}

/**
 * Between two full links freeing at the same time, the one with more trailing zero bits in its
 * id: waiters then gather on few links (a long lightpath crosses a multiple of a large power of
 * two), and one wake-up serves many of them.
 */
@inline function preferLink(a: i32, b: i32): bool {
  return ctz(a) > ctz(b);
}

/** The last pass in which some link was found full (none known full in any other pass). */
export let fullFoundIn: i32 = -1;

/** The link whose `linkFree` pieceKnownFull() last returned. */
export let knownFullLink: i32 = -1;

/** The latest `linkFree` among the piece's links known full in pass `stamp`, or -1 if none is. */
export function pieceKnownFull(stamp: i32): f64 {
  let m: f64 = -1;
  for (let r = 0; r < 4; r++) {
    let l = runStart(r);
    const end = l + runLen(r);
    while (l < end) {
      // a whole block at once: the latest linkFree among its links found full, if any was
      if ((l & BLOCK_MASK) == 0 && l + (1 << SUMMARY_SHIFT) <= end) {
        const b = <usize>(l >> SUMMARY_SHIFT);
        if (load<i32>(blockStamp + (b << 2)) == stamp) {
          const v = load<f64>(blockFree + (b << 3));
          const bl = load<i32>(blockLink + (b << 2));
          if (v > m || (v == m && preferLink(bl, knownFullLink))) {
            m = v;
            knownFullLink = bl;
          }
        }
        l += 1 << SUMMARY_SHIFT;
        continue;
      }
      if (load<i32>(fullStamp + (<usize>l << 2)) == stamp) {
        const v = load<f64>(linkFree + (<usize>l << 3));
        if (v > m || (v == m && preferLink(l, knownFullLink))) {
          m = v;
          knownFullLink = l;
        }
      }
      l++;
    }
  }
  return m;
}

/**
 * The piece's canonical link, the one whose id has the most trailing zero bits (where waiters
 * gather, see preferLink), looked at in pass `stamp` if it was not yet: its first free time if it
 * is full at `t` (knownFullLink is then it), else -1. One link's channels instead of the path's.
 */
export function pieceCanonicalFull(stamp: i32, t: f64): f64 {
  let best = -1;
  for (let r = 0; r < 4; r++) {
    const a = runStart(r);
    const len = runLen(r);
    if (len == 0) continue;
    // the multiple of the largest power of two inside [a, a + len)
    let p = 1 << (31 - clz(len));
    let m = ((a + p - 1) / p) * p;
    while (m >= a + len) {
      p >>= 1;
      m = ((a + p - 1) / p) * p;
    }
    if (best < 0 || preferLink(m, best)) best = m;
  }
  if (best < 0) return -1;
  markLink(stamp, t, best);
  if (load<i32>(fullStamp + (<usize>best << 2)) != stamp) return -1;
  knownFullLink = best;
  return load<f64>(linkFree + (<usize>best << 3));
}

/** When `link` frees its first channel, if it was found full in pass `stamp`; else -1. */
export function linkKnownFull(link: i32, stamp: i32): f64 {
  return load<i32>(fullStamp + (<usize>link << 2)) == stamp ? load<f64>(linkFree + (<usize>link << 3)) : -1;
}

/** Looks once per pass at each link of the piece not yet looked at: full at `t` or not. */
export function pieceMarkFull(stamp: i32, t: f64): void {
  for (let r = 0; r < 4; r++) {
    let l = runStart(r);
    const end = l + runLen(r);
    while (l < end) {
      // a whole block already looked at in this pass is passed over at once
      const whole = (l & BLOCK_MASK) == 0 && l + (1 << SUMMARY_SHIFT) <= end;
      if (whole && load<i32>(blockChecked + (<usize>(l >> SUMMARY_SHIFT) << 2)) == stamp) {
        l += 1 << SUMMARY_SHIFT;
        continue;
      }
      if (whole) store<i32>(blockChecked + (<usize>(l >> SUMMARY_SHIFT) << 2), stamp);
      markLink(stamp, t, l);
      l++;
    }
  }
}

/** Looks at `link` once in pass `stamp`: full at `t` or not (and its block's latest first free time). */
function markLink(stamp: i32, t: f64, l: i32): void {
  const seen = checkedStamp + (<usize>l << 2);
  if (load<i32>(seen) == stamp) return;
  store<i32>(seen, stamp);
  const stride = <usize>links << 3;
  let p = chan + (<usize>l << 3);
  let first: f64 = Infinity;
  for (let c = 0; c < channels; c++, p += stride) {
    const v = load<f64>(p);
    if (v < first) {
      first = v;
      if (first <= t) break;
    }
  }
  if (first > t) {
    fullFoundIn = stamp;
    store<i32>(fullStamp + (<usize>l << 2), stamp);
    store<f64>(linkFree + (<usize>l << 3), first);
    const b = <usize>(l >> SUMMARY_SHIFT);
    const bs = blockStamp + (b << 2);
    const bf = load<f64>(blockFree + (b << 3));
    if (load<i32>(bs) != stamp || first > bf || (first == bf && preferLink(l, load<i32>(blockLink + (b << 2))))) {
      store<i32>(bs, stamp);
      store<f64>(blockFree + (b << 3), first);
      store<i32>(blockLink + (b << 2), l);
    }
  }
}
