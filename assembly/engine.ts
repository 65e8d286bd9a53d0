// The event loop: step loading, per-node readiness, and granting.
//
// A transfer of step s is ready when both endpoints have finished every transfer of their
// earlier steps (async), or when every transfer of step s-1 has finished (lockstep). Ready
// transfers are granted in (ready time, serial) order, serial being the position in schedule
// order; the resolver picks start and channel. A finish time is known at grant time and only
// matters as the ready time of later transfers, so granting is the only event.
//
// Two ways to run, with identical results:
// - Streaming (the fast path): each step is granted as it is committed, in serial order, with
//   no queue. Ready times are exact (earlier steps are done). Grants on each link and transceiver
//   pool must then come in (ready, serial) order, as the event loop would give them; the kernel
//   checks that on every grant and answers E_UNORDERED the moment it would not hold, and the
//   host reruns with the event loop. Lockstep schedules and Ring never trip it.
// - The event loop: a ready queue (sorted FIFO plus heap) and per-node waiting lists. Steps still
//   stream in: `run` returns NEED_STEPS whenever a node has run out of loaded work while steps
//   remain, because that node's next transfer might be the next one due.

import { alloc, resetHeap } from "./heap";
import { queueInit, queueGrow, queueEmpty, queuePush, queuePop } from "./queue";
import {
  networkInit, networkTiming, route, claimInOrder, grant, storeGrant, grantStart, grantFinish, grantChannel, pathHops,
  ringStreamGrant, isRing,
} from "./contention";
import {
  REC, R_READY, R_START, R_FINISH, R_BEGIN, R_END, R_SERIAL, R_NEXT0, R_SRC, R_DST, R_FLAGS, R_STEP,
  R_CHANNEL, R_HOPS, R_WAIT, MODE_LOCKSTEP, ST_DONE, ST_NEED_STEPS, ST_DRAIN, E_MEMORY, E_NODE,
  E_ORDER, E_CONFIG, E_UNORDERED, NET_RING, NET_LEAF_SPINE,
} from "./layout";

let N: i32 = 0;
let S: i32 = 0;
let lockstep: bool = false;
let keep: bool = false;
let streaming: bool = false;
let drainEvery: i64 = 65536;

// per node, event loop
let nodeDone: usize = 0; // f64: latest finish among granted transfers
let pending: usize = 0; // i32: ungranted transfers in the node's current step
let current: usize = 0; // i32: the node's current step
let listHead: usize = 0; // i64: waiting transfers of later steps (serial*2+role)
let listTail: usize = 0; // i64
let idle: i32 = 0; // nodes with no loaded ungranted transfer

// per step
let stepStart: usize = 0; // f64
let stepEnd: usize = 0; // f64
let stepLeft: usize = 0; // i32: ungranted transfers
let stepFirst: usize = 0; // i64: serial of the first transfer

// transfer slots
let slots: usize = 0;
let capacity: i32 = 0;
let mask: i64 = 0;
let lo: i64 = 0; // oldest slot still held
let hi: i64 = 0; // next serial to load
let front: i64 = 0; // every serial below is granted (and counted in the sums)

let loaded: i32 = 0; // steps committed
let nextActive: i32 = 0; // lockstep event loop: next step to release
let barrier: f64 = 0;

// results
let makespan: f64 = 0;
let waited: f64 = 0;
let bytesMoved: f64 = 0;
let elementBytes: f64 = 4;
let maxHops: i32 = 0;
let maxChannel: i32 = -1;
let granted: i64 = 0;
let errorSerial: i64 = -1;

// Bytes per slot: the full record, or, streaming without results kept, just the host's input
// and the ready time (a step then spans half the cache it would).
let stride: i32 = REC;
const STREAM_REC: i32 = 40;

@inline function slot(serial: i64): usize {
  return slots + <usize>(serial & mask) * <usize>stride;
}

function nextPow2(x: f64): i32 {
  let c: i32 = 1024;
  while (<f64>c < x) c <<= 1;
  return c;
}

/**
 * Sets up one simulation. Returns 0, or E_CONFIG / E_MEMORY.
 * kind: 0 optical ring, 1 star, 2 leaf-spine. channels: wavelengths per link (ring).
 * tx, rx: transceivers per node (0 = unlimited). leafSize, spineCount: leaf-spine shape.
 * mode: 0 async, 1 lockstep. steps: number of steps the schedule has. hopLimit: -1 = none.
 * keepResults: 1 to hold granted slots until `releaseUpTo` so the host can read them.
 * stream: 1 to grant each step as it is committed (E_UNORDERED if that cannot be exact).
 */
