// Ready queue of the event loop, keyed by (ready time, serial).
//
// Keys leave the queue in non-decreasing order (a transfer becomes ready only when an earlier
// one finishes), and in regular schedules they also arrive almost in order. So the queue is a
// sorted FIFO run plus a binary heap for the stragglers: an arriving key not below the FIFO's
// tail is appended in O(1); any other goes to the heap; a pop takes the smaller of the two heads.
// Entries are 16 bytes: ready f64, serial i64.

import { alloc } from "./heap";

let fifo: usize = 0;
let fifoMask: i32 = 0;
let fifoHead: i32 = 0;
let fifoLen: i32 = 0;
let heap: usize = 0;
let heapLen: i32 = 0;

@inline function lessKey(r1: f64, s1: i64, r2: f64, s2: i64): bool {
  return r1 < r2 || (r1 == r2 && s1 < s2);
}

/** Sets up an empty queue for up to `capacity` entries (a power of two). */
export function queueInit(capacity: i32): bool {
  fifo = alloc(<f64>capacity * 16);
  heap = alloc(<f64>capacity * 16);
  fifoMask = capacity - 1;
  fifoHead = 0;
  fifoLen = 0;
  heapLen = 0;
  return fifo != 0 && heap != 0;
}

/** Moves the queue to larger regions, keeping its contents. */
export function queueGrow(capacity: i32): bool {
  const nf = alloc(<f64>capacity * 16);
  const nh = alloc(<f64>capacity * 16);
  if (nf == 0 || nh == 0) return false;
  for (let i = 0; i < fifoLen; i++) {
    const from = fifo + (<usize>((fifoHead + i) & fifoMask) << 4);
    memory.copy(nf + (<usize>i << 4), from, 16);
  }
  memory.copy(nh, heap, <usize>heapLen << 4);
  fifo = nf;
  heap = nh;
  fifoMask = capacity - 1;
  fifoHead = 0;
  return true;
}

export function queueEmpty(): bool {
  return fifoLen == 0 && heapLen == 0;
}

export function queuePush(ready: f64, serial: i64): void {
  if (fifoLen > 0) {
    const tail = fifo + (<usize>((fifoHead + fifoLen - 1) & fifoMask) << 4);
    if (lessKey(ready, serial, load<f64>(tail), load<i64>(tail, 8))) {
      heapPush(ready, serial);
      return;
    }
  }
  const slot = fifo + (<usize>((fifoHead + fifoLen) & fifoMask) << 4);
  store<f64>(slot, ready);
  store<i64>(slot, serial, 8);
  fifoLen++;
}

/** Removes and returns the serial with the least key; -1 when empty. */
export function queuePop(): i64 {
  if (fifoLen > 0) {
    const head = fifo + (<usize>fifoHead << 4);
    if (heapLen > 0 && lessKey(load<f64>(heap), load<i64>(heap, 8), load<f64>(head), load<i64>(head, 8))) {
      return heapPopTop();
    }
    fifoHead = (fifoHead + 1) & fifoMask;
    fifoLen--;
    return load<i64>(head, 8);
  }
  if (heapLen > 0) return heapPopTop();
  return -1;
}

function heapPush(ready: f64, serial: i64): void {
  let i = heapLen++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pe = heap + (<usize>p << 4);
    const pr = load<f64>(pe);
    const ps = load<i64>(pe, 8);
    if (!lessKey(ready, serial, pr, ps)) break;
    const ie = heap + (<usize>i << 4);
    store<f64>(ie, pr);
    store<i64>(ie, ps, 8);
    i = p;
  }
  const e = heap + (<usize>i << 4);
  store<f64>(e, ready);
  store<i64>(e, serial, 8);
}

function heapPopTop(): i64 {
  const top = load<i64>(heap, 8);
  const n = --heapLen;
  if (n == 0) return top;
  const last = heap + (<usize>n << 4);
  const r = load<f64>(last);
  const s = load<i64>(last, 8);
  let i = 0;
  while (true) {
    let c = 2 * i + 1;
    if (c >= n) break;
    let ce = heap + (<usize>c << 4);
    let cr = load<f64>(ce);
    let cs = load<i64>(ce, 8);
    if (c + 1 < n) {
      const de = ce + 16;
      const dr = load<f64>(de);
      const ds = load<i64>(de, 8);
      if (lessKey(dr, ds, cr, cs)) {
        c++;
        ce = de;
        cr = dr;
        cs = ds;
      }
    }
    if (!lessKey(cr, cs, r, s)) break;
    const ie = heap + (<usize>i << 4);
    store<f64>(ie, cr);
    store<i64>(ie, cs, 8);
    i = c;
  }
  const e = heap + (<usize>i << 4);
  store<f64>(e, r);
  store<i64>(e, s, 8);
  return top;
}
