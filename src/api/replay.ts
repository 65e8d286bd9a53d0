// Data replay: run a schedule on real vectors under the engine's data semantics (docs/MODEL.md)
// and check the collective's postcondition. Every transfer of a step carries its source's chunk
// as it stood before the step; `reduce` adds it into the destination's chunk at dstBegin, `copy`
// overwrites it. Local copies move data inside a node before a step's transfers (and after the
// last step). Inputs are distinct integers, so a missing, doubled or misplaced contribution shows.
import { type Collective, COLLECTIVE_NAMES } from "../core/collectives.js";
import { OP_COPY, OP_REDUCE, type Schedule, chunkBegin, stepCopies, stepTransfers } from "../core/schedule.js";

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
}

/** Input value of node i, element j (of the first `elements` of its buffer). */
export type InputValue = (node: number, element: number) => number;

/** Integer inputs keep every sum exact: node i, element j starts at `value(i, j)`. */
export function replay(schedule: Schedule, value: InputValue = defaultValue): ReplayOutcome {
  const n = schedule.nodes;
  const e = schedule.elements;
  const size = schedule.bufferElements ?? e;
  const collective = schedule.collective ?? "allreduce";
  // scratch beyond the input holds values no input has, so reading it before writing shows
  const vectors = Array.from({ length: n }, (_, i) => Float64Array.from({ length: size }, (_, j) => (j < e ? value(i, j) : -1 - (i * size + j))));
  const inputs = vectors.map((v) => v.slice(0, e));
  const expected = new Float64Array(e);
  for (const v of inputs) for (let j = 0; j < e; j++) expected[j] += v[j];

  let conflict: ReplayOutcome["conflict"];
  let outOfRange: string | undefined;
  const applyCopies = (s: number) => {
    for (const c of stepCopies(schedule, s)) {
      if (c.node < 0 || c.node >= n || c.from < 0 || c.to < 0 || c.from + c.length > size || c.to + c.length > size) {
        outOfRange ??= `copy before step ${s} at node ${c.node}: [${c.from}, ${c.from + c.length}) -> ${c.to} outside ${size} elements`;
        continue;
      }
      vectors[c.node].copyWithin(c.to, c.from, c.from + c.length);
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

/** The first place a collective's result is wrong, if any (docs/MODEL.md, "Collectives"). */
function checkPostcondition(c: Collective, schedule: Schedule, vectors: Float64Array[], inputs: Float64Array[], sum: Float64Array): ReplayOutcome["mismatch"] {
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

function defaultValue(node: number, element: number): number {
  // distinct small integers per (node, element): a missing or doubled contribution shows
  return ((node + 1) * 7919 + element * 104729) % 1000003;
}
