// Granting one transfer: which path, which wavelength on each segment, which transceivers, when.
// Two policies (a run parameter; twin: src/engine/grants.ts):
// - greedy (default): at an event time t a transfer starts only if it can start at t: on every
//   segment of its path some wavelength is free at t on every link (the lowest: first fit), and a
//   transmitter and receiver are free at t where limited. Otherwise it waits; wakeTime() is the
//   earliest it could start as things stand (resources only get busier, so nothing can start it
//   sooner). Adaptive routing takes a direction that can start, the shorter if both can.
// - reservation: the earliest time not before it is ready at which every segment has a free
//   wavelength after every earlier grant (and transceivers are free), no back-filling. Adaptive
//   routing takes the direction that starts first, then the shorter, then the balanced choice.
// The transfer's duration is alpha + bytes*8/bandwidth + hops*hopLatency (+ gamma*bytes when it
// reduces) + the tuning time if a transceiver retunes + the regeneration latency per regeneration.

import { alloc } from "./heap";
import { cellOf, channelCount, channelsSparse, fullFoundIn, fullLinksKept, holdCell, knownFullLink, linkClaimOrder, pieceClaimOrder, pieceEarliest, pieceFirstFree, pieceHold, pieceKnownFull, pieceMarkFull, pieceCanonicalFull, planeBytes } from "./channels";
import { FLAG_REDUCE, NET_RING, NET_STAR, PIN_SHIFT } from "./layout";
import { crossesSpine, portCount, setSwitchedPath } from "./paths";
import { maxSegments, segmentCount, setSegment } from "./regeneration";
import { adaptive, candidateDirections, cwHops, policyDirection } from "./routing";
import { hintFirstFree, hintWakeTime } from "./waitHints";
import { chooseUnits, limited, rxRetunes, takeUnits, txRetunes, unitsClaimOrder, unitsEarliest } from "./transceivers";

let kind: i32 = NET_RING;
let nodes: i32 = 0;
let alpha: f64 = 0;
let bandwidth: f64 = 1;
let uplinkBandwidth: f64 = 1;
let hopLatency: f64 = 0;
let gamma: f64 = 0;
let tuningTime: f64 = 0;
let regenLatency: f64 = 0;

// channels chosen per segment, for each candidate direction (0 cw, 1 ccw; switched paths use 0)
let segBuf0: usize = 0;
let segBuf1: usize = 0;

// the transfer being granted
let src: i32 = 0;
let dst: i32 = 0;
let flags: i32 = 0;
let bytes: f64 = 0;
let candidates: i32 = 0; // bit 0 cw, bit 1 ccw (ring); 1 on switched networks
let switchedLinks: i32 = 0;

// the chosen grant
let chosenDir: i32 = 0;
let chosenStart: f64 = 0;

// what the last commit granted
export let grantStart: f64 = 0;
export let grantFinish: f64 = 0;
export let grantChannel: i32 = 0;
export let grantHops: i32 = 0;
export let grantDir: i32 = 2;
export let grantSegments: i32 = 1;
export let grantRetune: i32 = 0;
/** The channel of each segment of the last grant (grantSegments of them). */
export let grantSegmentChannels: usize = 0;

// the last duration computed: regular schedules repeat it transfer after transfer
let memoBytes: f64 = -1;
let memoHops: f64 = -1;
let memoBw: f64 = -1;
let memoReduce: i32 = -1;
let memoDuration: f64 = 0;

export function grantsInit(k: i32, n: i32): bool {
  kind = k;
  nodes = n;
  memoBytes = -1;
  factor = 1.0;
  const segs = k == NET_RING ? maxSegments() : 1;
  segBuf0 = alloc(<f64>segs * 4);
  segBuf1 = alloc(<f64>segs * 4);
  return segBuf0 != 0 && segBuf1 != 0;
}

export function grantsTiming(a: f64, bw: f64, hop: f64, g: f64, upBw: f64, tuning: f64, regen: f64): void {
  alpha = a;
  bandwidth = bw;
  hopLatency = hop;
  gamma = g;
  uplinkBandwidth = upBw;
  tuningTime = tuning;
  regenLatency = regen;
  memoBytes = -1;
}

@inline function hopsOf(dir: i32): i32 {
  if (kind != NET_RING) return switchedLinks;
  const cw = cwHops(src, dst);
  return dir == 0 ? cw : nodes - cw;
}

@inline function segmentsOf(dir: i32): i32 {
  return kind == NET_RING ? segmentCount(hopsOf(dir)) : 1;
}

