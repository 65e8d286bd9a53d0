// Readiness by dependencies (twin: src/engine/dependencies.ts). In a dependency schedule a
// transfer is ready when every transfer it depends on has finished, at the latest of their
// finishes (the run's release is 0). The schedule is committed whole, in position order, so a
// transfer's serial is its position and grant ties go by position. A step schedule never sets
// this up: its readiness stays with the lanes (engine.ts).
//
// The host writes four tables into the region graphDefine returns (docs/KERNEL.md):
//   depth[n] i32        the transfer's depth (its step in results and traces)
//   unfinished[n] i32   how many transfers it depends on
//   first[n + 1] i32    transfer k's dependents are dependents[first[k] .. first[k + 1])
//   dependents[e] i32   serials, each transfer's in increasing order
// The kernel keeps one more: the latest finish among each transfer's finished dependencies.

import { alloc } from "./heap";

export let graphOn: bool = false;
let count: i32 = 0;
let edgeCount: i32 = 0;
let depthOf: usize = 0;
let unfinished: usize = 0;
let first: usize = 0;
let dependents: usize = 0;
let readyAt: usize = 0; // f64 per transfer

// the dependents of the transfer that just finished, walked by graphNext
let cursor: i32 = 0;
let cursorEnd: i32 = 0;
let cursorFinish: f64 = 0;

/** Forgets any graph (from configure, after the heap is reset). */
export function graphReset(): void {
  graphOn = false;
  count = 0;
  depthOf = unfinished = first = dependents = readyAt = 0;
}

/**
 * Sets up a dependency schedule of `n` transfers and `edges` dependencies (call after configure).
 * Returns the address of the host's tables (depth, unfinished, first, dependents), or 0 when memory
 * runs out or the sizes are invalid.
 */
export function graphDefine(n: i32, edges: i32): usize {
  if (n < 0 || edges < 0) return 0;
  const base = alloc((<f64>n * 3 + 1 + <f64>edges) * 4);
  readyAt = alloc(<f64>(n > 0 ? n : 1) * 8);
  if (base == 0 || readyAt == 0) return 0;
  count = n;
  edgeCount = edges;
  depthOf = base;
  unfinished = base + (<usize>n << 2);
  first = unfinished + (<usize>n << 2);
  dependents = first + (<usize>(n + 1) << 2);
  graphOn = true;
  return base;
}

export function graphCount(): i32 {
  return count;
}

/**
 * Whether the host's tables hold together: depths within `steps`, first[] rising from 0 to the
 * edge count, dependents within the schedule, and each transfer's count of dependencies equal to
 * the times it is listed (else it would never be ready). Checked once, so the loop can trust them.
 */
export function graphValid(steps: i32): bool {
  if (load<i32>(first) != 0) return false;
  for (let k = 0; k < count; k++) {
    const d = load<i32>(depthOf + (<usize>k << 2));
    if (d < 0 || d >= steps || load<i32>(unfinished + (<usize>k << 2)) < 0) return false;
    if (load<i32>(first + (<usize>(k + 1) << 2)) < load<i32>(first + (<usize>k << 2))) return false;
  }
  if (load<i32>(first + (<usize>count << 2)) != edgeCount) return false;
  // each transfer must wait for exactly as many transfers as list it: counted in readyAt, then cleared
  for (let e = 0; e < edgeCount; e++) {
    const j = load<i32>(dependents + (<usize>e << 2));
    if (j < 0 || j >= count) return false;
    const rp = readyAt + (<usize>j << 3);
    store<f64>(rp, load<f64>(rp) + 1);
  }
  let ok = true;
  for (let k = 0; k < count; k++) {
    const rp = readyAt + (<usize>k << 3);
    if (load<f64>(rp) != <f64>load<i32>(unfinished + (<usize>k << 2))) ok = false;
    store<f64>(rp, 0);
  }
  return ok;
}

/** Transfer k's depth; k < count (the caller loads exactly count transfers). */
@inline export function graphDepth(k: i32): i32 {
  return load<i32>(depthOf + (<usize>k << 2));
}

/** Transfers transfer k waits for at the start. */
@inline export function graphWaiting(k: i32): i32 {
  return load<i32>(unfinished + (<usize>k << 2));
}

/** Transfer k finished at `finish`: graphNext then names the dependents it made ready. */
export function graphFinished(k: i32, finish: f64): void {
  cursor = load<i32>(first + (<usize>k << 2));
  cursorEnd = load<i32>(first + (<usize>(k + 1) << 2));
  cursorFinish = finish;
}

/** The next dependent of the finished transfer that is now ready, or -1 when there is none left. */
export function graphNext(): i32 {
  while (cursor < cursorEnd) {
    const j = load<i32>(dependents + (<usize>cursor << 2));
    cursor++;
    const rp = readyAt + (<usize>j << 3);
    if (cursorFinish > load<f64>(rp)) store<f64>(rp, cursorFinish);
    const up = unfinished + (<usize>j << 2);
    const left = load<i32>(up) - 1;
    store<i32>(up, left);
    if (left == 0) return j;
  }
  return -1;
}

/** When transfer j became ready (the latest finish among its dependencies). */
@inline export function graphReadyAt(j: i32): f64 {
  return load<f64>(readyAt + (<usize>j << 3));
}
