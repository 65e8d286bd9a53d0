// Sparse channel state: for each wavelength, the links whose channel has been held, as sorted
// lists of runs [start, end) of consecutive links sharing one value (when the channel's last
// holder finishes); links in no run were never held (free from time 0). A lightpath holds a run
// of consecutive links on one wavelength, so the lists grow with the lightpaths a simulation
// makes, not with N x w: WRHT's first level on a million-node ring, which holds 51 wavelengths on
// every link, is about 20,000 runs per wavelength instead of 2 million cells. The dense table in
// channels.ts and these lists answer the same three questions with the same results.
//
// Each wavelength's links are cut into blocks of BLOCK links, each with its own list (a run
// crossing a block boundary is stored clipped in each block), so inserting a run shifts at most
// a block's worth of runs. A list is flat memory, runs of 16 bytes (start i32, end i32, value f64)
// sorted by start and disjoint, allocated on first use; a directory entry per (wavelength, block)
// holds (runs pointer, count, capacity, finger, latest value), the finger remembering where the
// last search ended (a step's lightpaths come in ring order) and the latest value answering for a
// whole block at once (a long lightpath crosses hundreds of blocks without reading their runs).

import { alloc } from "./heap";

const BLOCK_SHIFT: i32 = 10;
const RUN: usize = 16;
const D_PTR: i32 = 0;
const D_COUNT: i32 = 4;
const D_CAP: i32 = 8;
const D_FINGER: i32 = 12;
const D_MAX: i32 = 16;
const DIR_SHIFT: usize = 5;

let directory: usize = 0; // 32 bytes per (wavelength, block)
let blocks: i32 = 0; // per wavelength

export function runListsInit(channels: i32, links: i32): bool {
  blocks = ((links - 1) >> BLOCK_SHIFT) + 1;
  directory = alloc(<f64>channels * <f64>blocks * <f64>(1 << DIR_SHIFT));
  return directory != 0;
}

@inline function dir(c: i32, block: i32): usize {
  return directory + ((<usize>c * <usize>blocks + <usize>block) << DIR_SHIFT);
}

@inline function runAt(runs: usize, i: i32): usize {
  return runs + (<usize>i << 4);
}

/** Index of the first run of the list ending after link `a` (the count if none). */
function firstEndingAfter(d: usize, a: i32): i32 {
  const runs = load<usize>(d, D_PTR);
  const count = load<i32>(d, D_COUNT);
  const f = load<i32>(d, D_FINGER);
  if (f < count && load<i32>(runAt(runs, f), 4) > a && (f == 0 || load<i32>(runAt(runs, f - 1), 4) <= a)) return f;
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<i32>(runAt(runs, mid), 4) > a) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The latest value among links [a, b) of one block's list, stopping once it exceeds `cap`. */
function blockMax(d: usize, a: i32, b: i32, cap: f64): f64 {
  const count = load<i32>(d, D_COUNT);
  if (count == 0) return 0;
  if (b - a == 1 << BLOCK_SHIFT) return load<f64>(d, D_MAX);
  const runs = load<usize>(d, D_PTR);
  let i = firstEndingAfter(d, a);
  store<i32>(d, i, D_FINGER);
  let m: f64 = 0;
  while (i < count) {
    const r = runAt(runs, i);
    if (load<i32>(r) >= b) break;
    const v = load<f64>(r, 8);
    if (v > m) {
      m = v;
      if (m > cap) return m;
    }
    i++;
  }
  return m;
}

/** The latest value among links [a, b) of wavelength c, stopping once it exceeds `cap`. */
export function rangeMax(c: i32, a: i32, b: i32, cap: f64): f64 {
  let m: f64 = 0;
  let block = a >> BLOCK_SHIFT;
  while (a < b) {
    const end = (block + 1) << BLOCK_SHIFT;
    const v = blockMax(dir(c, block), a, end < b ? end : b, cap);
    if (v > m) {
      m = v;
      if (m > cap) return m;
    }
    a = end;
    block++;
  }
  return m;
}

