// Network resources and the contention resolver.
//
// Resources are directed links, each with `channels` wavelength channels (one on electrical
// links), and optional per-node transmitter and receiver pools. Channel state is one f64 per
// (wavelength, link): the time the channel's last holder finishes. Grants never go back before
// that time (no back-filling), so this single number is the whole state of a channel.
//
// The table is wavelength-major: plane c holds channel c of every link. A ring lightpath covers
// a contiguous run of links, so testing one wavelength reads contiguous memory, and planes a
// run never reaches are never touched.

import { alloc } from "./heap";
import {
  R_START, R_FINISH, R_CHANNEL, R_HOPS, R_DIR, FLAG_REDUCE, PIN_SHIFT, PIN_CW, PIN_CCW,
  NET_RING, NET_STAR, NET_LEAF_SPINE, E_ROUTE, E_POWER,
} from "./layout";

let kind: i32 = NET_RING;
let nodes: i32 = 0;
let channels: i32 = 1;
let bidir: bool = true;
let links: i32 = 0;
let leafSize: i32 = 1;
let spines: i32 = 1;
let leaves: i32 = 1;
let txLimit: i32 = 0;
let rxLimit: i32 = 0;
let hopLimit: i32 = -1;

let alpha: f64 = 0;
let bandwidth: f64 = 1;
let uplinkBandwidth: f64 = 1;
let hopLatency: f64 = 0;
let gamma: f64 = 0;
let elementBytes: f64 = 4;

let chan: usize = 0; // f64[channels * links]
let tx: usize = 0; // f64[nodes * txLimit]
let rx: usize = 0; // f64[nodes * rxLimit]
// streaming order check: the latest ready time granted on each link and transceiver pool
let linkOrder: usize = 0; // f64[links]
let txOrder: usize = 0; // f64[nodes]
let rxOrder: usize = 0; // f64[nodes]

// The routed path: up to four runs of consecutive link ids, and what it costs.
let runStart0: i32 = 0, runLen0: i32 = 0;
let runStart1: i32 = 0, runLen1: i32 = 0;
let runStart2: i32 = 0, runLen2: i32 = 0;
let runStart3: i32 = 0, runLen3: i32 = 0;
let runCount: i32 = 0;
let pathBw: f64 = 1;
let pathLatencyHops: f64 = 0;

// The last grant: start, finish and channel (the caller stores what it needs).
export let grantStart: f64 = 0;
export let grantFinish: f64 = 0;
export let grantChannel: i32 = 0;
export let pathHops: i32 = 0;
export let pathDir: i32 = 2;

// The last duration computed: regular schedules repeat it transfer after transfer.
let memoBytes: f64 = -1;
let memoLatencyHops: f64 = -1;
let memoBw: f64 = -1;
let memoFlags: i32 = -1;
let memoDuration: f64 = 0;

/** Sets up the network; returns false when memory runs out. */
export function networkInit(
  netKind: i32, n: i32, w: i32, bidirectional: bool, txL: i32, rxL: i32, k: i32, s: i32, hMax: i32, eb: f64, streaming: bool,
): bool {
  kind = netKind;
  nodes = n;
  bidir = bidirectional;
  txLimit = txL;
  rxLimit = rxL;
  hopLimit = hMax;
  elementBytes = eb;
  memoBytes = -1;
  if (kind == NET_RING) {
    channels = w;
    links = bidir ? 2 * n : n;
  } else if (kind == NET_STAR) {
    channels = 1;
    links = 2 * n;
  } else {
    channels = 1;
    leafSize = k;
    spines = s;
    leaves = (n + k - 1) / k;
    // node up, node down, leaf->spine, spine->leaf
    links = 2 * n + 2 * leaves * s;
  }
  chan = alloc(<f64>channels * <f64>links * 8);
  if (chan == 0) return false;
  tx = rx = linkOrder = txOrder = rxOrder = 0;
  if (txLimit > 0) {
    tx = alloc(<f64>n * <f64>txLimit * 8);
    if (tx == 0) return false;
  }
  if (rxLimit > 0) {
    rx = alloc(<f64>n * <f64>rxLimit * 8);
    if (rx == 0) return false;
  }
  if (streaming) {
    linkOrder = alloc(<f64>links * 8);
    if (linkOrder == 0) return false;
    if (txLimit > 0 && (txOrder = alloc(<f64>n * 8)) == 0) return false;
    if (rxLimit > 0 && (rxOrder = alloc(<f64>n * 8)) == 0) return false;
  }
  return true;
}

