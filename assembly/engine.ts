// The event loop: step loading, per-node readiness, and granting.
//
// A transfer of step s is ready when both endpoints have finished every transfer of their
// earlier steps (async), or when every transfer of step s-1 has finished (lockstep). The grant
// policy (grants.ts) decides the rest:
// - greedy (default): time advances from event to event (a transfer becomes ready, or a waiting
//   one could start). At each event time t the transfers ready by t that might start are taken
//   in (ready, serial) order, serial being the position in schedule order, and each that can
//   start at t starts; the others wait, keyed by the earliest time they could start as things
//   stand (the wait heap). Resources only get busier, so a transfer not due in the wait heap
//   cannot start, and skipping it changes nothing. A pass that starts a zero-length transfer
//   frees its resources at t, so the pass is repeated at t.
// - reservation: transfers are granted once each, in (ready, serial) order, at the earliest time
//   their path and transceivers allow; a finish time is known at grant time and only matters as
//   the ready time of later transfers, so granting is the only event.
//
// Two ways to run, with identical results:
// - Streaming (the fast path): each step is granted as it is committed, in serial order, with
//   no queue. Ready times are exact (earlier steps are done). Grants on each link and transceiver
//   pool must then come in (ready, serial) order, as the event loop would give them, and under
//   greedy every transfer must start when it is ready; the kernel checks both on every grant and
//   answers E_UNORDERED the moment either fails, and the host reruns with the event loop.
// - The event loop: a ready queue (sorted FIFO plus heap), the wait heap, and per-node waiting
//   lists. Steps still stream in: `run` returns NEED_STEPS whenever a node has run out of loaded
//   work while steps remain, because that node's next transfer might be the next one due.

import { alloc, resetHeap } from "./heap";
import { keyHeapClear, keyHeapGrow, keyHeapNew, keyHeapPop, keyHeapPush, keyHeapSize, keyHeapTopKey, keyHeapTopSerial } from "./keyHeap";
import { queueInit, queueGrow, queueEmpty, queuePush, queuePop, queueTopReady, queueTopSerial } from "./queue";
import { channelsInit, fullLinksKept, linkKnownFull } from "./channels";
import { hintClear, hintCovers, hintRelease, waitHintsInit } from "./waitHints";
import { takeFirst, waitListEmpty, waitListsInit, waitListsSlots, waitOnLink, nextLinkWake, wakeLinkBy } from "./waitLists";
import { crossesSpine, linkCount, pathsInit } from "./paths";
import { fairCapacities, fairEntryLive, fairFinishCount, fairInit, fairPop, fairRecompute, fairTopKey, fairTopSerial, flowClose, flowOpen, unitsFree, unitsHold } from "./fairSharing";
import { routingInit } from "./routing";
import { maxSegments, regenerationInit } from "./regeneration";
import { transceiversInit } from "./transceivers";
import { graphOn, graphReset, graphCount, graphDepth, graphWaiting, graphFinished, graphNext, graphReadyAt, graphValid } from "./dependencies";
import { factorOf, varied, variabilityInit } from "./variability";
import { multi, streams, schedulesInit, laneOf, streamOfStep, releaseOfStep, noteGranted, releaseAwaited, scheduleOfStep } from "./schedules";
import {
  grantsInit, grantsTiming, beginTransfer, tryStartAt, knownBlocked, blockingLink, markFullLinks, reserveFrom, wakeTime, claimOrder, commit, canonicalBlocked, hintable, tryStartHinted, wakeTimeHinted, oneHopLink, oneHopStartAt, oneHopStream, oneHopSetup, oneHopFast, starStream, starFast,
  grantStart, grantFinish, grantChannel, grantHops, grantDir, grantSegments, grantRetune, grantSegmentChannels, flowLatency, setFlowGrant, tryFlowAt, grantFlowStart, grantsSharing, setFactor,
} from "./grants";
import {
  E_STUCK, REC, R_READY, R_START, R_FINISH, R_BEGIN, R_END, R_SERIAL, R_NEXT0, R_SRC, R_DST, R_FLAGS, R_STEP, R_CHANNEL, R_HOPS,
  R_WAIT, R_DIR, R_RETUNE, R_SEGMENTS, R_SCHEDULE, R_FROM, R_FLOW_START, SHARING_FAIR, MODE_LOCKSTEP, ST_DONE, ST_NEED_STEPS, ST_DRAIN, E_MEMORY, E_NODE, E_ORDER, E_CONFIG,
  E_UNORDERED, NET_RING, NET_LEAF_SPINE, GRANTS_RESERVATION, ROUTING_ADAPTIVE, ROUTING_CLOCKWISE,
} from "./layout";

let N: i32 = 0;
let S: i32 = 0;
let lockstep: bool = false;
let keep: bool = false;
let streaming: bool = false;
let greedy: bool = true;
let ringNet: bool = true;
let drainEvery: i64 = 65536;
// switched networks: links shared fairly (else a link is one channel), and ports per node; set
// by setSwitching before configure and kept until changed
let fairNext: bool = false;
let portsNext: i32 = 1;
let fair: bool = false;

// per lane (a node, or a node's stream when the run holds several schedules: schedules.ts)
let nodeDone: usize = 0; // f64: latest finish among granted transfers
let pending: usize = 0; // i32: ungranted transfers in the lane's current step
let current: usize = 0; // i32: the lane's current step
let listHead: usize = 0; // i64: waiting transfers of later steps (serial*2+role)
let listTail: usize = 0; // i64
let idle: i32 = 0; // lanes with no loaded ungranted transfer

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

// fair sharing: messages paying their latency (flow start, serial), and messages waiting for a
// transmitter or receiver (ready, serial)
let flowStarts: usize = 0;
let blocked: usize = 0;
let fairPending: f64 = -1; // a time whose events are being taken, its rates not yet recomputed

// greedy: transfers waiting for resources (wake time, serial), the candidates of one event time
// (ready, serial), and the serials that failed in the current pass
let waitHeap: usize = 0;
let candHeap: usize = 0;
let failed: usize = 0;
let failedWake: usize = 0; // f64 per failed transfer: a wake-up time already known, or -1
let failedLink: usize = 0; // i32 per failed transfer: the full link it waits on, or -1
let deferred: usize = 0; // greedy: transfers made ready at the time of the pass under way
let inPass: bool = false;
let passTime: f64 = 0;
let waitLists: bool = false; // greedy waiters blocked by a full link wait in its list (waitLists.ts)
let passStamp: i32 = 0;

