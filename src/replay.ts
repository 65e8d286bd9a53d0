// Data replay: run a schedule on real vectors under the engine's data semantics (docs/MODEL.md).
// Every transfer of a step carries its source's chunk as it stood before the step; `reduce` adds
// it into the destination's chunk, `copy` overwrites it. An all-reduce is correct when every
// node ends with the element-wise sum of all inputs.
import { OP_COPY, OP_REDUCE, type Schedule, stepTransfers } from "./schedule.js";

export interface ReplayOutcome {
  /** Final vector of each node. */
  vectors: Float64Array[];
  /** Element-wise sum of the inputs. */
  expected: Float64Array;
  /** First node and element that differs from the sum, if any. */
  mismatch?: { node: number; element: number; got: number; want: number };
  /** A step writes the same element twice with a copy involved (order-dependent result). */
  conflict?: { step: number; node: number; element: number };
}

/** Integer inputs keep every sum exact: node i, element j starts at `value(i, j)`. */
export function replay(schedule: Schedule, value: (node: number, element: number) => number = defaultValue): ReplayOutcome {
  const n = schedule.nodes;
  const e = schedule.elements;
  const vectors = Array.from({ length: n }, (_, i) => Float64Array.from({ length: e }, (_, j) => value(i, j)));
  const expected = new Float64Array(e);
  for (const v of vectors) for (let j = 0; j < e; j++) expected[j] += v[j];

  let conflict: ReplayOutcome["conflict"];
  for (let s = 0; s < schedule.steps; s++) {
    const transfers = stepTransfers(schedule, s);
    // send buffers are copied when the step begins
    const payloads = transfers.map((t) => vectors[t.src].slice(t.begin, t.end));
    const writers = new Map<number, Int8Array>(); // per destination: 1 reduced, 2 copied
    transfers.forEach((t, k) => {
      const dst = vectors[t.dst];
      const p = payloads[k];
      let mark = writers.get(t.dst);
      if (!mark) writers.set(t.dst, (mark = new Int8Array(e)));
      for (let j = t.begin; j < t.end; j++) {
        const kind = t.op === OP_REDUCE ? 1 : 2;
        if (mark[j] !== 0 && (mark[j] === 2 || kind === 2) && !conflict) conflict = { step: s, node: t.dst, element: j };
        mark[j] = kind;
        if (t.op === OP_COPY) dst[j] = p[j - t.begin];
        else dst[j] += p[j - t.begin];
      }
    });
  }

  let mismatch: ReplayOutcome["mismatch"];
  outer: for (let i = 0; i < n; i++) {
    for (let j = 0; j < e; j++) {
      if (vectors[i][j] !== expected[j]) {
        mismatch = { node: i, element: j, got: vectors[i][j], want: expected[j] };
        break outer;
      }
    }
  }
  return { vectors, expected, mismatch, conflict };
}

function defaultValue(node: number, element: number): number {
  // distinct small integers per (node, element): a missing or doubled contribution shows
  return ((node + 1) * 7919 + element * 104729) % 1000003;
}