export function networkTiming(a: f64, bw: f64, hop: f64, g: f64, upBw: f64): void {
  alpha = a;
  bandwidth = bw;
  hopLatency = hop;
  gamma = g;
  uplinkBandwidth = upBw;
  memoBytes = -1;
}

@inline function setRuns1(a: i32, la: i32): void {
  runStart0 = a; runLen0 = la; runCount = 1;
}

@inline function setRuns2(a: i32, la: i32, b: i32, lb: i32): void {
  runStart0 = a; runLen0 = la; runStart1 = b; runLen1 = lb; runCount = lb > 0 ? 2 : 1;
}

@inline function runStart(r: i32): i32 {
  return r == 0 ? runStart0 : r == 1 ? runStart1 : r == 2 ? runStart2 : runStart3;
}

@inline function runLen(r: i32): i32 {
  return r == 0 ? runLen0 : r == 1 ? runLen1 : r == 2 ? runLen2 : runLen3;
}

/**
 * Routes src -> dst: the shortest ring direction (a tie clockwise) unless pinned, or the switched
 * path. Sets the path's runs of links, hops, direction, bandwidth. Returns 0 or an error code.
 */
@inline export function route(src: i32, dst: i32, flags: i32): i32 {
  pathBw = bandwidth;
  if (kind == NET_RING) {
    const pin = (flags >> PIN_SHIFT) & 3;
    let cw = dst - src;
    if (cw < 0) cw += nodes;
    let hops: i32;
    if (!bidir) {
      if (pin == PIN_CCW) return E_ROUTE;
      pathDir = 0;
      hops = cw;
    } else if (pin == PIN_CW || (pin != PIN_CCW && cw <= nodes - cw)) {
      pathDir = 0;
      hops = cw;
    } else {
      pathDir = 1;
      hops = nodes - cw;
    }
    if (hopLimit >= 0 && hops > hopLimit) return E_POWER;
    if (pathDir == 0) {
      // cw link i joins i -> i+1: links src .. src+hops-1 (mod N)
      const over = src + hops - nodes;
      if (over > 0) setRuns2(src, nodes - src, 0, over);
      else setRuns1(src, hops);
    } else {
      // ccw link N+i joins i -> i-1: nodes src, src-1, .. src-hops+1 (mod N)
      const low = src - hops + 1;
      if (low >= 0) setRuns1(nodes + low, hops);
      else setRuns2(nodes, src + 1, nodes + nodes + low, -low);
    }
    pathHops = hops;
    pathLatencyHops = <f64>hops;
  } else if (kind == NET_STAR) {
    // node up-link src, then the switch's down-link to dst
    runStart0 = src; runLen0 = 1;
    runStart1 = nodes + dst; runLen1 = 1;
    runCount = 2;
    pathHops = 2;
    pathDir = 2;
    pathLatencyHops = 1;
  } else {
    const ls = src / leafSize;
    const ld = dst / leafSize;
    runStart0 = src; runLen0 = 1;
    pathDir = 2;
    if (ls == ld) {
      runStart1 = nodes + dst; runLen1 = 1;
      runCount = 2;
      pathHops = 2;
      pathLatencyHops = 1;
    } else {
      const sp = dst % spines; // destination-mod-k spine choice
      runStart1 = 2 * nodes + ls * spines + sp; runLen1 = 1;
      runStart2 = 2 * nodes + leaves * spines + sp * leaves + ld; runLen2 = 1;
      runStart3 = nodes + dst; runLen3 = 1;
      runCount = 4;
      pathHops = 4;
      pathLatencyHops = 3;
      if (uplinkBandwidth < pathBw) pathBw = uplinkBandwidth;
    }
  }
  return 0;
}

