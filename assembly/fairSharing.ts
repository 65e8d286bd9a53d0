// Fair sharing on switched networks (twin: src/engine/fairSharing.ts). Messages whose bytes flow
// at once share their links' bandwidth max-min fairly, as packet networks do and as SimGrid's
// CM02 model computes it (cross-traffic and TCP-gamma off): all rates rise together until some
// link is full (the rates of the messages crossing it sum to its capacity); those messages keep
// that rate and the rest rise on, until every message is held by a full link (progressive
// filling). Rates change only when a message starts or stops flowing, and only for the messages
// connected to it through shared links (max-min rates of one connected component do not depend
// on any other), so a start or finish recomputes its component alone.
//
// Every step is independent of the order flows and links are visited in, so that the reference
// engine, walking objects, gets the same bits: a round of the filling fixes every unfixed flow on
// the full links at once and takes k * share off a link that k of them cross; remaining bits are
// updated per flow. A flow's finish is predicted when its rate is set: the first time, start +
// alpha + bits/rate + switch latencies (+ gamma * bytes) (exactly the exclusive duration at that
// rate, so a message that never shares gets the exclusive result to the bit); afterwards, the
// time of the update + remaining bits / rate.
//
// The flows' finishes are a heap of (predicted finish, transfer serial); an entry whose flow has
// since been re-predicted or closed is stale and the engine skips it (fairEntryLive).

import { alloc } from "./heap";
import { keyHeapClear, keyHeapNew, keyHeapPop, keyHeapPushGrowing, keyHeapSize, keyHeapTopKey, keyHeapTopSerial } from "./keyHeap";
import { isNodeLink, switchedLinks } from "./paths";
import { durationAt } from "./grants";

// per link
let links: i32 = 0;
let capacity: usize = 0; // f64: bits/s
let head: usize = 0; // i32: first flow crossing it, -1 none
let crossing: usize = 0; // i32: flows crossing it
let linkStamp: usize = 0; // i32: last component walk that reached it
let left: usize = 0; // f64: filling: capacity not yet given to fixed flows
let unfixed: usize = 0; // i32: filling: unfixed flows crossing it
let fixedNow: usize = 0; // i32: filling: flows fixed on it in the current round
let full: usize = 0; // i32: filling: the round in which it was full

// per flow (a record of FLOW bytes; free records chained through F_NEXT0)
const FLOW: i32 = 136;
const F_SERIAL: i32 = 0; // i64: the transfer
const F_RATE: i32 = 8; // f64: bits/s (0 until first set)
const F_ANCHOR: i32 = 16; // f64: when `remaining` was last brought up to date
const F_REMAINING: i32 = 24; // f64: bits still to flow at the anchor
const F_FINISH: i32 = 32; // f64: predicted finish
const F_START: i32 = 40; // f64: when the message started (its latency began)
const F_BYTES: i32 = 48; // f64
const F_LINKS: i32 = 56; // i32: links crossed (2 or 4)
const F_STAMP: i32 = 60; // i32: last component walk that reached it
const F_LINK: i32 = 64; // i32[4]: the links, in path order
const F_NEXT: i32 = 80; // i32[4]: next flow on each link (-1 none)
const F_PREV: i32 = 96; // i32[4]: previous flow on each link (-1: it is the head)
const F_FLAGS: i32 = 112; // i32: transfer flags (reduce)
const F_LIVE: i32 = 116; // i32: 1 while flowing
const F_FIXED: i32 = 120; // i32: filling: fixed in this computation
const F_FACTOR: i32 = 128; // f64: a straggler's or jittered message's factor (1: none)
let flows: usize = 0;
let flowCap: i32 = 0;
let flowTop: i32 = 0; // records handed out so far
let freeFlow: i32 = -1;
let live: i32 = 0; // flows flowing now

// a component walk: its links and flows; seeds are the links whose flows changed since the last
let compLinks: usize = 0; // i32[links]
let compFlows: usize = 0; // i32[flowCap]
let seeds: usize = 0; // i32[links]
let seedCount: i32 = 0;
let seedStamp: usize = 0; // i32 per link: the walk it was last seeded for
let stamp: i32 = 0;
let round: i32 = 0;

let finishes: usize = 0; // heap of (predicted finish, serial)

// units under a transceiver limit: a message holds one at each end from its start to its finish
let txLimit: i32 = 0;
let rxLimit: i32 = 0;
let txBusy: usize = 0; // i32 per node
let rxBusy: usize = 0;

/** A link is full when its share is within this factor of the least (relative 1e-9, SimGrid's order of precision). */
const FULL: f64 = 1 + 1e-9;

@inline function flowAt(id: i32): usize {
  return flows + <usize>id * <usize>FLOW;
}

