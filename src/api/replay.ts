// Data replay: run a schedule on real vectors under the engine's data semantics (docs/MODEL.md)
// and check the collective's postcondition. Every transfer of a step carries its source's chunk
// as it stood before the step; `reduce` adds it into the destination's chunk at dstBegin, `copy`
// overwrites it. Local copies move data inside a node before a step's transfers (and after the
// last step). Inputs are distinct integers, so a missing, doubled or misplaced contribution shows.
import { type Collective, COLLECTIVE_NAMES } from "../core/collectives.js";
import { OP_COPY, OP_REDUCE, type Schedule, chunkBegin, stepCopies, stepTransfers } from "../core/schedule.js";
import { type DependencySchedule, type OperationId, isDependencySchedule } from "../core/dependencySchedule.js";

export interface ReplayOutcome {
  collective: Collective;
  /** Final buffer of each node. */
  vectors: Float64Array[];
  /** Element-wise sum of the inputs. */
  expected: Float64Array;
  /** First node and buffer element that breaks the postcondition, if any. */
  mismatch?: { node: number; element: number; got: number; want: number; what: string };
  /** A step writes the same element twice with a copy involved (order-dependent result). */
  conflict?: { step: number; node: number; element: number };
  /** A transfer or copy outside the node's buffer. */
  outOfRange?: string;
  /**
   * A dependency schedule's race: two operations touch overlapping elements of one node, at least
   * one writing them, and no chain of dependencies orders them.
   */
  race?: { node: number; begin: number; end: number; first: OperationId; second: OperationId; what: string };
}

/** Input value of node i, element j (of the first `elements` of its buffer). */
export type InputValue = (node: number, element: number) => number;

/** Integer inputs keep every sum exact: node i, element j starts at `value(i, j)`. */
export function replay(schedule: Schedule, value: InputValue = defaultValue): ReplayOutcome {
  if (isDependencySchedule(schedule)) return replayDependencies(schedule, value);
  const n = schedule.nodes;
  const e = schedule.elements;
  const size = schedule.bufferElements ?? e;
  const collective = schedule.collective ?? "allreduce";
  const { vectors, inputs, expected } = initialState(schedule, value);

  let conflict: ReplayOutcome["conflict"];
  let outOfRange: string | undefined;
  const applyCopies = (s: number) => {
    for (const c of stepCopies(schedule, s)) {
      if (c.node < 0 || c.node >= n || c.from < 0 || c.to < 0 || c.from + c.length > size || c.to + c.length > size) {
        outOfRange ??= `copy before step ${s} at node ${c.node}: [${c.from}, ${c.from + c.length}) -> ${c.to} outside ${size} elements`;
        continue;
      }
      if (c.op === OP_REDUCE) {
        const v = vectors[c.node];
        const add = v.slice(c.from, c.from + c.length);
        for (let j = 0; j < c.length; j++) v[c.to + j] += add[j];
      } else vectors[c.node].copyWithin(c.to, c.from, c.from + c.length);
    }
  };
  for (let s = 0; s < schedule.steps; s++) {
    applyCopies(s);
    const transfers = stepTransfers(schedule, s);
    // send buffers are copied when the step begins
    const payloads = transfers.map((t) => vectors[t.src].slice(t.begin, t.end));
    const writers = new Map<number, Int8Array>(); // per destination: 1 reduced, 2 copied
    transfers.forEach((t, k) => {
      const at = t.dstBegin ?? t.begin;
      if (t.begin < 0 || t.end > size || at < 0 || at + (t.end - t.begin) > size) {
        outOfRange ??= `step ${s} ${t.src}->${t.dst}: [${t.begin}, ${t.end}) at ${at} outside ${size} elements`;
        return;
      }
      const dst = vectors[t.dst];
      const p = payloads[k];
      let mark = writers.get(t.dst);
      if (!mark) writers.set(t.dst, (mark = new Int8Array(size)));
      const kind = t.op === OP_REDUCE ? 1 : 2;
      for (let j = 0; j < p.length; j++) {
        const x = at + j;
        if (mark[x] !== 0 && (mark[x] === 2 || kind === 2) && !conflict) conflict = { step: s, node: t.dst, element: x };
        mark[x] = kind;
        if (t.op === OP_COPY) dst[x] = p[j];
        else dst[x] += p[j];
      }
    });
  }
  applyCopies(schedule.steps);

  const mismatch = checkPostcondition(collective, schedule, vectors, inputs, expected);
  return { collective, vectors, expected, mismatch, conflict, outOfRange };
}

/**
 * Every node's buffer at the start (the inputs, then scratch holding values no input has, so that
 * reading it before writing shows), a copy of the inputs, and their element-wise sum.
 */
