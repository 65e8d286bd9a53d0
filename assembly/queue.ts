// Ready queue of the event loop, keyed by (ready time, serial).
//
// Keys leave the queue in non-decreasing order (a transfer becomes ready only when an earlier
// one finishes), and in regular schedules they also arrive almost in order. So the queue is a
// sorted FIFO run plus a binary heap for the stragglers: an arriving key not below the FIFO's
// tail is appended in O(1); any other goes to the heap; a pop takes the smaller of the two heads.
// Entries are 16 bytes: ready f64, serial i64.

import { alloc } from "./heap";
import { keyHeapGrow, keyHeapNew, keyHeapPop, keyHeapPush, keyHeapSize, keyHeapTopKey, keyHeapTopSerial } from "./keyHeap";

let fifo: usize = 0;
let fifoMask: i32 = 0;
let fifoHead: i32 = 0;
let fifoLen: i32 = 0;
let heap: usize = 0;

@inline function lessKey(r1: f64, s1: i64, r2: f64, s2: i64): bool {
  return r1 < r2 || (r1 == r2 && s1 < s2);
}

/** Sets up an empty queue for up to `capacity` entries (a power of two). */
export function queueInit(capacity: i32): bool {
  fifo = alloc(<f64>capacity * 16);
  heap = keyHeapNew(capacity);
  fifoMask = capacity - 1;
  fifoHead = 0;
  fifoLen = 0;
  return fifo != 0 && heap != 0;
}

/** Moves the queue to larger regions, keeping its contents. */
export function queueGrow(capacity: i32): bool {
  const nf = alloc(<f64>capacity * 16);
  if (nf == 0 || !keyHeapGrow(heap, capacity)) return false;
  for (let i = 0; i < fifoLen; i++) {
    const from = fifo + (<usize>((fifoHead + i) & fifoMask) << 4);
    memory.copy(nf + (<usize>i << 4), from, 16);
  }
  fifo = nf;
  fifoMask = capacity - 1;
  fifoHead = 0;
  return true;
}

export function queueEmpty(): bool {
  return fifoLen == 0 && keyHeapSize(heap) == 0;
}

export function queuePush(ready: f64, serial: i64): void {
  if (fifoLen > 0) {
    const tail = fifo + (<usize>((fifoHead + fifoLen - 1) & fifoMask) << 4);
    if (lessKey(ready, serial, load<f64>(tail), load<i64>(tail, 8))) {
      keyHeapPush(heap, ready, serial);
      return;
    }
  }
  const slot = fifo + (<usize>((fifoHead + fifoLen) & fifoMask) << 4);
  store<f64>(slot, ready);
  store<i64>(slot, serial, 8);
  fifoLen++;
}

/** The least ready time in the queue (Infinity when empty). */
export function queueTopReady(): f64 {
  let t: f64 = Infinity;
  if (fifoLen > 0) t = load<f64>(fifo + (<usize>fifoHead << 4));
  if (keyHeapSize(heap) > 0) {
    const h = keyHeapTopKey(heap);
    if (h < t) t = h;
  }
  return t;
}

/** Whether the least key is the heap's (else the FIFO's; the queue must not be empty). */
@inline function heapFirst(): bool {
  if (fifoLen == 0) return true;
  if (keyHeapSize(heap) == 0) return false;
  const head = fifo + (<usize>fifoHead << 4);
  return lessKey(keyHeapTopKey(heap), keyHeapTopSerial(heap), load<f64>(head), load<i64>(head, 8));
}

/** The serial of the least key (the queue must not be empty). */
export function queueTopSerial(): i64 {
  return heapFirst() ? keyHeapTopSerial(heap) : load<i64>(fifo + (<usize>fifoHead << 4), 8);
}

/** Removes and returns the serial with the least key; -1 when empty. */
export function queuePop(): i64 {
  if (queueEmpty()) return -1;
  if (heapFirst()) return keyHeapPop(heap);
  const head = fifo + (<usize>fifoHead << 4);
  fifoHead = (fifoHead + 1) & fifoMask;
  fifoLen--;
  return load<i64>(head, 8);
}