@inline function setPieceFor(dir: i32, k: i32): void {
  if (kind == NET_RING) setSegment(src, dir, hopsOf(dir), k);
  else setSwitchedPath(src, dst);
}

@inline function bufOf(dir: i32): usize {
  return dir == 1 ? segBuf1 : segBuf0;
}

/** Takes up a transfer; returns 0 or E_ROUTE / E_POWER (no candidate path). */
export function beginTransfer(s: i32, d: i32, f: i32, b: f64): i32 {
  src = s;
  dst = d;
  flags = f;
  bytes = b;
  if (kind != NET_RING) {
    switchedLinks = setSwitchedPath(s, d);
    candidates = 1;
    return 0;
  }
  const c = candidateDirections(s, d, (f >> PIN_SHIFT) & 3);
  if (c < 0) return c;
  candidates = c;
  return 0;
}

/** Direction `dir` can start at `t`: fills its segment channels by first fit. */
function channelsAt(dir: i32, t: f64): bool {
  const buf = bufOf(dir);
  const segs = segmentsOf(dir);
  for (let k = 0; k < segs; k++) {
    setPieceFor(dir, k);
    const c = pieceFirstFree(t);
    if (c < 0) return false;
    store<i32>(buf + (<usize>k << 2), c);
  }
  return true;
}

/** Between two directions that can both go, the one adaptive routing prefers. */
@inline function preferred(startCw: f64, startCcw: f64): i32 {
  if (startCw != startCcw) return startCw < startCcw ? 0 : 1;
  const hCw = hopsOf(0);
  const hCcw = hopsOf(1);
  if (hCw != hCcw) return hCw < hCcw ? 0 : 1;
  return policyDirection(src, dst);
}

/** The transfer's only candidate direction (0 cw or on a switched network, 1 ccw), or -1 when it has two. */
@inline function onlyDirection(): i32 {
  return candidates == 3 ? -1 : candidates == 2 ? 1 : 0;
}

/** The link knownBlocked() found: the transfer may wait on it (-1: it has two directions to wait on). */
export let blockingLink: i32 = -1;

/**
 * Greedy, before trying: if every candidate direction crosses a link known full in pass `stamp`,
 * the transfer cannot start now, and this is a time it cannot start before (the latest such
 * link's first free channel, the earlier over directions); otherwise -1 (try it). With one
 * candidate direction, blockingLink is that link: nothing frees a channel on it before then.
 */
export function knownBlocked(stamp: i32): f64 {
  blockingLink = -1;
  if (!fullLinksKept() || fullFoundIn != stamp) return -1;
  let best: f64 = Infinity;
  let directions = 0;
  let link = -1;
  for (let dir = 0; dir < 2; dir++) {
    if ((candidates & (1 << dir)) == 0) continue;
    directions++;
    let m: f64 = -1;
    const segs = segmentsOf(dir);
    for (let k = 0; k < segs; k++) {
      setPieceFor(dir, k);
      const v = pieceKnownFull(stamp);
      if (v > m) {
        m = v;
        link = knownFullLink;
      }
    }
    if (m < 0) return -1;
    if (m < best) best = m;
  }
  if (directions == 1) blockingLink = link;
  return best;
}

/**
 * Greedy, after a failed try at `t`, for a transfer with one candidate direction: whether the
 * canonical link of one of its segments (most trailing zero bits) is full, looking at that link
 * alone; its first free time (blockingLink is the link), or -1.
 */
export function canonicalBlocked(stamp: i32, t: f64): f64 {
  blockingLink = -1;
  const dir = onlyDirection();
  if (!fullLinksKept() || dir < 0) return -1;
  const segs = segmentsOf(dir);
  for (let k = 0; k < segs; k++) {
    setPieceFor(dir, k);
    const v = pieceCanonicalFull(stamp, t);
    if (v >= 0) {
      blockingLink = knownFullLink;
      return v;
    }
  }
  return -1;
}

/** Greedy, after a failed try at `t`: notes which links of its paths are full (once per link per pass). */
export function markFullLinks(stamp: i32, t: f64): void {
  if (!fullLinksKept()) return;
  for (let dir = 0; dir < 2; dir++) {
    if ((candidates & (1 << dir)) == 0) continue;
    const segs = segmentsOf(dir);
    for (let k = 0; k < segs; k++) {
      setPieceFor(dir, k);
      pieceMarkFull(stamp, t);
    }
  }
}