function initialState(schedule: Schedule, value: InputValue): { vectors: Float64Array[]; inputs: Float64Array[]; expected: Float64Array } {
  const e = schedule.elements;
  const size = schedule.bufferElements ?? e;
  const vectors = Array.from({ length: schedule.nodes }, (_, i) => Float64Array.from({ length: size }, (_, j) => (j < e ? value(i, j) : -1 - (i * size + j))));
  const inputs = vectors.map((v) => v.slice(0, e));
  const expected = new Float64Array(e);
  for (const v of inputs) for (let j = 0; j < e; j++) expected[j] += v[j];
  return { vectors, inputs, expected };
}

/**
 * A dependency schedule: ranges checked, then races (a race makes the result depend on timing, so
 * it is reported before any data), then every operation in a dependency order, a transfer carrying
 * its source's chunk as it stands when its dependencies have landed.
 */
function replayDependencies(schedule: DependencySchedule, value: InputValue): ReplayOutcome {
  const n = schedule.nodes;
  const e = schedule.elements;
  const size = schedule.bufferElements ?? e;
  const collective = schedule.collective ?? "allreduce";
  const { vectors, inputs, expected } = initialState(schedule, value);
  const ops = schedule.operations;
  const inside = (node: number, at: number, length: number) => node >= 0 && node < n && Number.isInteger(node) && at >= 0 && length >= 0 && at + length <= size;
  for (const o of ops) {
    if (o.kind === "transfer") {
      const at = o.dstBegin ?? o.begin;
      if (!inside(o.src, o.begin, o.end - o.begin) || !inside(o.dst, at, o.end - o.begin)) {
        return { collective, vectors, expected, outOfRange: `transfer ${JSON.stringify(o.id)} ${o.src}->${o.dst}: [${o.begin}, ${o.end}) at ${at} outside nodes 0..${n - 1} with ${size} elements` };
      }
    } else if (!inside(o.node, o.from, o.length) || !inside(o.node, o.to, o.length)) {
      return { collective, vectors, expected, outOfRange: `local operation ${JSON.stringify(o.id)} at node ${o.node}: [${o.from}, ${o.from + o.length}) -> ${o.to} outside nodes 0..${n - 1} with ${size} elements` };
    }
  }
  const race = findRace(schedule);
  if (race) return { collective, vectors, expected, race };
  for (const i of schedule.order) {
    const o = ops[i];
    const [from, to, at, length] = o.kind === "transfer" ? [vectors[o.src], vectors[o.dst], o.begin, o.end - o.begin] : [vectors[o.node], vectors[o.node], o.from, o.length];
    const dstAt = o.kind === "transfer" ? (o.dstBegin ?? o.begin) : o.to;
    const payload = from.slice(at, at + length);
    if (o.op === OP_COPY) to.set(payload, dstAt);
    else for (let j = 0; j < length; j++) to[dstAt + j] += payload[j];
  }
  const mismatch = checkPostcondition(collective, schedule, vectors, inputs, expected);
  return { collective, vectors, expected, mismatch };
}

interface Access {
  op: number;
  begin: number;
  end: number;
  write: boolean;
  /** A write that adds (a reduction): two of them commute, so they need no order. */
  adds: boolean;
}

/**
 * The first race of a dependency schedule (by node, then element), or undefined. Two reductions
 * into the same elements are no race: sums do not depend on the order of their terms (WRHT's
 * members all add into their leader at once); a reduction and a read or a copy of those elements
 * are.
 */
export function findRace(schedule: DependencySchedule): ReplayOutcome["race"] {
  const ops = schedule.operations;
  const perNode: Access[][] = Array.from({ length: schedule.nodes }, () => []);
  ops.forEach((o, i) => {
    if (o.kind === "transfer") {
      const at = o.dstBegin ?? o.begin;
      perNode[o.src].push({ op: i, begin: o.begin, end: o.end, write: false, adds: false });
      perNode[o.dst].push({ op: i, begin: at, end: at + o.end - o.begin, write: true, adds: o.op === OP_REDUCE });
    } else {
      perNode[o.node].push({ op: i, begin: o.from, end: o.from + o.length, write: false, adds: false });
      perNode[o.node].push({ op: i, begin: o.to, end: o.to + o.length, write: true, adds: o.op === OP_REDUCE });
    }
  });
  const rank = new Int32Array(ops.length);
  schedule.order.forEach((i, r) => (rank[i] = r));
  const stamp = new Int32Array(ops.length);
  let visit = 0;
  /** Whether a chain of dependencies leads from `a` to `b` (rank[a] < rank[b]). */
  const before = (a: number, b: number): boolean => {
    visit++;
    const stack = [b];
    while (stack.length > 0) {
      const x = stack.pop() as number;
      for (const d of schedule.depsOf(x)) {
        if (d === a) return true;
        if (rank[d] > rank[a] && stamp[d] !== visit) {
          stamp[d] = visit;
          stack.push(d);
        }
      }
    }
    return false;
  };
  const name = (i: number) => {
    const o = ops[i];
    return o.kind === "transfer" ? `transfer ${JSON.stringify(o.id)} (${o.src}->${o.dst} ${o.op === OP_REDUCE ? "reduce" : "copy"})` : `local ${o.op === OP_REDUCE ? "reduce" : "copy"} ${JSON.stringify(o.id)}`;
  };
  for (let node = 0; node < schedule.nodes; node++) {
    const list = perNode[node].filter((a) => a.end > a.begin).sort((x, y) => x.begin - y.begin || x.op - y.op);
    // sweep by first element: each access against those still open; the first race met has the
    // lowest first element of the node
    let open: Access[] = [];
    for (const a of list) {
      open = open.filter((o) => o.end > a.begin);
      for (const o of open) {
        if (o.op === a.op || !(o.write || a.write) || (o.adds && a.adds)) continue;
        const [x, y] = rank[o.op] < rank[a.op] ? [o.op, a.op] : [a.op, o.op];
        if (before(x, y)) continue;
        const end = Math.min(a.end, o.end);
        return {
          node, begin: a.begin, end, first: ops[x].id, second: ops[y].id,
          what: `race at node ${node}, elements [${a.begin}, ${end}): ${name(x)} and ${name(y)} touch them, one writing, and no chain of dependencies orders them`,
        };
      }
      open.push(a);
    }
  }
  return undefined;
}