export function configure(
  kind: i32, nodes: i32, channels: i32, bidirectional: i32, tx: i32, rx: i32, leafSize: i32,
  spineCount: i32, mode: i32, steps: i32, hopLimit: i32, eb: f64, keepResults: i32, stream: i32,
): i32 {
  if (nodes < 2 || channels < 1 || steps < 0 || tx < 0 || rx < 0 || kind < NET_RING || kind > NET_LEAF_SPINE) return E_CONFIG;
  if (kind == NET_LEAF_SPINE && (leafSize < 1 || spineCount < 1)) return E_CONFIG;
  resetHeap();
  N = nodes;
  S = steps;
  lockstep = mode == MODE_LOCKSTEP;
  keep = keepResults != 0;
  streaming = stream != 0;
  stride = streaming && !keep ? STREAM_REC : REC;
  elementBytes = eb;
  if (!networkInit(kind, nodes, channels, bidirectional != 0, tx, rx, leafSize, spineCount, hopLimit, eb, streaming)) return E_MEMORY;
  const n = <f64>nodes;
  nodeDone = alloc(n * 8);
  if (!streaming) {
    pending = alloc(n * 4);
    current = alloc(n * 4);
    listHead = alloc(n * 8);
    listTail = alloc(n * 8);
    if (pending == 0 || current == 0 || listHead == 0 || listTail == 0) return E_MEMORY;
    memory.fill(listHead, 0xff, <usize>nodes << 3); // -1: empty lists
    memory.fill(listTail, 0xff, <usize>nodes << 3);
  }
  const s = <f64>(steps > 0 ? steps : 1);
  stepStart = alloc(s * 8);
  stepEnd = alloc(s * 8);
  stepLeft = alloc(s * 4);
  stepFirst = alloc(s * 8);
  capacity = nextPow2(2 * n);
  mask = <i64>(capacity - 1);
  slots = alloc(<f64>capacity * <f64>stride);
  if (nodeDone == 0 || stepStart == 0 || stepEnd == 0 || stepLeft == 0 || stepFirst == 0 || slots == 0) return E_MEMORY;
  if (!streaming && !queueInit(capacity)) return E_MEMORY;
  for (let i = 0; i < steps; i++) {
    store<f64>(stepStart + (<usize>i << 3), Infinity);
    store<f64>(stepEnd + (<usize>i << 3), -Infinity);
  }
  idle = nodes;
  lo = 0; hi = 0; front = 0;
  loaded = 0; nextActive = 0; barrier = 0;
  makespan = 0; waited = 0; bytesMoved = 0; maxHops = 0; maxChannel = -1; granted = 0; errorSerial = -1;
  return 0;
}

/** Durations: alpha + bytes*8/bandwidth + hops*hopLatency (+ gamma*bytes for reduce). */
export function setTiming(alpha: f64, bandwidth: f64, hopLatency: f64, gamma: f64, uplinkBandwidth: f64): void {
  networkTiming(alpha, bandwidth, hopLatency, gamma, uplinkBandwidth);
}

/** In keep mode, `run` returns DRAIN once this many granted slots await `releaseUpTo`. */
export function setDrainEvery(n: i32): void {
  drainEvery = n > 0 ? <i64>n : 1;
}

function grow(need: i64): bool {
  const newCap = nextPow2(<f64>need * 2);
  const newSlots = alloc(<f64>newCap * <f64>stride);
  if (newSlots == 0) return false;
  const newMask = <i64>(newCap - 1);
  for (let t = lo; t < hi; t++) {
    memory.copy(newSlots + <usize>(t & newMask) * <usize>stride, slot(t), <usize>stride);
  }
  if (!streaming && !queueGrow(newCap)) return false;
  slots = newSlots;
  capacity = newCap;
  mask = newMask;
  return true;
}

/**
 * Makes room for `n` transfers of the next step and returns the slot index of the first one;
 * transfer j goes to slot (first + j) & slotMask(). Returns -1 when memory runs out. The host
 * writes src, dst, flags, begin and end of each, then calls commitStep. May move the slots.
 */
export function reserve(n: i32): i32 {
  const need = hi - lo + <i64>n;
  if (need > <i64>capacity && !grow(need)) return -1;
  return <i32>(hi & mask);
}

