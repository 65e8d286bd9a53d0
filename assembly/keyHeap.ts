// Binary min-heaps of (key f64, serial i64) in flat memory, ordered by key then serial. The
// greedy event loop keeps two: transfers waiting for resources keyed by the earliest time they
// could start, and the candidates of one event time keyed by ready time. A heap is a 16-byte
// header in linear memory (length, capacity, data pointer); entries are 16 bytes.

import { alloc } from "./heap";

const H_LEN: i32 = 0;
const H_CAP: i32 = 4;
const H_DATA: i32 = 8;

@inline function less(k1: f64, s1: i64, k2: f64, s2: i64): bool {
  return k1 < k2 || (k1 == k2 && s1 < s2);
}

/** A new empty heap for up to `capacity` entries; 0 when memory runs out. */
export function keyHeapNew(capacity: i32): usize {
  const h = alloc(16);
  if (h == 0) return 0;
  const data = alloc(<f64>capacity * 16);
  if (data == 0) return 0;
  store<i32>(h, 0, H_LEN);
  store<i32>(h, capacity, H_CAP);
  store<usize>(h, data, H_DATA);
  return h;
}

/** Moves the heap's entries to a larger region. False when memory runs out. */
export function keyHeapGrow(h: usize, capacity: i32): bool {
  const data = alloc(<f64>capacity * 16);
  if (data == 0) return false;
  memory.copy(data, load<usize>(h, H_DATA), <usize>load<i32>(h, H_LEN) << 4);
  store<i32>(h, capacity, H_CAP);
  store<usize>(h, data, H_DATA);
  return true;
}

@inline export function keyHeapSize(h: usize): i32 {
  return load<i32>(h, H_LEN);
}

@inline export function keyHeapTopKey(h: usize): f64 {
  return load<f64>(load<usize>(h, H_DATA));
}

@inline export function keyHeapTopSerial(h: usize): i64 {
  return load<i64>(load<usize>(h, H_DATA), 8);
}

/** Adds an entry, doubling the heap's room when it is full; false when memory runs out. */
export function keyHeapPushGrowing(h: usize, key: f64, serial: i64): bool {
  const cap = load<i32>(h, H_CAP);
  if (load<i32>(h, H_LEN) == cap && !keyHeapGrow(h, cap * 2)) return false;
  keyHeapPush(h, key, serial);
  return true;
}

export function keyHeapClear(h: usize): void {
  store<i32>(h, 0, H_LEN);
}

/** Adds an entry (the caller keeps the size within capacity). */
export function keyHeapPush(h: usize, key: f64, serial: i64): void {
  const heap = load<usize>(h, H_DATA);
  let i = load<i32>(h, H_LEN);
  store<i32>(h, i + 1, H_LEN);
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pe = heap + (<usize>p << 4);
    const pk = load<f64>(pe);
    const ps = load<i64>(pe, 8);
    if (!less(key, serial, pk, ps)) break;
    const ie = heap + (<usize>i << 4);
    store<f64>(ie, pk);
    store<i64>(ie, ps, 8);
    i = p;
  }
  const e = heap + (<usize>i << 4);
  store<f64>(e, key);
  store<i64>(e, serial, 8);
}

/** Removes the least entry and returns its serial (the heap must not be empty). */
export function keyHeapPop(h: usize): i64 {
  const heap = load<usize>(h, H_DATA);
  const top = load<i64>(heap, 8);
  const n = load<i32>(h, H_LEN) - 1;
  store<i32>(h, n, H_LEN);
  if (n == 0) return top;
  const last = heap + (<usize>n << 4);
  const k = load<f64>(last);
  const s = load<i64>(last, 8);
  let i = 0;
  while (true) {
    let c = 2 * i + 1;
    if (c >= n) break;
    let ce = heap + (<usize>c << 4);
    let ck = load<f64>(ce);
    let cs = load<i64>(ce, 8);
    if (c + 1 < n) {
      const de = ce + 16;
      const dk = load<f64>(de);
      const ds = load<i64>(de, 8);
      if (less(dk, ds, ck, cs)) {
        c++;
        ce = de;
        ck = dk;
        cs = ds;
      }
    }
    if (!less(ck, cs, k, s)) break;
    const ie = heap + (<usize>i << 4);
    store<f64>(ie, ck);
    store<i64>(ie, cs, 8);
    i = c;
  }
  const e = heap + (<usize>i << 4);
  store<f64>(e, k);
  store<i64>(e, s, 8);
  return top;
}