/** Sets up the tables for `n` links and `nodes` nodes; false when memory runs out. */
export function fairInit(n: i32, nodes: i32, tx: i32, rx: i32): bool {
  links = n;
  capacity = alloc(<f64>n * 8);
  head = alloc(<f64>n * 4);
  crossing = alloc(<f64>n * 4);
  linkStamp = alloc(<f64>n * 4);
  left = alloc(<f64>n * 8);
  unfixed = alloc(<f64>n * 4);
  fixedNow = alloc(<f64>n * 4);
  full = alloc(<f64>n * 4);
  compLinks = alloc(<f64>n * 4);
  seeds = alloc(<f64>n * 4);
  seedStamp = alloc(<f64>n * 4);
  if (capacity == 0 || head == 0 || crossing == 0 || linkStamp == 0 || left == 0 || unfixed == 0 || fixedNow == 0 || full == 0) return false;
  if (compLinks == 0 || seeds == 0 || seedStamp == 0) return false;
  memory.fill(head, 0xff, <usize>n << 2);
  flowCap = 1024;
  flows = alloc(<f64>flowCap * <f64>FLOW);
  compFlows = alloc(<f64>flowCap * 4);
  finishes = keyHeapNew(flowCap);
  if (flows == 0 || compFlows == 0 || finishes == 0) return false;
  flowTop = 0;
  freeFlow = -1;
  live = 0;
  seedCount = 0;
  stamp = 0;
  round = 0;
  txLimit = tx;
  rxLimit = rx;
  txBusy = alloc(<f64>nodes * 4);
  rxBusy = alloc(<f64>nodes * 4);
  return txBusy != 0 && rxBusy != 0;
}

/** Link capacities from the node links' and the fabric's bandwidth (set with the timing). */
export function fairCapacities(nodeBandwidth: f64, fabricBandwidth: f64): void {
  for (let l = 0; l < links; l++) store<f64>(capacity + (<usize>l << 3), isNodeLink(l) ? nodeBandwidth : fabricBandwidth);
}

/** Whether src may start a message to dst now (a transmitter and a receiver free where limited). */
export function unitsFree(src: i32, dst: i32): bool {
  if (txLimit > 0 && load<i32>(txBusy + (<usize>src << 2)) >= txLimit) return false;
  return rxLimit == 0 || load<i32>(rxBusy + (<usize>dst << 2)) < rxLimit;
}

/** A message from src to dst takes (+1) or gives back (-1) its units. */
export function unitsHold(src: i32, dst: i32, d: i32): void {
  const ps = txBusy + (<usize>src << 2);
  store<i32>(ps, load<i32>(ps) + d);
  const pd = rxBusy + (<usize>dst << 2);
  store<i32>(pd, load<i32>(pd) + d);
}

@inline function seed(l: i32): void {
  const p = seedStamp + (<usize>l << 2);
  if (load<i32>(p) == stamp + 1) return;
  store<i32>(p, stamp + 1);
  store<i32>(seeds + (<usize>seedCount << 2), l);
  seedCount++;
}

function growFlows(): bool {
  const cap = flowCap * 2;
  const f = alloc(<f64>cap * <f64>FLOW);
  const c = alloc(<f64>cap * 4);
  if (f == 0 || c == 0) return false;
  memory.copy(f, flows, <usize>flowTop * <usize>FLOW);
  flows = f;
  compFlows = c;
  flowCap = cap;
  return true;
}

/**
 * Transfer `serial` (src -> dst, `bytes` > 0, started at `start`) begins to flow now: it joins its
 * links. Returns its flow id, or -1 when memory runs out.
 */
export function flowOpen(serial: i64, src: i32, dst: i32, bytes: f64, flags: i32, start: f64, now: f64, factor: f64): i32 {
  let id = freeFlow;
  if (id >= 0) freeFlow = load<i32>(flowAt(id), F_NEXT);
  else {
    if (flowTop == flowCap && !growFlows()) return -1;
    id = flowTop++;
  }
  const f = flowAt(id);
  store<i64>(f, serial, F_SERIAL);
  store<f64>(f, 0, F_RATE);
  store<f64>(f, now, F_ANCHOR);
  // a factor f counts the bytes f times: alone on its links, the message takes f times as long
  store<f64>(f, bytes * 8.0 * factor, F_REMAINING);
  store<f64>(f, factor, F_FACTOR);
  store<f64>(f, Infinity, F_FINISH);
  store<f64>(f, start, F_START);
  store<f64>(f, bytes, F_BYTES);
  store<i32>(f, flags, F_FLAGS);
  store<i32>(f, 1, F_LIVE);
  live++;
  store<i32>(f, 0, F_STAMP);
  const n = switchedLinks(src, dst, f + F_LINK);
  store<i32>(f, n, F_LINKS);
  for (let k = 0; k < n; k++) {
    const l = load<i32>(f + F_LINK + (<usize>k << 2));
    const hp = head + (<usize>l << 2);
    const h = load<i32>(hp);
    store<i32>(f + F_NEXT + (<usize>k << 2), h);
    store<i32>(f + F_PREV + (<usize>k << 2), -1);
    if (h >= 0) setPrevOn(h, l, id);
    store<i32>(hp, id);
    const cp = crossing + (<usize>l << 2);
    store<i32>(cp, load<i32>(cp) + 1);
    seed(l);
  }
  return id;
}