let loaded: i32 = 0; // steps committed
let nextActive: i32 = 0; // lockstep event loop: next step to release
let barrier: f64 = 0;

// results, summed in serial order
let makespan: f64 = 0;
let waited: f64 = 0;
let bytesMoved: f64 = 0;
let elementBytes: f64 = 4;
let maxHops: i32 = 0;
let maxChannel: i32 = -1;
let granted: i64 = 0;
let errorSerial: i64 = -1;
// for the energy model: lightpath-seconds (duration x segments), bytes x segments, bytes x
// hops, bytes x regenerations, transceiver retunes
let lightpathSeconds: f64 = 0;
let byteSegments: f64 = 0;
let byteHops: f64 = 0;
let byteRegens: f64 = 0;
let retunes: f64 = 0;

// the channels of regenerated lightpaths (keep mode): records (serial f64 as two i32, count,
// channels...) appended in grant order; the host reads and clears the log when it drains
let segLog: usize = 0;
let segLogCap: i32 = 0;
let segLogLen: i32 = 0;

// Bytes per slot: the full record, or, streaming without results kept, just the host's input
// and the ready time (a step then spans a third of the cache it would).
let stride: i32 = REC;
const STREAM_REC: i32 = 48;

@inline function slot(serial: i64): usize {
  return slots + <usize>(serial & mask) * <usize>stride;
}

function nextPow2(x: f64): i32 {
  let c: i32 = 1024;
  while (<f64>c < x) c <<= 1;
  return c;
}

/**
 * Switched networks, for the simulations configured from now on: `sharing` 0 exclusive (a link is
 * one channel a message holds) or 1 fair (links shared max-min fairly: fairSharing.ts), and
 * `ports` links per node to its switch. Returns 0, or E_CONFIG.
 */
export function setSwitching(sharing: i32, ports: i32): i32 {
  if (sharing < 0 || sharing > SHARING_FAIR || ports < 1) return E_CONFIG;
  fairNext = sharing == SHARING_FAIR;
  portsNext = ports;
  return 0;
}

/**
 * Sets up one simulation. Returns 0, or E_CONFIG / E_MEMORY.
 * kind: 0 optical ring, 1 star, 2 leaf-spine. channels: wavelengths per link (ring).
 * tx, rx: transceivers per node (0 = unlimited). leafSize, spineCount: leaf-spine shape.
 * mode: 0 async, 1 lockstep. steps: number of steps the schedule has. hopLimit: -1 = none.
 * keepResults: 1 to hold granted slots until `releaseUpTo` so the host can read them.
 * stream: 1 to grant each step as it is committed (E_UNORDERED if that cannot be exact).
 * grants: 0 greedy, 1 reservation. routing: 0 balanced, 1 clockwise, 2 adaptive.
 * regenerate: 1 to cut lightpaths longer than hopLimit at regenerators.
 * channelState: 0 dense or sparse by the table's size, 1 dense, 2 sparse (results are the same).
 */
