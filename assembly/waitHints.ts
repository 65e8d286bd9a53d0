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
// Hints are kept for transfers with one candidate direction and one segment (the others take the
// full computation each time), 128 bytes each in a pool that grows with the transfers waiting on
// continuity at once; the slot's offset 120 holds the hint's index + 1 (0: none), and a grant
// gives the hint back.

import { alloc } from "./heap";
import { channelCount, pieceBusyUntil, pieceEarliest } from "./channels";
import { R_HINT } from "./layout";

const K: i32 = 7;
const H_COUNT: i32 = 0; // i32: kept channels, 0 when the hint is empty
const H_BOUND: i32 = 8; // f64: no channel outside the hint frees on the whole path before this
const H_ENTRIES: i32 = 16; // K x (f64 M_c, i32 c, pad)
const H_BYTES: usize = 128;

let pool: usize = 0;
let poolCap: i32 = 0;
let poolTop: i32 = 0; // records handed out so far (the free list reuses the rest)
let freeHead: i32 = -1; // a returned record's H_COUNT field links to the next

export function waitHintsInit(): bool {
  poolCap = 1024;
  pool = alloc(<f64>poolCap * <f64>H_BYTES);
  poolTop = 0;
  freeHead = -1;
  return pool != 0;
}

@inline function recordAt(i: i32): usize {
  return pool + <usize>i * H_BYTES;
}

/** The hint of the transfer in slot `rec`, or 0 when it has none. */
@inline function hintOf(rec: usize): usize {
  const i = load<i32>(rec, R_HINT);
  return i == 0 ? 0 : recordAt(i - 1);
}

/** A new, empty hint for the transfer in slot `rec`; 0 when memory runs out. */
function newHint(rec: usize): usize {
  let i = freeHead;
  if (i >= 0) freeHead = load<i32>(recordAt(i), H_COUNT);
  else {
    if (poolTop == poolCap) {
      const next = alloc(<f64>poolCap * 2 * <f64>H_BYTES);
      if (next == 0) return 0;
      memory.copy(next, pool, <usize>poolCap * H_BYTES);
      pool = next;
      poolCap *= 2;
    }
    i = poolTop++;
  }
  store<i32>(rec, i + 1, R_HINT);
  const h = recordAt(i);
  store<i32>(h, 0, H_COUNT);
  return h;
}

@inline function entry(h: usize, i: i32): usize {
  return h + <usize>H_ENTRIES + (<usize>i << 4);
}

/** A new transfer has no hint yet. */
@inline export function hintClear(rec: usize): void {
  store<i32>(rec, 0, R_HINT);
}

/** The transfer in slot `rec` is granted: its hint goes back to the pool. */
@inline export function hintRelease(rec: usize): void {
  const i = load<i32>(rec, R_HINT);
  if (i == 0) return;
  store<i32>(recordAt(i - 1), freeHead, H_COUNT);
  freeHead = i - 1;
  store<i32>(rec, 0, R_HINT);
}

/** Whether the hint of the transfer in slot `rec` answers first fit at `t`. */
@inline export function hintCovers(rec: usize, t: f64): bool {
  const h = hintOf(rec);
  return h != 0 && load<i32>(h, H_COUNT) > 0 && load<f64>(h, H_BOUND) > t;
}

/**
 * First fit at `t` from the hint (hintCovers must hold): the lowest kept channel free on the whole
 * piece, or -1. Every kept channel it tests is refreshed to its current M_c.
 */
export function hintFirstFree(rec: usize, t: f64): i32 {
  const h = hintOf(rec);
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
 * The earliest time, after `t`, the transfer in slot `rec` could start as things stand: a full
 * computation when the hint is empty or no longer covers `t` (it is refilled), else from the hint
 * once its least kept value is refreshed. The current piece must be its path.
 */
export function hintWakeTime(rec: usize, t: f64): f64 {
  let h = hintOf(rec);
  if (h == 0) {
    h = newHint(rec);
    if (h == 0) return pieceEarliest(); // no memory for a hint: the full computation
  }
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