/**
 * Streaming check: a transfer ready at `ready` may be granted now only if no transfer already
 * granted on its links or transceiver pools was ready later (grants per resource then follow
 * (ready, serial) order, as in the event loop). Marks the resources; false means the order breaks.
 */
@inline export function claimInOrder(src: i32, dst: i32, ready: f64): bool {
  for (let r = 0; r < runCount; r++) {
    let p = linkOrder + (<usize>runStart(r) << 3);
    const end = p + (<usize>runLen(r) << 3);
    while (p < end) {
      if (load<f64>(p) > ready) return false;
      store<f64>(p, ready);
      p += 8;
    }
  }
  // (the pools' free time is recomputed by grant; here only their order matters)
  return claimPools(src, dst, ready) >= 0;
}

/** True when channel `c` is free by time `t` on every link of the path. */
@inline function pathFreeBy(c: i32, t: f64): bool {
  const plane = chan + ((<usize>c * <usize>links) << 3);
  for (let r = 0; r < runCount; r++) {
    let p = plane + (<usize>runStart(r) << 3);
    const end = p + (<usize>runLen(r) << 3);
    while (p < end) {
      if (load<f64>(p) > t) return false;
      p += 8;
    }
  }
  return true;
}

/** Latest finish among channel `c` of the path's links, stopping early once it reaches `cap`. */
@inline function pathBusyUntil(c: i32, cap: f64): f64 {
  const plane = chan + ((<usize>c * <usize>links) << 3);
  let m: f64 = 0;
  for (let r = 0; r < runCount; r++) {
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

@inline function holdPath(c: i32, until: f64): void {
  const plane = chan + ((<usize>c * <usize>links) << 3);
  for (let r = 0; r < runCount; r++) {
    let p = plane + (<usize>runStart(r) << 3);
    const end = p + (<usize>runLen(r) << 3);
    while (p < end) {
      store<f64>(p, until);
      p += 8;
    }
  }
}

/** The model's duration, memoised: regular schedules ask for the same one transfer after transfer. */
@inline function durationOf(bytes: f64, latencyHops: f64, bw: f64, flags: i32): f64 {
  const reduce = flags & FLAG_REDUCE;
  if (bytes != memoBytes || latencyHops != memoLatencyHops || bw != memoBw || reduce != memoFlags) {
    const reduceCost = reduce != 0 ? gamma * bytes : 0.0;
    memoDuration = alpha + (bytes * 8.0) / bw + latencyHops * hopLatency + reduceCost;
    memoBytes = bytes;
    memoLatencyHops = latencyHops;
    memoBw = bw;
    memoFlags = reduce;
  }
  return memoDuration;
}

/**
 * Streaming: claims the transceiver pools of src and dst in order (as claimInOrder does links)
 * and returns when both have a unit free, or -1 when the order would break.
 */
@inline function claimPools(src: i32, dst: i32, ready: f64): f64 {
  let earliest = ready;
  if (txLimit > 0) {
    const o = txOrder + (<usize>src << 3);
    if (load<f64>(o) > ready) return -1;
    store<f64>(o, ready);
    const t = poolFree(tx, src, txLimit);
    if (t > earliest) earliest = t;
  }
  if (rxLimit > 0) {
    const o = rxOrder + (<usize>dst << 3);
    if (load<f64>(o) > ready) return -1;
    store<f64>(o, ready);
    const t = poolFree(rx, dst, rxLimit);
    if (t > earliest) earliest = t;
  }
  return earliest;
}

/** Earliest time any unit of a transceiver pool is free. */
@inline function poolFree(pool: usize, node: i32, size: i32): f64 {
  let p = pool + ((<usize>node * <usize>size) << 3);
  let m = load<f64>(p);
  for (let j = 1; j < size; j++) {
    p += 8;
    const v = load<f64>(p);
    if (v < m) m = v;
  }
  return m;
}

/** First fit: the lowest-numbered unit free at `t` takes the transfer until `until`. */
@inline function poolTake(pool: usize, node: i32, size: i32, t: f64, until: f64): void {
  let p = pool + ((<usize>node * <usize>size) << 3);
  for (let j = 0; j < size; j++) {
    if (load<f64>(p) <= t) {
      store<f64>(p, until);
      return;
    }
    p += 8;
  }
}

/**
 * Grants the routed transfer of `bytes`, ready at `ready`: the earliest start at which one channel
 * is free on every link of the path (the lowest such channel) and a transmitter and receiver
 * where limited. Leaves start, finish and channel in grantStart, grantFinish, grantChannel.
 */
@inline export function grant(src: i32, dst: i32, flags: i32, ready: f64, bytes: f64): void {
  let earliest = ready;
  if (txLimit > 0) {
    const t = poolFree(tx, src, txLimit);
    if (t > earliest) earliest = t;
  }
  if (rxLimit > 0) {
    const t = poolFree(rx, dst, rxLimit);
    if (t > earliest) earliest = t;
  }
  // First fit: the lowest channel free at `earliest`; failing that, the one that frees first.
  let start = earliest;
  let bestC: i32 = -1;
  for (let c = 0; c < channels; c++) {
    if (pathFreeBy(c, earliest)) {
      bestC = c;
      break;
    }
  }
  if (bestC < 0) {
    start = Infinity;
    for (let c = 0; c < channels; c++) {
      const busy = pathBusyUntil(c, start);
      if (busy < start) {
        start = busy;
        bestC = c;
      }
    }
  }
  const finish = start + durationOf(bytes, pathLatencyHops, pathBw, flags);

  holdPath(bestC, finish);
  if (txLimit > 0) poolTake(tx, src, txLimit, start, finish);
  if (rxLimit > 0) poolTake(rx, dst, rxLimit, start, finish);
  grantStart = start;
  grantFinish = finish;
  grantChannel = bestC;
}

/** Writes the last grant into slot `rec`. */
@inline export function storeGrant(rec: usize): void {
  store<f64>(rec, grantStart, R_START);
  store<f64>(rec, grantFinish, R_FINISH);
  store<i32>(rec, grantChannel, R_CHANNEL);
  store<i32>(rec, pathHops, R_HOPS);
  store<i32>(rec, pathDir, R_DIR);
}

// ---- streaming on the optical ring ----
// The same route, order check and first-fit grant as route/claimInOrder/grant above, for ring
// paths only, with the path held in locals instead of module globals: this is the loop Ring and
// WRHT spend their time in, and the generic version spends half of it storing and reloading the
// path. test/engineAgreement.test.ts holds it to the event loop and the reference engine.

/** Returns 0, or E_ROUTE / E_POWER, or 1 when the order check fails. Sets grant* and pathHops. */
@inline export function ringStreamGrant(src: i32, dst: i32, flags: i32, ready: f64, bytes: f64): i32 {
  const pin = (flags >> PIN_SHIFT) & 3;
  let cw = dst - src;
  if (cw < 0) cw += nodes;
  let hops = cw;
  let dir = 0;
  if (!bidir) {
    if (pin == PIN_CCW) return E_ROUTE;
  } else if (pin == PIN_CCW || (pin != PIN_CW && cw > nodes - cw)) {
    dir = 1;
    hops = nodes - cw;
  }
  if (hopLimit >= 0 && hops > hopLimit) return E_POWER;
  if (hops == 1) return oneHopGrant(dir == 0 ? src : nodes + src, src, dst, flags, ready, bytes);
  // the path as at most two runs of link ids [a0, a0+l0) and [a1, a1+l1)
  let a0: i32, l0: i32, a1: i32 = 0, l1: i32 = 0;
  if (dir == 0) {
    const over = src + hops - nodes;
    a0 = src;
    l0 = hops;
    if (over > 0) {
      l0 = nodes - src;
      l1 = over;
    }
  } else {
    const low = src - hops + 1;
    if (low >= 0) {
      a0 = nodes + low;
      l0 = hops;
    } else {
      a0 = nodes;
      l0 = src + 1;
      a1 = nodes + nodes + low;
      l1 = -low;
    }
  }
  const b0 = <usize>a0 << 3;
  const e0 = b0 + (<usize>l0 << 3);
  const b1 = <usize>a1 << 3;
  const e1 = b1 + (<usize>l1 << 3);

  // order check: no link granted to a transfer that was ready later
  for (let p = b0; p < e0; p += 8) {
    if (load<f64>(linkOrder + p) > ready) return 1;
    store<f64>(linkOrder + p, ready);
  }
  for (let p = b1; p < e1; p += 8) {
    if (load<f64>(linkOrder + p) > ready) return 1;
    store<f64>(linkOrder + p, ready);
  }
  const earliest = claimPools(src, dst, ready);
  if (earliest < 0) return 1;

  // first fit: the lowest channel free at `earliest`; failing that, the one that frees first
  const planeBytes = <usize>links << 3;
  let plane = chan;
  let bestC: i32 = -1;
  let start = earliest;
  for (let c = 0; c < channels; c++, plane += planeBytes) {
    let free = true;
    for (let p = plane + b0; p < plane + e0; p += 8) {
      if (load<f64>(p) > earliest) {
        free = false;
        break;
      }
    }
    if (free) {
      for (let p = plane + b1; p < plane + e1; p += 8) {
        if (load<f64>(p) > earliest) {
          free = false;
          break;
        }
      }
    }
    if (free) {
      bestC = c;
      break;
    }
  }
  if (bestC < 0) {
    start = Infinity;
    plane = chan;
    for (let c = 0; c < channels; c++, plane += planeBytes) {
      let m: f64 = 0;
      for (let p = plane + b0; p < plane + e0 && m < start; p += 8) {
        const v = load<f64>(p);
        if (v > m) m = v;
      }
      for (let p = plane + b1; p < plane + e1 && m < start; p += 8) {
        const v = load<f64>(p);
        if (v > m) m = v;
      }
      if (m < start) {
        start = m;
        bestC = c;
      }
    }
    plane = chan + <usize>bestC * planeBytes;
  }

  const finish = start + durationOf(bytes, <f64>hops, bandwidth, flags);
  for (let p = plane + b0; p < plane + e0; p += 8) store<f64>(p, finish);
  for (let p = plane + b1; p < plane + e1; p += 8) store<f64>(p, finish);
  if (txLimit > 0) poolTake(tx, src, txLimit, start, finish);
  if (rxLimit > 0) poolTake(rx, dst, rxLimit, start, finish);
  grantStart = start;
  grantFinish = finish;
  grantChannel = bestC;
  pathHops = hops;
  pathDir = dir;
  return 0;
}

/** ringStreamGrant for a one-link path (Ring, the hierarchical ring's group rings): no run loops. */
@inline function oneHopGrant(link: i32, src: i32, dst: i32, flags: i32, ready: f64, bytes: f64): i32 {
  const o = linkOrder + (<usize>link << 3);
  if (load<f64>(o) > ready) return 1;
  store<f64>(o, ready);
  const earliest = claimPools(src, dst, ready);
  if (earliest < 0) return 1;
  const planeBytes = <usize>links << 3;
  let p = chan + (<usize>link << 3);
  let c = 0;
  while (c < channels && load<f64>(p) > earliest) {
    c++;
    p += planeBytes;
  }
  let start = earliest;
  if (c == channels) {
    // every channel busy: the one that frees first (the lowest on a tie)
    start = Infinity;
    p = chan + (<usize>link << 3);
    for (let k = 0; k < channels; k++, p += planeBytes) {
      const v = load<f64>(p);
      if (v < start) {
        start = v;
        c = k;
      }
    }
    p = chan + (<usize>link << 3) + <usize>c * planeBytes;
  }
  const finish = start + durationOf(bytes, 1.0, bandwidth, flags);
  store<f64>(p, finish);
  if (txLimit > 0) poolTake(tx, src, txLimit, start, finish);
  if (rxLimit > 0) poolTake(rx, dst, rxLimit, start, finish);
  grantStart = start;
  grantFinish = finish;
  grantChannel = c;
  pathHops = 1;
  pathDir = link < nodes ? 0 : 1;
  return 0;
}

export function isRing(): bool {
  return kind == NET_RING;
}
