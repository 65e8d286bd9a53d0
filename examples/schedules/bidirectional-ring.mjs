// A generator module for wrht-sim (docs/MODEL.md, "Schedule files"): Ring all-reduce in both
// directions at once, as a dependency schedule. Half the vector goes round clockwise, the other
// half counter-clockwise, so every node sends to both neighbours and both fibres of a
// bidirectional ring carry traffic: each half is a ring reduce-scatter then all-gather of N
// chunks, and a transfer waits only for the one that brought it its data.
//
//   wrht-sim verify examples/schedules/bidirectional-ring.mjs --nodes 8
//   wrht-sim compare -n 64 --sizes 64MB --algorithms ring,file:examples/schedules/bidirectional-ring.mjs
export default function generate({ nodes }) {
  const N = nodes;
  const operations = [];
  for (const dir of [0, 1]) {
    // position p on this half's ring is node p (clockwise) or node -p (counter-clockwise)
    const node = (p) => (dir === 0 ? p : (N - p) % N) % N;
    const mod = (x) => ((x % N) + N) % N;
    const id = (phase, step, p) => `${dir === 0 ? "cw" : "ccw"}.${phase}${step}.${mod(p)}`;
    for (let s = 0; s < N - 1; s++) {
      for (let p = 0; p < N; p++) {
        // reduce-scatter: chunk p - s, reduced into the next position
        operations.push({ id: id("rs", s, p), src: node(p), dst: node(mod(p + 1)), chunk: dir * N + mod(p - s), op: "reduce", deps: s === 0 ? [] : [id("rs", s - 1, p - 1)] });
      }
    }
    for (let k = 0; k < N - 1; k++) {
      for (let p = 0; p < N; p++) {
        // all-gather: the fully reduced chunk p + 1 - k, copied on
        const deps = k === 0 ? [id("rs", N - 2, p - 1)] : [id("ag", k - 1, p - 1)];
        operations.push({ id: id("ag", k, p), src: node(p), dst: node(mod(p + 1)), chunk: dir * N + mod(p + 1 - k), op: "copy", deps });
      }
    }
  }
  return { version: 1, name: "bidirectional-ring", nodes: N, collective: "allreduce", chunks: 2 * N, operations };
}