/** What every grant adds to the results, in serial order. */
@inline function account(rec: usize, step: usize): void {
  const start = load<f64>(rec, R_START);
  const finish = load<f64>(rec, R_FINISH);
  granted++;
  waited += start - load<f64>(rec, R_READY);
  bytesMoved += (load<f64>(rec, R_END) - load<f64>(rec, R_BEGIN)) * elementBytes;
  if (finish > makespan) makespan = finish;
  const hops = load<i32>(rec, R_HOPS);
  if (hops > maxHops) maxHops = hops;
  const ch = load<i32>(rec, R_CHANNEL);
  if (ch > maxChannel) maxChannel = ch;
  const ss = stepStart + (step << 3);
  if (start < load<f64>(ss)) store<f64>(ss, start);
  const se = stepEnd + (step << 3);
  if (finish > load<f64>(se)) store<f64>(se, finish);
}

// ---- streaming ----

function streamStep(step: i32, n: i32): i32 {
  const su = <usize>step;
  if (lockstep) barrier = makespan;
  // Slots of the step, walked by pointer (the ring buffer wraps at most once).
  const first = slot(hi);
  const wrapAt = slots + <usize>capacity * <usize>stride;

  // Pass 1: ready times. Every transfer of the step is ready when its endpoints finished their
  // earlier steps, so all are read before any of this step's finishes are written.
  let rec = first;
  for (let j = 0; j < n; j++) {
    const src = load<i32>(rec, R_SRC);
    const dst = load<i32>(rec, R_DST);
    if (<u32>src >= <u32>N || <u32>dst >= <u32>N || src == dst) {
      errorSerial = hi + <i64>j;
      return E_NODE;
    }
    let ready = barrier;
    if (!lockstep) {
      const a = load<f64>(nodeDone + (<usize>src << 3));
      const b = load<f64>(nodeDone + (<usize>dst << 3));
      ready = a > b ? a : b;
    }
    store<f64>(rec, ready, R_READY);
    rec += <usize>stride;
    if (rec == wrapAt) rec = slots;
  }

  // Pass 2: grants in serial order; the step's results gather in locals.
  let stepFirstStart: f64 = Infinity;
  let stepLastFinish: f64 = -Infinity;
  let wait = waited;
  let moved = bytesMoved;
  let topHops = maxHops;
  let topChannel = maxChannel;
  const ring = isRing();
  rec = first;
  for (let j = 0; j < n; j++) {
    const src = load<i32>(rec, R_SRC);
    const dst = load<i32>(rec, R_DST);
    const flags = load<i32>(rec, R_FLAGS);
    const ready = load<f64>(rec, R_READY);
    const bytes = (load<f64>(rec, R_END) - load<f64>(rec, R_BEGIN)) * elementBytes;
    if (ring) {
      const err = ringStreamGrant(src, dst, flags, ready, bytes);
      if (err != 0) {
        errorSerial = hi + <i64>j;
        store<i32>(rec, step, R_STEP);
        return err == 1 ? E_UNORDERED : err;
      }
    } else {
      const err = route(src, dst, flags);
      if (err == 0 && !claimInOrder(src, dst, ready)) {
        errorSerial = hi + <i64>j;
        return E_UNORDERED;
      }
      if (err != 0) {
        errorSerial = hi + <i64>j;
        store<i32>(rec, step, R_STEP);
        return err;
      }
      grant(src, dst, flags, ready, bytes);
    }
    const start = grantStart;
    const finish = grantFinish;
    if (keep) {
      store<i32>(rec, step, R_STEP);
      storeGrant(rec);
    }
    wait += start - ready;
    moved += bytes;
    if (pathHops > topHops) topHops = pathHops;
    if (grantChannel > topChannel) topChannel = grantChannel;
    if (start < stepFirstStart) stepFirstStart = start;
    if (finish > stepLastFinish) stepLastFinish = finish;
    const ps = nodeDone + (<usize>src << 3);
    if (finish > load<f64>(ps)) store<f64>(ps, finish);
    const pd = nodeDone + (<usize>dst << 3);
    if (finish > load<f64>(pd)) store<f64>(pd, finish);
    rec += <usize>stride;
    if (rec == wrapAt) rec = slots;
  }
  if (stepLastFinish > makespan) makespan = stepLastFinish;
  waited = wait;
  bytesMoved = moved;
  maxHops = topHops;
  maxChannel = topChannel;
  granted += <i64>n;
  store<f64>(stepStart + (su << 3), stepFirstStart);
  store<f64>(stepEnd + (su << 3), stepLastFinish);
  hi += <i64>n;
  front = hi;
  if (!keep) lo = hi;
  return 0;
}

