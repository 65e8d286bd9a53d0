// Readiness by dependencies (twin: src/engine/dependencies.ts). In a dependency schedule a
// transfer is ready when every operation it depends on has finished, at the latest of their
// finishes (the run's release is 0). Local operations (copies and reductions inside a node, or
// plain joins) are nodes of the same graph that take no time: one finishes the moment its last
// dependency does. The schedule is committed whole, in position order, so a transfer's serial
// is its position and grant ties go by position. A step schedule never sets this up: its
// readiness stays with the lanes (engine.ts).
//
// Graph nodes 0..n-1 are the transfers (their serials), n..n+v-1 the local operations. The host
// writes four tables into the region graphDefine returns (docs/KERNEL.md):
//   depth[n] i32          each transfer's depth (its step in results and traces)
//   unfinished[n+v] i32   how many nodes each node depends on
//   first[n+v+1] i32      node k's dependents are dependents[first[k] .. first[k + 1])
//   dependents[e] i32     node indices, each node's in increasing order
// and may write each transfer's release (when it may start at the earliest; 0 unless written) at
// graphReleases(). The kernel keeps, per node, the latest finish among its finished dependencies,
// starting from that release. A local operation that depends on nothing would finish at 0 and
// hold nobody up: the host leaves its edges out.

import { alloc } from "./heap";

export let graphOn: bool = false;
let count: i32 = 0; // transfers
let total: i32 = 0; // transfers and local operations
let edgeCount: i32 = 0;
let depthOf: usize = 0;
let unfinished: usize = 0;
let first: usize = 0;
let dependents: usize = 0;
let readyAt: usize = 0; // f64 per node
let stack: usize = 0; // i32 per local operation: finished ones whose dependents are still to walk
let counted: usize = 0; // i32 per node: graphValid's tally
let stackTop: i32 = 0;

// the dependents of the node being walked, for graphNext
let cursor: i32 = 0;
let cursorEnd: i32 = 0;
let cursorFinish: f64 = 0;

/** Forgets any graph (from configure, after the heap is reset). */
export function graphReset(): void {
  graphOn = false;
  count = total = edgeCount = stackTop = 0;
  depthOf = unfinished = first = dependents = readyAt = stack = counted = 0;
}

/**
 * Sets up a dependency schedule of `n` transfers, `locals` local operations and `edges`
 * dependencies (call after configure). Returns the address of the host's tables (depth,
 * unfinished, first, dependents), or 0 when memory runs out or the sizes are invalid.
 */
export function graphDefine(n: i32, locals: i32, edges: i32): usize {
  if (n < 0 || locals < 0 || edges < 0) return 0;
  const all = <f64>n + <f64>locals;
  const base = alloc((<f64>n + 2 * all + 1 + <f64>edges) * 4);
  readyAt = alloc((all > 0 ? all : 1) * 8);
  stack = alloc(<f64>(locals > 0 ? locals : 1) * 4);
  counted = alloc((all > 0 ? all : 1) * 4);
  if (base == 0 || readyAt == 0 || stack == 0 || counted == 0) return 0;
  count = n;
  total = n + locals;
  edgeCount = edges;
  stackTop = 0;
  depthOf = base;
  unfinished = base + (<usize>n << 2);
  first = unfinished + (<usize>total << 2);
  dependents = first + (<usize>(total + 1) << 2);
  graphOn = true;
  return base;
}

export function graphCount(): i32 {
  return count;
}

/** Where the host may write each transfer's release (f64 per transfer, 0 until written). */
export function graphReleases(): usize {
  return readyAt;
}

/**
 * Whether the host's tables hold together: depths within `steps`, first[] rising from 0 to the
 * edge count, dependents within the graph, and each node's count of dependencies equal to the
 * times it is listed (else it would never be ready). Checked once, so the loop can trust them.
 */
export function graphValid(steps: i32): bool {
  if (load<i32>(first) != 0) return false;
  for (let k = 0; k < count; k++) {
    const d = load<i32>(depthOf + (<usize>k << 2));
    if (d < 0 || d >= steps) return false;
  }
  for (let k = 0; k < total; k++) {
    if (load<i32>(unfinished + (<usize>k << 2)) < 0) return false;
    if (load<i32>(first + (<usize>(k + 1) << 2)) < load<i32>(first + (<usize>k << 2))) return false;
  }
  if (load<i32>(first + (<usize>total << 2)) != edgeCount) return false;
  // each node must wait for exactly as many nodes as list it; releases must be times
  for (let e = 0; e < edgeCount; e++) {
    const j = load<i32>(dependents + (<usize>e << 2));
    if (j < 0 || j >= total) return false;
    const cp = counted + (<usize>j << 2);
    store<i32>(cp, load<i32>(cp) + 1);
  }
  for (let k = 0; k < total; k++) {
    if (load<i32>(counted + (<usize>k << 2)) != load<i32>(unfinished + (<usize>k << 2))) return false;
    const r = load<f64>(readyAt + (<usize>k << 3));
    if (!(r >= 0) || r == Infinity) return false;
  }
  return true;
}

/** Transfer k's depth; k < count (the caller loads exactly count transfers). */
@inline export function graphDepth(k: i32): i32 {
  return load<i32>(depthOf + (<usize>k << 2));
}

/** Nodes transfer k waits for at the start. */
@inline export function graphWaiting(k: i32): i32 {
  return load<i32>(unfinished + (<usize>k << 2));
}

/** Transfer k finished at `finish`: graphNext then names the transfers this made ready. */
export function graphFinished(k: i32, finish: f64): void {
  cursor = load<i32>(first + (<usize>k << 2));
  cursorEnd = load<i32>(first + (<usize>(k + 1) << 2));
  cursorFinish = finish;
  stackTop = 0;
}

/**
 * The next transfer made ready by the finish, or -1 when there is none left. A local operation
 * whose last dependency this was finishes too, and its dependents are walked in turn.
 */
export function graphNext(): i32 {
  while (true) {
    while (cursor < cursorEnd) {
      const j = load<i32>(dependents + (<usize>cursor << 2));
      cursor++;
      const rp = readyAt + (<usize>j << 3);
      if (cursorFinish > load<f64>(rp)) store<f64>(rp, cursorFinish);
      const up = unfinished + (<usize>j << 2);
      const left = load<i32>(up) - 1;
      store<i32>(up, left);
      if (left != 0) continue;
      if (j < count) return j;
      // a local operation: done now; its dependents after the current list
      store<i32>(stack + (<usize>stackTop << 2), j);
      stackTop++;
    }
    if (stackTop == 0) return -1;
    stackTop--;
    const v = load<i32>(stack + (<usize>stackTop << 2));
    cursor = load<i32>(first + (<usize>v << 2));
    cursorEnd = load<i32>(first + (<usize>(v + 1) << 2));
    cursorFinish = load<f64>(readyAt + (<usize>v << 3));
  }
  return -1;
}

/** When transfer j became ready (its release, or the latest finish among its dependencies if later). */
@inline export function graphReadyAt(j: i32): f64 {
  return load<f64>(readyAt + (<usize>j << 3));
}