export function configure(
  kind: i32, nodes: i32, channels: i32, bidirectional: i32, tx: i32, rx: i32, leafSize: i32, spineCount: i32,
  mode: i32, steps: i32, hopLimit: i32, eb: f64, keepResults: i32, stream: i32, grants: i32, routing: i32, regenerate: i32,
  channelState: i32,
): i32 {
  if (nodes < 2 || channels < 1 || steps < 0 || tx < 0 || rx < 0 || kind < NET_RING || kind > NET_LEAF_SPINE) return E_CONFIG;
  if (kind == NET_LEAF_SPINE && (leafSize < 1 || spineCount < 1)) return E_CONFIG;
  if (grants < 0 || grants > GRANTS_RESERVATION || routing < 0 || routing > ROUTING_ADAPTIVE) return E_CONFIG;
  fair = fairNext && kind != NET_RING;
  // fair sharing reserves nothing: every message flows when it is ready
  if (fair && grants == GRANTS_RESERVATION) return E_CONFIG;
  const ports = kind == NET_RING ? 1 : portsNext;
  resetHeap();
  graphReset();
  if (!schedulesInit(steps)) return E_MEMORY;
  if (multi && mode == MODE_LOCKSTEP) return E_CONFIG; // a barrier per step has no meaning across streams
  N = nodes;
  S = steps;
  lockstep = mode == MODE_LOCKSTEP;
  keep = keepResults != 0;
  greedy = grants != GRANTS_RESERVATION;
  ringNet = kind == NET_RING;
  const bidir = bidirectional != 0;
  // adaptive routing decides at grant time from both paths' state: the event loop only
  // fair sharing streams while no two flows share a link (then each takes its exclusive result),
  // which a transceiver limit would not let it check
  streaming = stream != 0 && !(ringNet && bidir && routing == ROUTING_ADAPTIVE) && !(fair && (tx > 0 || rx > 0));
  stride = streaming && !keep ? STREAM_REC : REC;
  elementBytes = eb;
  const w = ringNet ? channels : 1;
  pathsInit(kind, nodes, leafSize, spineCount, ports);
  variabilityInit(nodes, streaming);
  routingInit(nodes, bidir, routing, ringNet ? hopLimit : -1, regenerate != 0);
  regenerationInit(nodes, ringNet ? hopLimit : -1, regenerate != 0);
  const nLinks = linkCount(kind, nodes, bidir, leafSize, spineCount, ports);
  if (!channelsInit(nLinks, w, streaming, channelState)) return E_MEMORY;
  if (fair && !fairInit(nLinks, nodes, tx, rx)) return E_MEMORY;
  if (!transceiversInit(nodes, tx, rx, streaming)) return E_MEMORY;
  if (!grantsInit(kind, nodes)) return E_MEMORY;
  grantsSharing(fair);
  oneHopSetup(ringNet, bidir, routing == ROUTING_CLOCKWISE, hopLimit);
  const lanes = nodes * streams;
  const n = <f64>lanes;
  nodeDone = alloc(n * 8);
  if (!streaming) {
    pending = alloc(n * 4);
    current = alloc(n * 4);
    listHead = alloc(n * 8);
    listTail = alloc(n * 8);
    if (pending == 0 || current == 0 || listHead == 0 || listTail == 0) return E_MEMORY;
    memory.fill(listHead, 0xff, <usize>lanes << 3); // -1: empty lists
    memory.fill(listTail, 0xff, <usize>lanes << 3);
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
  waitListsSlots(slots, mask, stride);
  waitHeap = candHeap = failed = failedWake = failedLink = deferred = 0;
  inPass = false;
  waitLists = false;
  passStamp = 0;
  if (!streaming) {
    if (!queueInit(capacity)) return E_MEMORY;
    if (greedy && !fair) {
      waitHeap = keyHeapNew(capacity);
      candHeap = keyHeapNew(capacity);
      deferred = keyHeapNew(capacity);
      if (deferred == 0) return E_MEMORY;
      failed = alloc(<f64>capacity * 8);
      failedWake = alloc(<f64>capacity * 8);
      failedLink = alloc(<f64>capacity * 4);
      if (!waitHintsInit()) return E_MEMORY;
      if (waitHeap == 0 || candHeap == 0 || failed == 0 || failedWake == 0 || failedLink == 0) return E_MEMORY;
      waitLists = fullLinksKept();
      if (waitLists && !waitListsInit(nLinks)) return E_MEMORY;
    }
    flowStarts = blocked = 0;
    fairPending = -1;
    if (fair) {
      // fair sharing keeps its own event heaps, not the greedy ones (a slot costs less)
      flowStarts = keyHeapNew(capacity);
      blocked = keyHeapNew(capacity);
      failed = alloc(<f64>capacity * 8);
      if (flowStarts == 0 || blocked == 0 || failed == 0) return E_MEMORY;
    }
  }
  segLog = 0;
  segLogCap = segLogLen = 0;
  if (keep && ringNet && maxSegments() > 1) {
    segLogCap = 1 << 16;
    segLog = alloc(<f64>segLogCap * 4);
    if (segLog == 0) return E_MEMORY;
  }
  for (let i = 0; i < steps; i++) {
    store<f64>(stepStart + (<usize>i << 3), Infinity);
    store<f64>(stepEnd + (<usize>i << 3), -Infinity);
  }
  idle = lanes;
  lo = 0; hi = 0; front = 0;
  loaded = 0; nextActive = 0; barrier = 0;
  makespan = 0; waited = 0; bytesMoved = 0; maxHops = 0; maxChannel = -1; granted = 0; errorSerial = -1;
  lightpathSeconds = 0; byteSegments = 0; byteHops = 0; byteRegens = 0; retunes = 0;
  return 0;
}

/**
 * Durations: alpha + bytes*8/bandwidth + hops*hopLatency (+ gamma*bytes for reduce), + tuningTime
 * when a transceiver retunes, + regenLatency per regeneration.
 */
export function setTiming(alpha: f64, bandwidth: f64, hopLatency: f64, gamma: f64, uplinkBandwidth: f64, tuningTime: f64, regenLatency: f64): void {
  grantsTiming(alpha, bandwidth, hopLatency, gamma, uplinkBandwidth, tuningTime, regenLatency);
  if (fair) fairCapacities(bandwidth, uplinkBandwidth);
}

/** In keep mode, `run` returns DRAIN once this many granted slots await `releaseUpTo`. */
export function setDrainEvery(n: i32): void {
  drainEvery = n > 0 ? <i64>n : 1;
}

function grow(need: i64): bool {
  const newCap = nextPow2(<f64>need);
  const newSlots = alloc(<f64>newCap * <f64>stride);
  if (newSlots == 0) return false;
  const newMask = <i64>(newCap - 1);
  for (let t = lo; t < hi; t++) {
    memory.copy(newSlots + <usize>(t & newMask) * <usize>stride, slot(t), <usize>stride);
  }
  if (!streaming) {
    if (!queueGrow(newCap)) return false;
    if (fair) {
      if (!keyHeapGrow(flowStarts, newCap) || !keyHeapGrow(blocked, newCap)) return false;
      const f = alloc(<f64>newCap * 8);
      if (f == 0) return false;
      failed = f;
    } else if (greedy) {
      if (!keyHeapGrow(waitHeap, newCap) || !keyHeapGrow(candHeap, newCap) || !keyHeapGrow(deferred, newCap)) return false;
      const f = alloc(<f64>newCap * 8);
      const w = alloc(<f64>newCap * 8);
      const fl = alloc(<f64>newCap * 4);
      if (f == 0 || w == 0 || fl == 0) return false;
      failed = f;
      failedWake = w;
      failedLink = fl;
    }
  }
  slots = newSlots;
  capacity = newCap;
  mask = newMask;
  waitListsSlots(slots, mask, stride);
  return true;
}

/**
 * Makes room for `n` transfers of the next step and returns the slot index of the first one;
 * transfer j goes to slot (first + j) & slotMask(). Returns -1 when memory runs out. The host
 * writes src, dst, flags, begin and end (and dstBegin) of each, then calls commitStep. May move
 * the slots.
 */
export function reserve(n: i32): i32 {
  const need = hi - lo + <i64>n;
  if (need > <i64>capacity && !grow(need)) return -1;
  return <i32>(hi & mask);
}

/** Bytes of the transfer in slot `rec`. */
@inline function bytesOf(rec: usize): f64 {
  return (load<f64>(rec, R_END) - load<f64>(rec, R_BEGIN)) * elementBytes;
}

/** What a grant adds to the sums, in serial order (the streaming path adds the same, inline). */
@inline function addSums(start: f64, finish: f64, ready: f64, bytes: f64, hops: i32, segs: i32, retune: i32): void {
  granted++;
  waited += start - ready;
  bytesMoved += bytes;
  if (finish > makespan) makespan = finish;
  lightpathSeconds += (finish - start) * <f64>segs;
  byteSegments += bytes * <f64>segs;
  byteHops += bytes * <f64>hops;
  byteRegens += bytes * <f64>(segs - 1);
  retunes += <f64>popcnt(retune);
}

/** Event loop: what a grant adds to the results, in serial order. */
@inline function account(rec: usize, step: usize): void {
  const start = load<f64>(rec, R_START);
  const finish = load<f64>(rec, R_FINISH);
  addSums(start, finish, load<f64>(rec, R_READY), bytesOf(rec), load<i32>(rec, R_HOPS), load<i32>(rec, R_SEGMENTS), load<i32>(rec, R_RETUNE));
  const ss = stepStart + (step << 3);
  if (start < load<f64>(ss)) store<f64>(ss, start);
  const se = stepEnd + (step << 3);
  if (finish > load<f64>(se)) store<f64>(se, finish);
}

/** Order-free results of a grant: the peak channel and the longest path. */
@inline function notePeaks(): void {
  if (grantHops > maxHops) maxHops = grantHops;
  if (grantChannel > maxChannel) maxChannel = grantChannel;
  for (let k = 1; k < grantSegments; k++) {
    const c = load<i32>(grantSegmentChannels + (<usize>k << 2));
    if (c > maxChannel) maxChannel = c;
  }
}

/** Writes a fast-path one-hop grant into slot `rec`. */
@inline function storeOneHop(rec: usize, start: f64, finish: f64, link: i32): void {
  store<f64>(rec, start, R_START);
  store<f64>(rec, finish, R_FINISH);
  store<i32>(rec, grantChannel, R_CHANNEL);
  store<i32>(rec, 1, R_HOPS);
  store<i32>(rec, link < N ? 0 : 1, R_DIR);
  store<i32>(rec, 0, R_RETUNE);
  store<i32>(rec, 1, R_SEGMENTS);
}

/** Writes the last grant into slot `rec` (and a regenerated lightpath's channels into the log). */
function storeGrant(rec: usize, serial: i64): void {
  store<f64>(rec, grantStart, R_START);
  store<f64>(rec, grantFinish, R_FINISH);
  store<i32>(rec, grantChannel, R_CHANNEL);
  store<i32>(rec, grantHops, R_HOPS);
  store<i32>(rec, grantDir, R_DIR);
  store<i32>(rec, grantRetune, R_RETUNE);
  store<i32>(rec, grantSegments, R_SEGMENTS);
  if (segLog != 0 && grantSegments > 1) logSegments(serial);
}

function logSegments(serial: i64): void {
  const need = segLogLen + 3 + grantSegments;
  if (need > segLogCap) {
    let cap = segLogCap * 2;
    while (cap < need) cap *= 2;
    const p = alloc(<f64>cap * 4);
    if (p == 0) return; // the host finds the log short and reports it
    memory.copy(p, segLog, <usize>segLogLen << 2);
    segLog = p;
    segLogCap = cap;
  }
  const at = segLog + (<usize>segLogLen << 2);
  store<f64>(at, <f64>serial); // 8 bytes: the serial as f64 (exact below 2^53)
  store<i32>(at, grantSegments, 8);
  memory.copy(at + 12, grantSegmentChannels, <usize>grantSegments << 2);
  segLogLen = need;
}

// ---- streaming ----

function streamStep(step: i32, n: i32): i32 {
  const su = <usize>step;
  if (lockstep) barrier = makespan;
  // Slots of the step, walked by pointer (the ring buffer wraps at most once).
  const first = slot(hi);
  const wrapAt = slots + <usize>capacity * <usize>stride;

  // Pass 1: ready times. Every transfer of the step is ready when its endpoints finished their
  // earlier steps (on its stream) and its schedule is released, so all are read before any of
  // this step's finishes are written.
  const released = releaseOfStep(step);
  if (isNaN(released)) return E_ORDER; // the host sets a schedule's release before its steps
  const streamOff = streamOfStep(step);
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
      const a = load<f64>(nodeDone + (<usize>(src * streams + streamOff) << 3));
      const b = load<f64>(nodeDone + (<usize>(dst * streams + streamOff) << 3));
      ready = a > b ? a : b;
      if (released > ready) ready = released;
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
  let lightSec = lightpathSeconds;
  let byteSeg = byteSegments;
  let byteHop = byteHops;
  let count = granted;
  let last = makespan;
  rec = first;
  for (let j = 0; j < n; j++) {
    const src = load<i32>(rec, R_SRC);
    const dst = load<i32>(rec, R_DST);
    const flags = load<i32>(rec, R_FLAGS);
    const ready = load<f64>(rec, R_READY);
    const bytes = bytesOf(rec);
    const link = oneHopLink(src, dst, flags);
    let start: f64;
    let finish: f64;
    if (link >= 0) {
      // one hop, one segment, no transceivers: the sums need no more than this
      finish = oneHopStream(link, flags, bytes, ready, greedy);
      if (finish < 0) {
        errorSerial = hi + <i64>j;
        store<i32>(rec, step, R_STEP);
        return E_UNORDERED;
      }
      start = grantStart;
      if (keep) {
        store<i32>(rec, step, R_STEP);
        store<i32>(rec, scheduleOfStep(step), R_SCHEDULE);
        storeOneHop(rec, start, finish, link);
      }
      lightSec += finish - start;
      byteSeg += bytes;
      byteHop += bytes;
      if (maxHops < 1) maxHops = 1;
      if (grantChannel > maxChannel) maxChannel = grantChannel;
    } else {
      const serial = hi + <i64>j;
      let err = beginTransfer(src, dst, flags, bytes);
      if (err == 0) {
        if (!claimOrder(ready)) err = E_UNORDERED;
        else if (fair) {
          if (tryFlowAt(ready)) commit();
          else err = E_UNORDERED;
        } else if (greedy) {
          if (tryStartAt(ready)) commit();
          else err = E_UNORDERED;
        } else {
          reserveFrom(ready);
          commit();
          if (grantStart == Infinity) err = E_STUCK; // faults: no channel or unit will ever serve it
        }
      }
      if (err != 0) {
        errorSerial = serial;
        store<i32>(rec, step, R_STEP);
        return err;
      }
      start = grantStart;
      finish = grantFinish;
      if (keep) {
        store<i32>(rec, step, R_STEP);
        store<i32>(rec, scheduleOfStep(step), R_SCHEDULE);
        storeGrant(rec, serial);
        if (fair) store<f64>(rec, grantFlowStart, R_FLOW_START);
      }
      const segs = <f64>grantSegments;
      lightSec += (finish - start) * segs;
      byteSeg += bytes * segs;
      byteHop += bytes * <f64>grantHops;
      byteRegens += bytes * (segs - 1.0);
      retunes += <f64>popcnt(grantRetune);
      notePeaks();
    }
    count++;
    wait += start - ready;
    moved += bytes;
    if (finish > last) last = finish;
    if (start < stepFirstStart) stepFirstStart = start;
    if (finish > stepLastFinish) stepLastFinish = finish;
    const ps = nodeDone + (<usize>(src * streams + streamOff) << 3);
    if (finish > load<f64>(ps)) store<f64>(ps, finish);
    const pd = nodeDone + (<usize>(dst * streams + streamOff) << 3);
    if (finish > load<f64>(pd)) store<f64>(pd, finish);
    rec += <usize>stride;
    if (rec == wrapAt) rec = slots;
  }
  if (n > 0) noteGranted(step, n, stepLastFinish);
  waited = wait;
  bytesMoved = moved;
  lightpathSeconds = lightSec;
  byteSegments = byteSeg;
  byteHops = byteHop;
  granted = count;
  makespan = last;
  store<f64>(stepStart + (su << 3), stepFirstStart);
  store<f64>(stepEnd + (su << 3), stepLastFinish);
  hi += <i64>n;
  front = hi;
  if (!keep) lo = hi;
  return 0;
}

// ---- Ring generated in the kernel ----
// Ring all-reduce is regular enough to generate here: step s has N one-hop clockwise transfers,
// node i sending chunk (i - s) mod N (reduce-scatter, the first N-1 steps) or (i + 1 - s') mod N
// (all-gather) to i + 1, chunks split as the host's schedule splits them (the first E mod N
// chunks one element longer). Streaming without kept results, the host may call ringStep instead
// of reserve/write/commitStep: the same transfers, granted by the same one-hop path, without a
// slot written or read. The engine-agreement tests hold it to the slot path.

/** Streams Ring's step `step` of a vector of `elements` (the host checked fastRingPossible()). */
export function ringStep(step: i32, elements: f64): i32 {
  if (step != loaded || step >= S || !streaming || keep || multi) return E_ORDER;
  if (lockstep) barrier = makespan;
  const n = N;
  const q = Math.floor(elements / <f64>n);
  const r = <i32>(elements - q * <f64>n);
  const reduce = step < n - 1;
  const flags = (reduce ? 1 : 0) | (1 << 1); // reduce/copy, pinned clockwise
  const shift = reduce ? -step : 1 - (step - (n - 1));
  let c = shift % n;
  if (c < 0) c += n;
  let stepFirstStart: f64 = Infinity;
  let stepLastFinish: f64 = -Infinity;
  let wait = waited;
  let moved = bytesMoved;
  let lightSec = lightpathSeconds;
  let byteSeg = byteSegments;
  let byteHop = byteHops;
  let last = makespan;
  // node i's ready time reads nodeDone of i and i+1 as they were before this step
  const first = load<f64>(nodeDone);
  let current = first;
  for (let i = 0; i < n; i++) {
    const next = i + 1 == n ? 0 : i + 1;
    const nextBefore = next == 0 ? first : load<f64>(nodeDone + (<usize>next << 3));
    const ready = lockstep ? barrier : current > nextBefore ? current : nextBefore;
    const bytes = (q + (c < r ? 1.0 : 0.0)) * elementBytes;
    // a one-hop lightpath on the ring; on a star the sender's up-link and the receiver's down-link
    const finish = ringNet ? oneHopStream(i, flags, bytes, ready, greedy) : starStream(i, next, flags, bytes, ready, greedy);
    if (finish < 0) {
      errorSerial = hi + <i64>i;
      return E_UNORDERED;
    }
    const start = grantStart;
    lightSec += finish - start;
    byteSeg += bytes;
    byteHop += ringNet ? bytes : bytes * 2.0;
    if (grantChannel > maxChannel) maxChannel = grantChannel;
    wait += start - ready;
    moved += bytes;
    if (finish > last) last = finish;
    if (start < stepFirstStart) stepFirstStart = start;
    if (finish > stepLastFinish) stepLastFinish = finish;
    const ps = nodeDone + (<usize>i << 3);
    if (finish > load<f64>(ps)) store<f64>(ps, finish);
    const pd = nodeDone + (<usize>next << 3);
    if (finish > load<f64>(pd)) store<f64>(pd, finish);
    current = nextBefore;
    c = c + 1 == n ? 0 : c + 1;
  }
  const pathLinks = ringNet ? 1 : 2;
  if (pathLinks > maxHops) maxHops = pathLinks;
  waited = wait;
  bytesMoved = moved;
  lightpathSeconds = lightSec;
  byteSegments = byteSeg;
  byteHops = byteHop;
  granted += <i64>n;
  makespan = last;
  store<f64>(stepStart + (<usize>step << 3), stepFirstStart);
  store<f64>(stepEnd + (<usize>step << 3), stepLastFinish);
  hi += <i64>n;
  front = hi;
  lo = hi;
  loaded++;
  return 0;
}

/** Whether ringStep may stand in for the slots: streaming, results not kept, a ring on the one-hop fast path or a star. */
export function fastRingPossible(): i32 {
  return streaming && !keep && !multi && (oneHopFast() || starFast()) ? 1 : 0;
}

// ---- event loop ----

/** Joins a transfer to lane u's readiness; returns 1 if it must wait for u's earlier steps. */
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
 * The event loop's fields of a loaded transfer's slot (serial t, step `step`, ready no earlier than
 * `ready`); false, with errorSerial set, when its endpoints are not two nodes of the network.
 */
@inline function loadSlot(rec: usize, t: i64, step: i32, ready: f64, schedule: i32): bool {
  const src = load<i32>(rec, R_SRC);
  const dst = load<i32>(rec, R_DST);
  if (src < 0 || src >= N || dst < 0 || dst >= N || src == dst) {
    errorSerial = t;
    return false;
  }
  store<f64>(rec, ready, R_READY);
  store<i64>(rec, t, R_SERIAL);
  store<i32>(rec, step, R_STEP);
  store<i32>(rec, -1, R_CHANNEL);
  store<i32>(rec, schedule, R_SCHEDULE);
  hintClear(rec);
  return true;
}

/**
 * Loads the `n` transfers the host wrote after `reserve` as step `step` (steps come in order,
 * each once). Streaming, it also grants them. Returns 0, or E_ORDER / E_NODE / E_ROUTE /
 * E_POWER / E_UNORDERED (errorTransfer() names the transfer).
 */
export function commitStep(step: i32, n: i32): i32 {
  if (step != loaded || step >= S || n < 0 || hi - lo + <i64>n > <i64>capacity) return E_ORDER;
  const released = releaseOfStep(step);
  if (isNaN(released)) return E_ORDER; // the host sets a schedule's release before its steps
  if (streaming) {
    const err = streamStep(step, n);
    if (err == 0) loaded++;
    return err;
  }
  // the event loop's bookkeeping: what is left of the step, and where it starts (lockstep)
  const s = <usize>step;
  store<i32>(stepLeft + (s << 2), n);
  store<i64>(stepFirst + (s << 3), hi);
  const schedule = scheduleOfStep(step);
  for (let j = 0; j < n; j++) {
    const t = hi + <i64>j;
    const rec = slot(t);
    if (!loadSlot(rec, t, step, lockstep ? barrier : released, schedule)) return E_NODE;
    if (!lockstep) {
      const src = load<i32>(rec, R_SRC);
      const dst = load<i32>(rec, R_DST);
      const wait = attach(laneOf(src, step), step, t, 0, rec) + attach(laneOf(dst, step), step, t, 1, rec);
      store<i32>(rec, wait, R_WAIT);
      if (wait == 0) queuePush(load<f64>(rec, R_READY), t);
    }
  }
  hi += <i64>n;
  loaded++;
  return 0;
}

/**
 * Loads a dependency schedule (dependencies.ts): its `n` transfers, written after `reserve` in
 * position order, all at once. A transfer's step is its depth; it is ready at its release (0 unless
 * the host wrote one) when it depends on nothing, otherwise when its last dependency finishes. Returns 0, E_ORDER (not the whole schedule,
 * or not on the event loop), E_CONFIG (invalid tables) or E_NODE.
 */
export function commitGraph(n: i32): i32 {
  if (!graphOn || streaming || lockstep || multi || loaded != 0 || hi != 0 || n != graphCount() || <i64>n > <i64>capacity) return E_ORDER;
  if (!graphValid(S)) return E_CONFIG;
  for (let j = 0; j < n; j++) {
    const t = <i64>j;
    const rec = slot(t);
    const step = graphDepth(j);
    if (!loadSlot(rec, t, step, graphReadyAt(j), 0)) return E_NODE;
    const sp = stepLeft + (<usize>step << 2);
    store<i32>(sp, load<i32>(sp) + 1);
    const wait = graphWaiting(j);
    store<i32>(rec, wait, R_WAIT);
    if (wait == 0) queuePush(graphReadyAt(j), t);
  }
  hi = <i64>n;
  loaded = S;
  return 0;
}

/**
 * A transfer is ready. During a greedy pass at t, one made ready at t (by a transfer that started
 * and finished at t) waits until the pass has looked at every transfer ready before it began.
 */
@inline function ready_(ready: f64, serial: i64): void {
  if (inPass && ready <= passTime) keyHeapPush(deferred, ready, serial);
  else queuePush(ready, serial);
}

/** A lane finished a transfer: when its current step is done, its next step's transfers move on. */
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
    if (wait == 0) ready_(load<f64>(rec, R_READY), e >> 1);
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

/** Takes up the transfer in `rec` for granting; 0 or an error (errorSerial set). */
@inline function begin(rec: usize, serial: i64): i32 {
  const src = load<i32>(rec, R_SRC);
  const dst = load<i32>(rec, R_DST);
  const err = beginTransfer(src, dst, load<i32>(rec, R_FLAGS), bytesOf(rec));
  if (err != 0) errorSerial = serial;
  else if (varied()) setFactor(factorOf(serial, src, dst));
  return err;
}

/** After a grant: stores it, moves readiness on, and sums what is now granted in serial order. */
function granted_(rec: usize, serial: i64): void {
  storeGrant(rec, serial);
  hintRelease(rec);
  notePeaks();
  const finish = grantFinish;
  // the makespan is the lockstep barrier: it must count every grant at once
  if (finish > makespan) makespan = finish;
  const step = load<i32>(rec, R_STEP);
  store<i32>(stepLeft + (<usize>step << 2), load<i32>(stepLeft + (<usize>step << 2)) - 1);
  if (graphOn) {
    graphFinished(<i32>serial, finish);
    for (let j = graphNext(); j >= 0; j = graphNext()) {
      const at = graphReadyAt(j);
      store<f64>(slot(<i64>j), at, R_READY);
      ready_(at, <i64>j);
    }
  } else if (!lockstep) {
    release(laneOf(load<i32>(rec, R_SRC), step), finish);
    release(laneOf(load<i32>(rec, R_DST), step), finish);
  }
  noteGranted(step, 1, finish);
}

/** Sums, in serial order, every transfer granted so far below the first ungranted one. */
function advanceFront(): void {
  while (front < hi && load<i32>(slot(front), R_CHANNEL) >= 0) {
    const f = slot(front);
    account(f, <usize>load<i32>(f, R_STEP));
    front++;
  }
  if (!keep) lo = front;
}

/** outOfWork: the next lockstep step is released, the loop goes on. */
const GO_ON: i32 = -1000;

/** Whether the loop has run out of ready work: lockstep releases the next step, or asks for more (or a transfer is stuck: E_STUCK). */
function outOfWork(): i32 {
  // faults: no event is left and a loaded transfer (of the steps released) was never granted:
  // no channel or unit will ever serve it (or one it waits for)
  const released = lockstep && nextActive < loaded ? load<i64>(stepFirst + (<usize>nextActive << 3)) : hi;
  if (front < released) {
    errorSerial = front;
    return E_STUCK;
  }
  if (lockstep) {
    if (nextActive < loaded) {
      barrier = makespan;
      activate(nextActive++);
      return GO_ON;
    }
    return nextActive < S ? ST_NEED_STEPS : ST_DONE;
  }
  return loaded < S ? ST_NEED_STEPS : ST_DONE;
}

/** Whether a lane with nothing loaded may have its next transfer due by `t` (not before its release). */
@inline function stepsDue(t: f64): bool {
  return !lockstep && idle > 0 && loaded < S && releaseOfStep(loaded) <= t;
}

/** Reservation: one grant per transfer, in (ready, serial) order. */
function runReservation(): i32 {
  while (true) {
    if (queueEmpty()) {
      const st = outOfWork();
      if (st != GO_ON) return st;
      continue;
    }
    if (stepsDue(queueTopReady())) return ST_NEED_STEPS;
    if (keep && front - lo >= drainEvery) return ST_DRAIN;
    const t = queuePop();
    const rec = slot(t);
    const err = begin(rec, t);
    if (err != 0) return err;
    reserveFrom(load<f64>(rec, R_READY));
    commit();
    if (grantStart == Infinity) {
      errorSerial = t; // faults: no channel or unit will ever serve it
      return E_STUCK;
    }
    granted_(rec, t);
    advanceFront();
    if (releaseAwaited(loaded, S)) return ST_NEED_STEPS;
  }
  return ST_DONE;
}

/** Greedy: makes serial `s` a candidate of the current event time (`link`: the wait list it leaves, or -1). */
@inline function candidate(s: i64, link: i32): void {
  const rec = slot(s);
  store<i32>(rec, link + 1, R_FROM);
  keyHeapPush(candHeap, load<f64>(rec, R_READY), s);
}

/** Greedy: event time by event time. */
function runGreedy(): i32 {
  while (true) {
    const tq = queueTopReady();
    const tw = keyHeapSize(waitHeap) > 0 ? keyHeapTopKey(waitHeap) : Infinity;
    const tl = waitLists ? nextLinkWake() : Infinity;
    if (tq == Infinity && tw == Infinity && tl == Infinity) {
      const st = outOfWork();
      if (st != GO_ON) return st;
      continue;
    }
    let t = tq < tw ? tq : tw;
    if (tl < t) t = tl;
    if (stepsDue(t)) return ST_NEED_STEPS;
    if (keep && front - lo >= drainEvery) return ST_DRAIN;
    keyHeapClear(candHeap);
    // (the ready queue's transfers due by t are taken in order by pass() itself)
    while (keyHeapSize(waitHeap) > 0 && keyHeapTopKey(waitHeap) <= t) candidate(keyHeapPop(waitHeap), -1);
    if (waitLists) {
      // a link whose channel frees now: its first waiter is a candidate (pass() brings the next)
      let link = wakeLinkBy(t);
      while (link >= 0) {
        if (!waitListEmpty(link)) candidate(takeFirst(link), link);
        link = wakeLinkBy(t);
      }
    }
    const err = pass(t);
    if (err != 0) return err;
    advanceFront();
    if (releaseAwaited(loaded, S)) return ST_NEED_STEPS;
  }
  return ST_DONE;
}

/** Greedy: the pass's n-th failed transfer, its wake-up (or -1: compute it) and the full link it waits on (or -1). */
@inline function noteFailed(n: i32, s: i64, wake: f64, link: i32): void {
  store<i64>(failed + (<usize>n << 3), s);
  store<f64>(failedWake + (<usize>n << 3), wake);
  store<i32>(failedLink + (<usize>n << 2), link);
}

/**
 * One event time: every candidate in (ready, serial) order starts if it can. Those that cannot
 * wait: in the list of a full link of their path when they have one (waitLists.ts), else until
 * the earliest time they could start as things stand.
 */
function pass(t: f64): i32 {
  passStamp++;
  let nFailed = 0;
  inPass = true;
  passTime = t;
  while (true) {
    let zeroLength = false;
    while (true) {
      // the next candidate in (ready, serial) order: from the ready queue or the other sources
      let s: i64 = -1;
      let from = -1;
      const qReady = queueTopReady();
      if (qReady <= t) {
        s = queueTopSerial();
        if (keyHeapSize(candHeap) > 0) {
          const cReady = keyHeapTopKey(candHeap);
          const cSerial = keyHeapTopSerial(candHeap);
          if (cReady < qReady || (cReady == qReady && cSerial < s)) s = -1;
        }
      }
      if (s >= 0) queuePop();
      else if (keyHeapSize(candHeap) > 0) {
        s = keyHeapPop(candHeap);
        from = load<i32>(slot(s), R_FROM) - 1;
      } else break;
      const rec = slot(s);
      // one hop on a ring link with a free channel: the grant without the general path's setup
      const hop = oneHopLink(load<i32>(rec, R_SRC), load<i32>(rec, R_DST), load<i32>(rec, R_FLAGS));
      if (hop >= 0 && oneHopStartAt(hop, load<i32>(rec, R_FLAGS), bytesOf(rec), t)) {
        if (grantFinish == t) zeroLength = true;
        granted_(rec, s);
        if (from >= 0 && !waitListEmpty(from)) candidate(takeFirst(from), from);
        continue;
      }
      const err = begin(rec, s);
      if (err != 0) {
        inPass = false;
        return err;
      }
      // a path through a link already found full in this pass cannot start: skip the try
      let blocked = knownBlocked(passStamp);
      let link = blockingLink;
      let starts = false;
      let hinted = false;
      if (blocked < 0) {
        hinted = hintable() && hintCovers(rec, t);
        starts = hinted ? tryStartHinted(rec, t) : tryStartAt(t);
      }
      if (starts) {
        commit();
        if (grantFinish == t) zeroLength = true;
        granted_(rec, s);
        link = -1;
      } else if (hinted) {
        // its hint says when it could start: no need to look for full links on its path
        noteFailed(nFailed++, s, wakeTimeHinted(rec, t), -1);
        link = -1;
      } else {
        if (blocked < 0) {
          // its path's canonical link first (where waiters gather): when that one is full, the
          // rest of the path need not be looked at
          blocked = canonicalBlocked(passStamp, t);
          link = blockingLink;
        }
        if (blocked < 0) {
          markFullLinks(passStamp, t);
          blocked = knownBlocked(passStamp);
          link = blockingLink;
        }
        if (from >= 0 && link >= 0 && link != from) {
          // the link whose list it left is full again: it waits there, and so do the rest of
          // that list (any full link of its path would do; this one keeps the list in place)
          const again = linkKnownFull(from, passStamp);
          if (again >= 0) {
            link = from;
            blocked = again;
          }
        }
        noteFailed(nFailed++, s, blocked, waitLists ? link : -1);
      }
      // the next waiter of the list this one left, unless the list's link is full again (then
      // every later waiter would be blocked by it too)
      if (from >= 0 && link != from && !waitListEmpty(from)) candidate(takeFirst(from), from);
    }
    if (zeroLength) {
      // a transfer that started and finished at t may have made others ready at t; those that
      // failed still fail (a grant only takes channels: one lasting no time leaves them free at t)
      while (keyHeapSize(deferred) > 0) candidate(keyHeapPop(deferred), -1);
      if (keyHeapSize(candHeap) > 0) continue;
    }
    break;
  }
  inPass = false;
  // the rest wait until they could start as things stand after this event
  for (let i = 0; i < nFailed; i++) {
    const s = load<i64>(failed + (<usize>i << 3));
    const known = load<f64>(failedWake + (<usize>i << 3));
    const link = load<i32>(failedLink + (<usize>i << 2));
    if (link >= 0) {
      waitOnLink(link, s, known);
      continue;
    }
    if (known >= 0) {
      keyHeapPush(waitHeap, known, s);
      continue;
    }
    begin(slot(s), s);
    keyHeapPush(waitHeap, hintable() ? wakeTimeHinted(slot(s), t) : wakeTime(), s);
  }
  return 0;
}

// ---- fair sharing: the event loop's third form (rates and finishes in fairSharing.ts) ----
// A ready message starts at once (where a transmitter and receiver are free, if limited), pays its
// latency without bandwidth, then its bytes flow at the max-min fair rate until they are through.
// Events: a message becomes ready, its latency ends, its bytes are through. At one event time the
// finishes go first (freeing units and making later transfers ready), then latencies that end,
// then the starts in (ready, serial) order; only then are the touched components' rates
// recomputed, once for the time.

/** Fair: the earliest predicted finish still current (stale entries dropped), or Infinity. */
function nextFinish(): f64 {
  while (fairFinishCount() > 0) {
    const s = fairTopSerial();
    const key = fairTopKey();
    if (s >= lo && s < hi && fairEntryLive(load<i32>(slot(s), R_FROM), s, key)) return key;
    fairPop();
  }
  return Infinity;
}

/** Fair: the message in `rec` has its bytes through at `t`: a grant, as far as readiness goes. */
function fairFinished(rec: usize, s: i64, t: f64): void {
  const src = load<i32>(rec, R_SRC);
  const dst = load<i32>(rec, R_DST);
  unitsHold(src, dst, -1);
  setFlowGrant(load<f64>(rec, R_START), t, load<i32>(rec, R_HOPS));
  granted_(rec, s);
}

/** Fair: starts the message in `rec` at `t` if its units are free; its bytes flow after its latency. */
function fairStart(rec: usize, s: i64, t: f64): bool {
  const src = load<i32>(rec, R_SRC);
  const dst = load<i32>(rec, R_DST);
  if (!unitsFree(src, dst)) return false;
  unitsHold(src, dst, 1);
  const hops = crossesSpine(src, dst) ? 4 : 2;
  store<f64>(rec, t, R_START);
  store<i32>(rec, hops, R_HOPS);
  // a straggler's or jittered message pays its latency `factor` times (and counts its bytes so)
  const factor = varied() ? factorOf(s, src, dst) : 1.0;
  const flowAt = t + factor * flowLatency(bytesOf(rec), load<i32>(rec, R_FLAGS), <f64>(hops - 1));
  store<f64>(rec, flowAt, R_FLOW_START);
  keyHeapPush(flowStarts, flowAt, s);
  return true;
}

/** Fair: every transfer ready by `t` (and every one waiting for units) offered a start; true if one started. */
function fairStarts(t: f64): bool {
  let any = false;
  let nFailed = 0;
  while (true) {
    let s: i64 = -1;
    const qReady = queueTopReady();
    if (qReady <= t) {
      s = queueTopSerial();
      if (keyHeapSize(blocked) > 0) {
        const bReady = keyHeapTopKey(blocked);
        if (bReady < qReady || (bReady == qReady && keyHeapTopSerial(blocked) < s)) s = -1;
      }
    }
    if (s >= 0) queuePop();
    else if (keyHeapSize(blocked) > 0) s = keyHeapPop(blocked);
    else break;
    if (fairStart(slot(s), s, t)) any = true;
    else {
      store<i64>(failed + (<usize>nFailed << 3), s);
      nFailed++;
    }
  }
  for (let i = 0; i < nFailed; i++) {
    const s = load<i64>(failed + (<usize>i << 3));
    keyHeapPush(blocked, load<f64>(slot(s), R_READY), s);
  }
  return any;
}

/** Fair sharing: event time by event time. */
function runFair(): i32 {
  while (true) {
    const tq = queueTopReady();
    const ts = keyHeapSize(flowStarts) > 0 ? keyHeapTopKey(flowStarts) : Infinity;
    const tf = nextFinish();
    let t = tq < ts ? tq : ts;
    if (tf < t) t = tf;
    // a time left for more steps (its starts and rates still to come) goes on where it was
    if (fairPending >= 0) t = fairPending;
    if (t == Infinity) {
      // (a message waiting for units always has a holder still to finish)
      const st = outOfWork();
      if (st != GO_ON) return st;
      continue;
    }
    if (stepsDue(t)) return ST_NEED_STEPS;
    if (keep && front - lo >= drainEvery) return ST_DRAIN;
    fairPending = t;
    while (true) {
      let moved = false;
      while (nextFinish() <= t) {
        const s = fairPop();
        const rec = slot(s);
        flowClose(load<i32>(rec, R_FROM));
        fairFinished(rec, s, t);
        moved = true;
      }
      while (keyHeapSize(flowStarts) > 0 && keyHeapTopKey(flowStarts) <= t) {
        const s = keyHeapPop(flowStarts);
        const rec = slot(s);
        const b = bytesOf(rec);
        if (b == 0) fairFinished(rec, s, t);
        else {
          const src = load<i32>(rec, R_SRC);
          const dst = load<i32>(rec, R_DST);
          const factor = varied() ? factorOf(s, src, dst) : 1.0;
          const id = flowOpen(s, src, dst, b, load<i32>(rec, R_FLAGS), load<f64>(rec, R_START), t, factor);
          if (id < 0) return E_MEMORY;
          store<i32>(rec, id, R_FROM);
        }
        moved = true;
      }
      // lanes freed at t may have steps not loaded yet that are due now: they come first
      if (stepsDue(t)) return ST_NEED_STEPS;
      if (fairStarts(t)) moved = true;
      if (!moved) break;
    }
    if (!fairRecompute(t)) return E_MEMORY;
    fairPending = -1;
    advanceFront();
    if (releaseAwaited(loaded, S)) return ST_NEED_STEPS;
  }
  return ST_DONE;
}

/**
 * Grants transfers until the schedule is done (DONE), more steps are needed (NEED_STEPS), granted
 * slots wait for the host (DRAIN, keep mode only), or an error (negative; errorTransfer()).
 * Streaming, steps are granted as they are committed and this only says whether any remain.
 */
export function run(): i32 {
  if (streaming) return loaded < S ? ST_NEED_STEPS : ST_DONE;
  if (fair) return runFair();
  return greedy ? runGreedy() : runReservation();
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
/** Whether this simulation streams (configure may decline: adaptive routing needs the event loop). */
export function streamingOn(): i32 { return streaming ? 1 : 0; }
export function lightpathSecondsTotal(): f64 { return lightpathSeconds; }
export function byteSegmentsTotal(): f64 { return byteSegments; }
export function byteHopsTotal(): f64 { return byteHops; }
export function byteRegensTotal(): f64 { return byteRegens; }
export function retunesTotal(): f64 { return retunes; }
export function segLogPtr(): usize { return segLog; }
export function segLogLength(): i32 { return segLogLen; }
export function segLogClear(): void { segLogLen = 0; }