/** Flow `id`'s position in its own link list for link `l` (0..3). */
@inline function slotOn(id: i32, l: i32): usize {
  const f = flowAt(id);
  let k = 0;
  while (load<i32>(f + F_LINK + (<usize>k << 2)) != l) k++;
  return <usize>k << 2;
}

@inline function setPrevOn(id: i32, l: i32, prev: i32): void {
  store<i32>(flowAt(id) + F_PREV + slotOn(id, l), prev);
}

@inline function setNextOn(id: i32, l: i32, next: i32): void {
  store<i32>(flowAt(id) + F_NEXT + slotOn(id, l), next);
}

/** Flow `id` has finished: it leaves its links (their other flows are recomputed). */
export function flowClose(id: i32): void {
  const f = flowAt(id);
  const n = load<i32>(f, F_LINKS);
  for (let k = 0; k < n; k++) {
    const l = load<i32>(f + F_LINK + (<usize>k << 2));
    const next = load<i32>(f + F_NEXT + (<usize>k << 2));
    const prev = load<i32>(f + F_PREV + (<usize>k << 2));
    if (prev >= 0) setNextOn(prev, l, next);
    else store<i32>(head + (<usize>l << 2), next);
    if (next >= 0) setPrevOn(next, l, prev);
    const cp = crossing + (<usize>l << 2);
    store<i32>(cp, load<i32>(cp) - 1);
    seed(l);
  }
  store<i32>(f, 0, F_LIVE);
  live--;
  store<i32>(f, freeFlow, F_NEXT);
  freeFlow = id;
}

/** Whether a finish entry (key, serial) is current: flow `id` flows for `serial` and is predicted to end at `key`. */
export function fairEntryLive(id: i32, serial: i64, key: f64): bool {
  if (id < 0 || id >= flowTop) return false;
  const f = flowAt(id);
  return load<i32>(f, F_LIVE) == 1 && load<i64>(f, F_SERIAL) == serial && load<f64>(f, F_FINISH) == key;
}

export function fairFinishCount(): i32 {
  return keyHeapSize(finishes);
}

export function fairTopKey(): f64 {
  return keyHeapTopKey(finishes);
}

export function fairTopSerial(): i64 {
  return keyHeapTopSerial(finishes);
}

export function fairPop(): i64 {
  return keyHeapPop(finishes);
}

/**
 * At time `now`, after every start and finish at `now`: the components of the seeded links get
 * their max-min rates and predicted finishes. False when memory runs out.
 */