/** Sets links [a, b) of one block's list to `value`, keeping it sorted and disjoint. */
function blockAssign(d: usize, a: i32, b: i32, value: f64): bool {
  let runs = load<usize>(d, D_PTR);
  const count = load<i32>(d, D_COUNT);
  const i = count == 0 ? 0 : firstEndingAfter(d, a);
  let j = i;
  while (j < count && load<i32>(runAt(runs, j)) < b) j++;
  // the same run again (a level's reduce and then its broadcast): overwrite in place
  if (j == i + 1) {
    const r = runAt(runs, i);
    if (load<i32>(r) == a && load<i32>(r, 4) == b) {
      const old = load<f64>(r, 8);
      store<f64>(r, value, 8);
      store<i32>(d, i, D_FINGER);
      updateMax(d, old, value);
      return true;
    }
  }
  let overwrittenMax: f64 = 0;
  for (let q = i; q < j; q++) {
    const v = load<f64>(runAt(runs, q), 8);
    if (v > overwrittenMax) overwrittenMax = v;
  }
  const keepLeft = i < j && load<i32>(runAt(runs, i)) < a;
  const keepRight = i < j && load<i32>(runAt(runs, j - 1), 4) > b;
  const leftStart = keepLeft ? load<i32>(runAt(runs, i)) : 0;
  const leftValue = keepLeft ? load<f64>(runAt(runs, i), 8) : 0.0;
  const rightEnd = keepRight ? load<i32>(runAt(runs, j - 1), 4) : 0;
  const rightValue = keepRight ? load<f64>(runAt(runs, j - 1), 8) : 0.0;
  const put = 1 + (keepLeft ? 1 : 0) + (keepRight ? 1 : 0);
  const newCount = count - (j - i) + put;
  if (newCount > load<i32>(d, D_CAP)) {
    let cap = load<i32>(d, D_CAP) * 2;
    if (cap < 4) cap = 4;
    while (cap < newCount) cap *= 2;
    const grown = alloc(<f64>cap * <f64>RUN);
    if (grown == 0) return false;
    memory.copy(grown, runs, <usize>count << 4);
    runs = grown;
    store<usize>(d, runs, D_PTR);
    store<i32>(d, cap, D_CAP);
  }
  // shift the runs after the overlap into place, then write the new ones
  if (j < count && i + put != j) memory.copy(runAt(runs, i + put), runAt(runs, j), <usize>(count - j) << 4);
  let k = i;
  if (keepLeft) {
    const r = runAt(runs, k++);
    store<i32>(r, leftStart);
    store<i32>(r, a, 4);
    store<f64>(r, leftValue, 8);
  }
  const r = runAt(runs, k++);
  store<i32>(r, a);
  store<i32>(r, b, 4);
  store<f64>(r, value, 8);
  if (keepRight) {
    const q = runAt(runs, k);
    store<i32>(q, b);
    store<i32>(q, rightEnd, 4);
    store<f64>(q, rightValue, 8);
  }
  store<i32>(d, newCount, D_COUNT);
  store<i32>(d, i, D_FINGER);
  updateMax(d, overwrittenMax, value);
  return true;
}

/**
 * Keeps a block's latest value after runs holding at most `old` were overwritten with `value`:
 * channels are granted once free, so the new value is almost always the latest; only when the
 * overwritten runs may have held the latest and the new value is smaller is the list read again.
 */
function updateMax(d: usize, old: f64, value: f64): void {
  const m = load<f64>(d, D_MAX);
  if (value >= m) {
    store<f64>(d, value, D_MAX);
    return;
  }
  if (old < m) return;
  const runs = load<usize>(d, D_PTR);
  const count = load<i32>(d, D_COUNT);
  let latest: f64 = 0;
  for (let q = 0; q < count; q++) {
    const v = load<f64>(runAt(runs, q), 8);
    if (v > latest) latest = v;
  }
  store<f64>(d, latest, D_MAX);
}

/** Sets links [a, b) of wavelength c to `value`. False when memory runs out. */
export function rangeAssign(c: i32, a: i32, b: i32, value: f64): bool {
  let block = a >> BLOCK_SHIFT;
  while (a < b) {
    const end = (block + 1) << BLOCK_SHIFT;
    if (!blockAssign(dir(c, block), a, end < b ? end : b, value)) return false;
    a = end;
    block++;
  }
  return true;
}
