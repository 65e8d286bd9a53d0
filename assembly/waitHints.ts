// Wake-up hints for greedy waiters blocked by wavelength continuity (every link of the path has a
// free channel, no channel is free on all of them). Such a transfer waits until the earliest time
// some channel is free on its whole path, min over channels c of M_c, M_c being the latest finish
// on channel c along the path. Computing it reads every channel along the path; and when many
// waiters are due at the same time only the first few get the channel, so the rest fail and must
// compute it again, many times over (direct all-to-all: about 200 times per transfer).
//
// A hint keeps, per waiting transfer, the K channels with the least M_c found by the last full
// computation, and `bound`, a time no other channel's M_c is below. Channel times only rise, so
// every kept value stays a lower bound of the channel's M_c. At a try at t the channels free on
// the whole path are among the kept ones with M_c <= t whenever bound > t, so first fit needs to
// test only those, lowest channel first, each with one range maximum that also refreshes its M_c;
// and the next wake-up is min(kept M_c, bound) once the least kept value is refreshed (exact).
// A failed try then costs a few range maxima instead of one per channel, twice over. Hints change
// which channels are examined, never the answer: the first fit and the wake-up bound are exact.
//
// Hints live in a side ring parallel to the slots (128 bytes per serial), for transfers with one
// candidate direction and one segment; the others take the full computation each time.

import { alloc } from "./heap";
import { channelCount, pieceBusyUntil } from "./channels";

const K: i32 = 7;
const H_COUNT: i32 = 0; // i32: kept channels, 0 when the hint is empty
const H_BOUND: i32 = 8; // f64: no channel outside the hint frees on the whole path before this
const H_ENTRIES: i32 = 16; // K x (f64 M_c, i32 c, pad)
const H_BYTES: usize = 128;

let hints: usize = 0;
let mask: i64 = 0;

export function waitHintsInit(capacity: i32): bool {
  hints = alloc(<f64>capacity * <f64>H_BYTES);
  mask = <i64>(capacity - 1);
  return hints != 0;
}

/** The slot ring grew: moves the hints of serials [lo, hi) to a ring of `capacity`. */
export function waitHintsGrow(capacity: i32, lo: i64, hi: i64): bool {
  const next = alloc(<f64>capacity * <f64>H_BYTES);
  if (next == 0) return false;
  const nextMask = <i64>(capacity - 1);
  for (let s = lo; s < hi; s++) memory.copy(next + <usize>(s & nextMask) * H_BYTES, hintOf(s), H_BYTES);
  hints = next;
  mask = nextMask;
  return true;
}

@inline function hintOf(s: i64): usize {
  return hints + <usize>(s & mask) * H_BYTES;
}

@inline function entry(h: usize, i: i32): usize {
  return h + <usize>H_ENTRIES + (<usize>i << 4);
}

/** A new transfer has no hint yet. */
@inline export function hintClear(s: i64): void {
  store<i32>(hintOf(s), 0, H_COUNT);
}

/** Whether serial s's hint answers first fit at `t` (the current piece must be its path). */
@inline export function hintCovers(s: i64, t: f64): bool {
  const h = hintOf(s);
  return load<i32>(h, H_COUNT) > 0 && load<f64>(h, H_BOUND) > t;
}

/**
 * First fit at `t` from the hint (hintCovers must hold): the lowest kept channel free on the whole
 * piece, or -1. Every kept channel it tests is refreshed to its current M_c.
 */
export function hintFirstFree(s: i64, t: f64): i32 {
  const h = hintOf(s);
  const n = load<i32>(h, H_COUNT);
  let tested = 0; // bit i: entry i tested
  while (true) {
    // the lowest untested kept channel with M_c <= t
    let pick = -1;
    let pickChannel = 0x7fffffff;
    for (let i = 0; i < n; i++) {
      if ((tested & (1 << i)) != 0) continue;
      const e = entry(h, i);
      const c = load<i32>(e, 8);
      if (load<f64>(e) <= t && c < pickChannel) {
        pick = i;
        pickChannel = c;
      }
    }
    if (pick < 0) return -1;
    tested |= 1 << pick;
    const m = pieceBusyUntil(pickChannel, Infinity);
    store<f64>(entry(h, pick), m);
    if (m <= t) return pickChannel;
  }
  return -1;
}

/**
 * The earliest time serial s could start as things stand, not before `t` excluded: a full
 * computation when the hint is empty or no longer covers `t` (it is refilled), else from the hint
 * after refreshing its channels that seemed free by `t`. The current piece must be its path.
 */
export function hintWakeTime(s: i64, t: f64): f64 {
  const h = hintOf(s);
  const n = load<i32>(h, H_COUNT);
  if (n == 0 || load<f64>(h, H_BOUND) <= t) return fill(h);
  const bound = load<f64>(h, H_BOUND);
  // refresh the least kept value until the least is one refreshed here (then it is exact), or
  // the bound is lower: as tight as the hint allows, at a range maximum or two in the usual case
  let fresh = 0; // bit i: entry i refreshed in this call
  while (true) {
    let least = -1;
    let m = bound;
    for (let i = 0; i < n; i++) {
      const v = load<f64>(entry(h, i));
      if (v < m) {
        m = v;
        least = i;
      }
    }
    if (least < 0 || (fresh & (1 << least)) != 0) return m;
    fresh |= 1 << least;
    const e = entry(h, least);
    store<f64>(e, pieceBusyUntil(load<i32>(e, 8), Infinity));
  }
  return bound;
}

/** Keeps the K channels with the least M_c and a bound on the rest; returns the least M_c. */
function fill(h: usize): f64 {
  const channels = channelCount();
  let n = 0;
  // kept entries sorted by M_c (then channel); `cap` is the largest kept once K are kept
  let cap: f64 = Infinity;
  let bound: f64 = Infinity;
  for (let c = 0; c < channels; c++) {
    const m = pieceBusyUntil(c, cap);
    if (n == K && m >= cap) {
      // not kept: m is its M_c, or a lower bound of it where the scan stopped at cap
      if (m < bound) bound = m;
      continue;
    }
    // insert in order; with K kept the largest leaves and becomes a bound on the rest
    let i = n < K ? n : K - 1;
    if (n == K) {
      const out = load<f64>(entry(h, K - 1));
      if (out < bound) bound = out;
    } else n++;
    while (i > 0 && load<f64>(entry(h, i - 1)) > m) {
      store<f64>(entry(h, i), load<f64>(entry(h, i - 1)));
      store<i32>(entry(h, i), load<i32>(entry(h, i - 1), 8), 8);
      i--;
    }
    store<f64>(entry(h, i), m);
    store<i32>(entry(h, i), c, 8);
    if (n == K) cap = load<f64>(entry(h, K - 1));
  }
  store<i32>(h, n, H_COUNT);
  store<f64>(h, bound, H_BOUND);
  return load<f64>(entry(h, 0));
}