// ---- event loop ----

/** Joins a transfer to node u's readiness; returns 1 if it must wait for u's earlier steps. */
@inline function attach(u: i32, step: i32, serial: i64, role: i32, rec: usize): i32 {
  const up = <usize>u;
  const head = load<i64>(listHead + (up << 3));
  if (head < 0) {
    const pend = load<i32>(pending + (up << 2));
    // An idle node takes this step as its current one; a node already in this step (it sends
    // and receives, or sends to several) just counts one more transfer.
    if (pend == 0 || load<i32>(current + (up << 2)) == step) {
      if (pend == 0) {
        idle--;
        store<i32>(current + (up << 2), step);
      }
      store<i32>(pending + (up << 2), pend + 1);
      const done = load<f64>(nodeDone + (up << 3));
      if (done > load<f64>(rec, R_READY)) store<f64>(rec, done, R_READY);
      return 0;
    }
  }
  // Wait behind the node's earlier steps.
  const elem = (serial << 1) | <i64>role;
  store<i64>(rec + <usize>(R_NEXT0 + (role << 3)), -1);
  if (head < 0) {
    store<i64>(listHead + (up << 3), elem);
  } else {
    const tail = load<i64>(listTail + (up << 3));
    store<i64>(slot(tail >> 1) + <usize>(R_NEXT0 + (<i32>(tail & 1) << 3)), elem);
  }
  store<i64>(listTail + (up << 3), elem);
  return 1;
}

/**
 * Loads the `n` transfers the host wrote after `reserve` as step `step` (steps come in order,
 * each once). Streaming, it also grants them. Returns 0, or E_ORDER / E_NODE / E_ROUTE /
 * E_POWER / E_UNORDERED (errorSerial() names the transfer).
 */
export function commitStep(step: i32, n: i32): i32 {
  if (step != loaded || step >= S || n < 0 || hi - lo + <i64>n > <i64>capacity) return E_ORDER;
  if (streaming) {
    const err = streamStep(step, n);
    if (err == 0) loaded++;
    return err;
  }
  // the event loop's bookkeeping: what is left of the step, and where it starts (lockstep)
  const s = <usize>step;
  store<i32>(stepLeft + (s << 2), n);
  store<i64>(stepFirst + (s << 3), hi);
  for (let j = 0; j < n; j++) {
    const t = hi + <i64>j;
    const rec = slot(t);
    const src = load<i32>(rec, R_SRC);
    const dst = load<i32>(rec, R_DST);
    if (src < 0 || src >= N || dst < 0 || dst >= N || src == dst) {
      errorSerial = t;
      return E_NODE;
    }
    store<f64>(rec, lockstep ? barrier : 0.0, R_READY);
    store<i64>(rec, t, R_SERIAL);
    store<i32>(rec, step, R_STEP);
    store<i32>(rec, -1, R_CHANNEL);
    if (!lockstep) {
      const wait = attach(src, step, t, 0, rec) + attach(dst, step, t, 1, rec);
      store<i32>(rec, wait, R_WAIT);
      if (wait == 0) queuePush(load<f64>(rec, R_READY), t);
    }
  }
  hi += <i64>n;
  loaded++;
  return 0;
}

/** A node finished a transfer: when its current step is done, its next step's transfers move on. */
@inline function release(u: i32, finish: f64): void {
  const up = <usize>u;
  const dp = nodeDone + (up << 3);
  const done = finish > load<f64>(dp) ? finish : load<f64>(dp);
  store<f64>(dp, done);
  const pp = pending + (up << 2);
  const pend = load<i32>(pp) - 1;
  store<i32>(pp, pend);
  if (pend > 0) return;
  let e = load<i64>(listHead + (up << 3));
  if (e < 0) {
    idle++;
    return;
  }
  const step = load<i32>(slot(e >> 1), R_STEP);
  store<i32>(current + (up << 2), step);
  let count = 0;
  while (e >= 0) {
    const rec = slot(e >> 1);
    if (load<i32>(rec, R_STEP) != step) break;
    const next = load<i64>(rec + <usize>(R_NEXT0 + (<i32>(e & 1) << 3)));
    count++;
    if (done > load<f64>(rec, R_READY)) store<f64>(rec, done, R_READY);
    const wait = load<i32>(rec, R_WAIT) - 1;
    store<i32>(rec, wait, R_WAIT);
    if (wait == 0) queuePush(load<f64>(rec, R_READY), e >> 1);
    e = next;
  }
  store<i32>(pp, count);
  store<i64>(listHead + (up << 3), e);
  if (e < 0) store<i64>(listTail + (up << 3), -1);
}