/** Greedy: whether the transfer can start at `t`; if so, commit() grants it. */
export function tryStartAt(t: f64): bool {
  if (limited() && unitsEarliest(src, dst) > t) return false;
  const cw = (candidates & 1) != 0 && channelsAt(0, t);
  const ccw = (candidates & 2) != 0 && channelsAt(1, t);
  if (!cw && !ccw) return false;
  chosenDir = kind != NET_RING ? 0 : cw && ccw ? preferred(t, t) : cw ? 0 : 1;
  chosenStart = t;
  return true;
}

/** When the last tryFlowAt's bytes would begin to flow. */
export let grantFlowStart: f64 = 0;

/**
 * Fair sharing, streaming: the transfer starts at `ready` and its bytes flow after its latency;
 * it may take the exclusive result only if its path's links carry no other flow from then on
 * (each link free by its flow start). False leaves the run to the fair event loop.
 */
export function tryFlowAt(ready: f64): bool {
  const at = ready + flowLatency(bytes, flags, <f64>(switchedLinks - 1));
  if (!tryStartAt(at)) return false;
  chosenStart = ready;
  grantFlowStart = at;
  return true;
}

// ---- wake-up hints (waitHints.ts) for ring paths of one direction and one segment ----

let hintDir: i32 = 0;

/** Whether the current transfer can keep a wake-up hint; if so its path is the current piece. */
export function hintable(): bool {
  const dir = onlyDirection();
  if (kind != NET_RING || limited() || dir < 0 || segmentsOf(dir) != 1) return false;
  hintDir = dir;
  setPieceFor(dir, 0);
  return true;
}

/** Greedy, after hintable() and with a hint covering `t`: tryStartAt() answered from the hint. */
export function tryStartHinted(rec: usize, t: f64): bool {
  const c = hintFirstFree(rec, t);
  if (c < 0) return false;
  store<i32>(bufOf(hintDir), c);
  chosenDir = hintDir;
  chosenStart = t;
  return true;
}

/** Greedy, after hintable() and a failed try at `t`: wakeTime(), from the hint where it holds. */
export function wakeTimeHinted(rec: usize, t: f64): f64 {
  setPieceFor(hintDir, 0);
  return hintWakeTime(rec, t);
}

/** The earliest start of direction `dir` after every grant so far, not before `from`. */
function earliestOn(dir: i32, from: f64): f64 {
  let s = from;
  const segs = segmentsOf(dir);
  for (let k = 0; k < segs; k++) {
    setPieceFor(dir, k);
    if (pieceFirstFree(from) >= 0) continue;
    const e = pieceEarliest();
    if (e > s) s = e;
  }
  return s;
}

/** Greedy: the earliest time the transfer could start as things stand (it cannot start before). */
export function wakeTime(): f64 {
  const units = limited() ? unitsEarliest(src, dst) : 0.0;
  let best: f64 = Infinity;
  for (let dir = 0; dir < 2; dir++) {
    if ((candidates & (1 << dir)) == 0) continue;
    const e = earliestOn(dir, units);
    if (e < best) best = e;
  }
  return best;
}

/** Reservation: chooses the direction and start (the earliest not before `ready`). */
export function reserveFrom(ready: f64): void {
  let from = ready;
  if (limited()) {
    const u = unitsEarliest(src, dst);
    if (u > from) from = u;
  }
  let sCw: f64 = Infinity;
  let sCcw: f64 = Infinity;
  if ((candidates & 1) != 0) sCw = earliestOn(0, from);
  if ((candidates & 2) != 0) sCcw = earliestOn(1, from);
  chosenDir = kind != NET_RING ? 0 : sCw < Infinity && sCcw < Infinity ? preferred(sCw, sCcw) : sCw < Infinity ? 0 : 1;
  chosenStart = chosenDir == 0 ? sCw : sCcw;
  channelsAt(chosenDir, chosenStart);
}

/** Streaming: claims the links and transceivers of the (single) candidate path in (ready) order. */
export function claimOrder(ready: f64): bool {
  const dir = (candidates & 2) != 0 ? 1 : 0;
  const segs = segmentsOf(dir);
  for (let k = 0; k < segs; k++) {
    setPieceFor(dir, k);
    if (!pieceClaimOrder(ready)) return false;
  }
  return unitsClaimOrder(src, dst, ready);
}

// stragglers and jitter: the factor of the transfer being granted (variability.ts), set by the
// event loop before commit(); 1 on every path that never varies
let factor: f64 = 1.0;

export function setFactor(x: f64): void {
  factor = x;
}