/** The first place a collective's result is wrong, if any (docs/MODEL.md, "Collectives"). */
function checkPostcondition(c: Collective, schedule: Schedule, vectors: Float64Array[], inputs: Float64Array[], sum: Float64Array): ReplayOutcome["mismatch"] {
  if (schedule.postcondition) return checkExpectations(schedule, vectors, inputs);
  const n = schedule.nodes;
  const e = schedule.elements;
  const root = schedule.root ?? 0;
  const name = COLLECTIVE_NAMES[c];
  const block = (i: number) => [chunkBegin(i, e, n), chunkBegin(i + 1, e, n)] as const;
  const check = (node: number, element: number, want: number, what: string) => {
    const got = vectors[node][element];
    return got === want ? undefined : { node, element, got, want, what: `${name}: ${what}` };
  };
  if (c === "allreduce" || c === "broadcast" || c === "reduce") {
    const nodes = c === "reduce" ? [root] : Array.from({ length: n }, (_, i) => i);
    for (const i of nodes) {
      for (let j = 0; j < e; j++) {
        const want = c === "broadcast" ? inputs[root][j] : sum[j];
        const bad = check(i, j, want, c === "broadcast" ? `node ${i} must hold root ${root}'s vector` : `node ${i} must hold the sum`);
        if (bad) return bad;
      }
    }
    return undefined;
  }
  if (c === "reducescatter") {
    for (let i = 0; i < n; i++) {
      const [b, end] = block(i);
      for (let j = b; j < end; j++) {
        const bad = check(i, j, sum[j], `node ${i} must hold the sum of block ${i}`);
        if (bad) return bad;
      }
    }
    return undefined;
  }
  if (c === "allgather") {
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        const [b, end] = block(i);
        for (let j = b; j < end; j++) {
          const bad = check(k, j, inputs[i][j], `node ${k} must hold node ${i}'s block ${i}`);
          if (bad) return bad;
        }
      }
    }
    return undefined;
  }
  // all-to-all: node j's output block i (at elements + i*q) is node i's input block j
  const q = Math.floor(e / n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < q; t++) {
        const bad = check(j, e + i * q + t, inputs[i][j * q + t], `node ${j}'s output block ${i} must be node ${i}'s block ${j}`);
        if (bad) return bad;
      }
    }
  }
  return undefined;
}

/** A schedule's own postcondition: each listed range holds the sum of its sources' inputs. */
function checkExpectations(schedule: Schedule, vectors: Float64Array[], inputs: Float64Array[]): ReplayOutcome["mismatch"] {
  for (const [i, x] of (schedule.postcondition ?? []).entries()) {
    for (const node of x.nodes) {
      for (let j = x.begin; j < x.end; j++) {
        let want = 0;
        for (const src of x.sources) want += inputs[src][x.from + j - x.begin];
        const got = vectors[node][j];
        if (got !== want) {
          const what = x.sources.length === 1 ? `node ${x.sources[0]}'s element ${x.from + j - x.begin}` : `the sum of ${x.sources.length} nodes' element ${x.from + j - x.begin}`;
          return { node, element: j, got, want, what: `postcondition ${i}: node ${node} element ${j} must hold ${what}` };
        }
      }
    }
  }
  return undefined;
}

function defaultValue(node: number, element: number): number {
  // distinct small integers per (node, element): a missing or doubled contribution shows
  return ((node + 1) * 7919 + element * 104729) % 1000003;
}