/** Lockstep: the next step's transfers all become ready at the barrier. */
function activate(step: i32): void {
  const s = <usize>step;
  const first = load<i64>(stepFirst + (s << 3));
  const n = load<i32>(stepLeft + (s << 2));
  for (let j = 0; j < n; j++) {
    const t = first + <i64>j;
    store<f64>(slot(t), barrier, R_READY);
    queuePush(barrier, t);
  }
}

/**
 * Grants transfers until the schedule is done (DONE), more steps are needed (NEED_STEPS), granted
 * slots wait for the host (DRAIN, keep mode only), or an error (negative; errorSerial()).
 * Streaming, steps are granted as they are committed and this only says whether any remain.
 */
export function run(): i32 {
  if (streaming) return loaded < S ? ST_NEED_STEPS : ST_DONE;
  while (true) {
    if (queueEmpty()) {
      if (lockstep) {
        if (nextActive < loaded) {
          barrier = makespan;
          activate(nextActive++);
          continue;
        }
        return nextActive < S ? ST_NEED_STEPS : ST_DONE;
      }
      return loaded < S ? ST_NEED_STEPS : ST_DONE;
    }
    if (!lockstep && idle > 0 && loaded < S) return ST_NEED_STEPS;
    if (keep && front - lo >= drainEvery) return ST_DRAIN;
    const t = queuePop();
    const rec = slot(t);
    const src = load<i32>(rec, R_SRC);
    const dst = load<i32>(rec, R_DST);
    const flags = load<i32>(rec, R_FLAGS);
    const err = route(src, dst, flags);
    if (err != 0) {
      errorSerial = t;
      return err;
    }
    grant(src, dst, flags, load<f64>(rec, R_READY), (load<f64>(rec, R_END) - load<f64>(rec, R_BEGIN)) * elementBytes);
    storeGrant(rec);
    const finish = grantFinish;
    // the makespan is the lockstep barrier: it must count every grant at once
    if (finish > makespan) makespan = finish;
    const step = load<i32>(rec, R_STEP);
    store<i32>(stepLeft + (<usize>step << 2), load<i32>(stepLeft + (<usize>step << 2)) - 1);
    if (!lockstep) {
      release(src, finish);
      release(dst, finish);
    }
    // results are summed in serial order, as the streaming path and the reference engine do
    while (front < hi && load<i32>(slot(front), R_CHANNEL) >= 0) {
      const f = slot(front);
      account(f, <usize>load<i32>(f, R_STEP));
      front++;
    }
    if (!keep) lo = front;
  }
  return ST_DONE;
}

/** Keep mode: slots of serials below `serial` (at most grantedFront()) may be reused. */
export function releaseUpTo(upTo: f64): void {
  let serial = <i64>upTo;
  if (serial > front) serial = front;
  if (serial > lo) lo = serial;
}

export function slotsPtr(): usize { return slots; }
export function slotMask(): i32 { return <i32>mask; }
export function recordSize(): i32 { return stride; }
export function grantedFront(): f64 { return <f64>front; }
export function heldFrom(): f64 { return <f64>lo; }
export function loadedSerials(): f64 { return <f64>hi; }
export function makespanTime(): f64 { return makespan; }
export function waitedTotal(): f64 { return waited; }
export function bytesTotal(): f64 { return bytesMoved; }
export function transfersGranted(): f64 { return <f64>granted; }
export function maxHopCount(): i32 { return maxHops; }
export function peakChannels(): i32 { return maxChannel + 1; }
export function errorTransfer(): f64 { return <f64>errorSerial; }
export function stepStartTime(step: i32): f64 { return load<f64>(stepStart + (<usize>step << 3)); }
export function stepEndTime(step: i32): f64 { return load<f64>(stepEnd + (<usize>step << 3)); }
export function stepsLoaded(): i32 { return loaded; }