/** alpha + bytes*8/bw + hops*hopLatency (+ gamma*bytes to reduce), memoised. */
@inline function baseDuration(hops: f64, bw: f64): f64 {
  const reduce = flags & FLAG_REDUCE;
  if (bytes != memoBytes || hops != memoHops || bw != memoBw || reduce != memoReduce) {
    const reduceCost = reduce != 0 ? gamma * bytes : 0.0;
    memoDuration = alpha + (bytes * 8.0) / bw + hops * hopLatency + reduceCost;
    memoBytes = bytes;
    memoHops = hops;
    memoBw = bw;
    memoReduce = reduce;
  }
  return memoDuration;
}

/** The duration of `b` bytes with these flags over `latencyHops` switches at `bw` bits/s. */
export function durationAt(b: f64, f: i32, latencyHops: f64, bw: f64): f64 {
  bytes = b;
  flags = f;
  return baseDuration(latencyHops, bw);
}

/** Fair sharing: what a message pays before its bytes flow (alpha, switches, gamma * bytes to reduce). */
export function flowLatency(b: f64, f: i32, latencyHops: f64): f64 {
  return alpha + latencyHops * hopLatency + ((f & FLAG_REDUCE) != 0 ? gamma * b : 0.0);
}

/** Fair sharing: a finished message as the last grant (switched path, no channel choice). */
export function setFlowGrant(start: f64, finish: f64, hops: i32): void {
  store<i32>(segBuf0, 0);
  grantStart = start;
  grantFinish = finish;
  grantChannel = 0;
  grantHops = hops;
  grantDir = 2;
  grantSegments = 1;
  grantRetune = 0;
  grantSegmentChannels = segBuf0;
}

/** Grants the chosen path at the chosen start: holds its channels and transceivers. */
export function commit(): void {
  const dir = chosenDir;
  const start = chosenStart;
  const buf = bufOf(dir);
  const segs = segmentsOf(dir);
  const hops = hopsOf(dir);
  const first = load<i32>(buf);
  const last = load<i32>(buf + (<usize>(segs - 1) << 2));
  let retune = 0;
  if (limited()) {
    chooseUnits(src, dst, start, first, last);
    // tuning is an optical matter: electrical units carry one channel and never tune
    if (kind == NET_RING) retune = (txRetunes ? 1 : 0) | (rxRetunes ? 2 : 0);
  }
  // latency hops: ring hops, or switches crossed; the slowest link of a path crossing the spine
  const latencyHops = kind == NET_RING ? <f64>hops : <f64>(hops - 1);
  const bw = kind != NET_RING && crossesSpine(src, dst) && uplinkBandwidth < bandwidth ? uplinkBandwidth : bandwidth;
  let duration = baseDuration(latencyHops, bw);
  if (retune != 0) duration += tuningTime;
  if (segs > 1) duration += <f64>(segs - 1) * regenLatency;
  const finish = start + duration * factor;
  for (let k = 0; k < segs; k++) {
    setPieceFor(dir, k);
    pieceHold(load<i32>(buf + (<usize>k << 2)), finish);
  }
  if (limited()) takeUnits(src, dst, finish, first, last);
  grantStart = start;
  grantFinish = finish;
  grantChannel = first;
  grantHops = hops;
  grantDir = kind == NET_RING ? dir : 2;
  grantSegments = segs;
  grantRetune = retune;
  grantSegmentChannels = buf;
}

// ---- the one-hop fast path (Ring, the hierarchical ring's group rings) ----
// The same route, order check and grant as beginTransfer/claimOrder/tryStartAt/reserveFrom/commit
// for a one-hop ring lightpath without transceiver limits or adaptive routing, with no piece
// bookkeeping: the loop Ring spends its time in. The engine-agreement tests hold it to the
// general path.

let fastRing: bool = false;
let fastBidir: bool = true;
let fastClockwise: bool = false;

/** Whether one-hop ring transfers may take the fast path in this simulation. */
export function oneHopSetup(ring: bool, bidirectional: bool, clockwisePolicy: bool, hopLimit: i32): void {
  fastRing = ring && !limited() && !adaptive() && hopLimit != 0 && !channelsSparse();
  fastBidir = bidirectional;
  fastClockwise = clockwisePolicy;
}

/** Whether one-hop transfers take the fast path in this simulation. */
export function oneHopFast(): bool {
  return fastRing;
}

/** Faults: a cut ring routes round its cuts, which the fast path does not look at. */
export function oneHopOff(): void {
  fastRing = false;
}