export function fairRecompute(now: f64): bool {
  if (seedCount == 0) return true;
  stamp++;
  // the component: every link and flow reachable from the seeds through shared links
  let nl = 0;
  let nf = 0;
  for (let i = 0; i < seedCount; i++) {
    const l = load<i32>(seeds + (<usize>i << 2));
    store<i32>(linkStamp + (<usize>l << 2), stamp);
    store<i32>(compLinks + (<usize>nl << 2), l);
    nl++;
  }
  seedCount = 0;
  for (let i = 0; i < nl; i++) {
    const l = load<i32>(compLinks + (<usize>i << 2));
    let id = load<i32>(head + (<usize>l << 2));
    while (id >= 0) {
      const f = flowAt(id);
      if (load<i32>(f, F_STAMP) != stamp) {
        store<i32>(f, stamp, F_STAMP);
        store<i32>(compFlows + (<usize>nf << 2), id);
        nf++;
        const n = load<i32>(f, F_LINKS);
        for (let k = 0; k < n; k++) {
          const m = load<i32>(f + F_LINK + (<usize>k << 2));
          const mp = linkStamp + (<usize>m << 2);
          if (load<i32>(mp) != stamp) {
            store<i32>(mp, stamp);
            store<i32>(compLinks + (<usize>nl << 2), m);
            nl++;
          }
        }
      }
      id = load<i32>(f + F_NEXT + slotOn(id, l));
    }
  }
  // bits flowed since each flow's anchor, at its old rate
  for (let i = 0; i < nf; i++) {
    const f = flowAt(load<i32>(compFlows + (<usize>i << 2)));
    const rate = load<f64>(f, F_RATE);
    if (rate > 0) {
      let rem = load<f64>(f, F_REMAINING) - rate * (now - load<f64>(f, F_ANCHOR));
      if (rem < 0) rem = 0;
      store<f64>(f, rem, F_REMAINING);
      store<f64>(f, now, F_ANCHOR);
    }
    store<i32>(f, 0, F_FIXED);
  }
  // progressive filling
  for (let i = 0; i < nl; i++) {
    const l = <usize>load<i32>(compLinks + (<usize>i << 2));
    store<f64>(left + (l << 3), load<f64>(capacity + (l << 3)));
    store<i32>(unfixed + (l << 2), load<i32>(crossing + (l << 2)));
  }
  let todo = nf;
  while (todo > 0) {
    round++;
    let share = Infinity;
    for (let i = 0; i < nl; i++) {
      const l = <usize>load<i32>(compLinks + (<usize>i << 2));
      const u = load<i32>(unfixed + (l << 2));
      if (u > 0) {
        const s = load<f64>(left + (l << 3)) / <f64>u;
        if (s < share) share = s;
      }
    }
    // full: at the least share, to within FULL (links whose shares are equal in exact arithmetic
    // may differ in the last bits; one left out would keep a sliver and starve its flows)
    const limit = share * FULL;
    for (let i = 0; i < nl; i++) {
      const l = <usize>load<i32>(compLinks + (<usize>i << 2));
      const u = load<i32>(unfixed + (l << 2));
      if (u > 0 && load<f64>(left + (l << 3)) / <f64>u <= limit) store<i32>(full + (l << 2), round);
    }
    for (let i = 0; i < nl; i++) {
      const l = load<i32>(compLinks + (<usize>i << 2));
      if (load<i32>(full + (<usize>l << 2)) != round) continue;
      let id = load<i32>(head + (<usize>l << 2));
      while (id >= 0) {
        const f = flowAt(id);
        if (load<i32>(f, F_FIXED) == 0) {
          store<i32>(f, 1, F_FIXED);
          todo--;
          fixRate(f, share, now);
          const n = load<i32>(f, F_LINKS);
          for (let k = 0; k < n; k++) {
            const m = <usize>load<i32>(f + F_LINK + (<usize>k << 2));
            store<i32>(fixedNow + (m << 2), load<i32>(fixedNow + (m << 2)) + 1);
          }
        }
        id = load<i32>(f + F_NEXT + slotOn(id, l));
      }
    }
    for (let i = 0; i < nl; i++) {
      const l = <usize>load<i32>(compLinks + (<usize>i << 2));
      const k = load<i32>(fixedNow + (l << 2));
      if (k == 0) continue;
      store<f64>(left + (l << 3), load<f64>(left + (l << 3)) - <f64>k * share);
      store<i32>(unfixed + (l << 2), load<i32>(unfixed + (l << 2)) - k);
      store<i32>(fixedNow + (l << 2), 0);
    }
  }
  // the predictions that moved (an unchanged one keeps its entry)
  for (let i = 0; i < nf; i++) {
    const f = flowAt(load<i32>(compFlows + (<usize>i << 2)));
    if (load<i32>(f, F_FIXED) == 2 && !keyHeapPushGrowing(finishes, load<f64>(f, F_FINISH), load<i64>(f, F_SERIAL))) return false;
  }
  // a flow re-predicted many times leaves stale entries behind: past twice the live flows, the
  // heap is rebuilt from the live flows' current predictions (the same entries pop, in the same order)
  if (keyHeapSize(finishes) > 2 * live + 1024) {
    keyHeapClear(finishes);
    for (let id = 0; id < flowTop; id++) {
      const f = flowAt(id);
      if (load<i32>(f, F_LIVE) == 1 && load<f64>(f, F_FINISH) < Infinity && !keyHeapPushGrowing(finishes, load<f64>(f, F_FINISH), load<i64>(f, F_SERIAL))) return false;
    }
  }
  return true;
}

/** A flow's rate is set to `rate` at `now`: its predicted finish follows (see the file's head). */
@inline function fixRate(f: usize, rate: f64, now: f64): void {
  let finish: f64;
  if (load<f64>(f, F_RATE) == 0) {
    const flags = load<i32>(f, F_FLAGS);
    const latencyHops = <f64>(load<i32>(f, F_LINKS) - 1);
    finish = load<f64>(f, F_START) + load<f64>(f, F_FACTOR) * durationAt(load<f64>(f, F_BYTES), flags, latencyHops, rate);
  } else {
    finish = now + load<f64>(f, F_REMAINING) / rate;
  }
  if (finish < now) finish = now;
  store<f64>(f, rate, F_RATE);
  if (finish != load<f64>(f, F_FINISH)) {
    store<f64>(f, finish, F_FINISH);
    store<i32>(f, 2, F_FIXED); // a new entry in the heap
  }
}