/** The link of a transfer that can take the fast path (one hop, as routed), else -1. */
@inline export function oneHopLink(s: i32, d: i32, f: i32): i32 {
  if (!fastRing) return -1;
  let cw = d - s;
  if (cw < 0) cw += nodes;
  const pin = (f >> PIN_SHIFT) & 3;
  if (!fastBidir) return pin != 2 && cw == 1 ? s : -1;
  let dir: i32;
  if (pin == 1) dir = 0;
  else if (pin == 2) dir = 1;
  else {
    const ccw = nodes - cw;
    dir = cw < ccw ? 0 : cw > ccw ? 1 : fastClockwise ? 0 : s & 1;
  }
  if (dir == 0) return cw == 1 ? s : -1;
  return nodes - cw == 1 ? nodes + s : -1;
}

/** The lowest channel of `link` free at `t`, or the channel count when every one is busy. */
@inline function lowestFreeOnLink(link: i32, t: f64): i32 {
  const step = planeBytes();
  const channels = channelCount();
  let p = cellOf(link, 0);
  let c = 0;
  while (c < channels && load<f64>(p) > t) {
    c++;
    p += step;
  }
  return c;
}

/**
 * Streaming grant of a one-hop transfer of `b` bytes on `link`, ready at `ready`: returns its
 * finish (grantStart and grantChannel say the rest), or -1 when streaming cannot be exact (the
 * order check fails, or under greedy it would have to wait).
 */
@inline export function oneHopStream(link: i32, f: i32, b: f64, ready: f64, greedy: bool): f64 {
  if (!linkClaimOrder(link, ready)) return -1;
  const step = planeBytes();
  const channels = channelCount();
  let c = lowestFreeOnLink(link, ready);
  let p = cellOf(link, c);
  let start = ready;
  if (c == channels) {
    if (greedy) return -1;
    // every channel busy: the one that frees first (the lowest on a tie)
    start = Infinity;
    p = cellOf(link, 0);
    for (let k = 0; k < channels; k++, p += step) {
      const v = load<f64>(p);
      if (v < start) {
        start = v;
        c = k;
      }
    }
    p = cellOf(link, c);
  }
  flags = f;
  bytes = b;
  const finish = start + baseDuration(1.0, bandwidth);
  store<f64>(p, finish);
  grantStart = start;
  grantChannel = c;
  return finish;
}

/**
 * Greedy event loop: grants a one-hop transfer of `b` bytes on `link` at `t` if a channel is free
 * there (the lowest), exactly as tryStartAt() and commit() would; false leaves it to them.
 */
@inline export function oneHopStartAt(link: i32, f: i32, b: f64, t: f64): bool {
  const c = lowestFreeOnLink(link, t);
  if (c == channelCount()) return false;
  flags = f;
  bytes = b;
  const finish = t + baseDuration(1.0, bandwidth);
  holdCell(link, c, finish);
  store<i32>(segBuf0, c);
  grantStart = t;
  grantFinish = finish;
  grantChannel = c;
  grantHops = 1;
  grantDir = link >= nodes ? 1 : 0;
  grantSegments = 1;
  grantRetune = 0;
  grantSegmentChannels = segBuf0;
  return true;
}

// ---- a star's two-link path, for Ring generated in the kernel ----

let fairStream: bool = false;

/** Fair sharing on a switched network (streaming checks flows, not whole transfers, for overlap). */
export function grantsSharing(fair: bool): void {
  fairStream = fair;
}

/** Whether star paths may take the fast path (a star without transceiver limits, dense channels). */
export function starFast(): bool {
  return kind == NET_STAR && !limited() && !channelsSparse() && portCount() == 1;
}

/**
 * Streaming grant of src -> dst on a star (src's up-link, the switch's down-link to dst, one
 * channel each): the same as the general path, for Ring generated in the kernel. Returns the
 * finish, or -1 when streaming cannot be exact.
 */
@inline export function starStream(s: i32, d: i32, f: i32, b: f64, ready: f64, greedy: bool): f64 {
  const up = s;
  const down = nodes + d;
  if (!linkClaimOrder(up, ready) || !linkClaimOrder(down, ready)) return -1;
  const pu = cellOf(up, 0);
  const pd = cellOf(down, 0);
  const busy = load<f64>(pu) > load<f64>(pd) ? load<f64>(pu) : load<f64>(pd);
  let start = ready;
  if (fairStream) {
    // its bytes may flow alone: both links free by then
    if (busy > ready + flowLatency(b, f, 1.0)) return -1;
  } else if (busy > ready) {
    if (greedy) return -1;
    start = busy;
  }
  flags = f;
  bytes = b;
  const finish = start + baseDuration(1.0, bandwidth);
  store<f64>(pu, finish);
  store<f64>(pd, finish);
  grantStart = start;
  grantChannel = 0;
  return finish;
}
