// How many lightpaths cross the busiest directed link of a ring when a set of them is up at
// once: a difference array per fibre, so each lightpath costs O(1) whatever its length. First fit
// needs at least this many wavelengths (more when lightpaths do not nest).
import type { Network } from "./network.js";

/**
 * Cover counts of cyclic runs on a ring of `size` positions, one ring per direction: each run
 * costs O(1) (a difference array), and peak() is the most runs over any position.
 */
export class CyclicRuns {
  private readonly diff: [Int32Array, Int32Array];

  constructor(private readonly size: number) {
    this.diff = [new Int32Array(size + 1), new Int32Array(size + 1)];
  }

  /** The run of `count` positions from `from` (cyclic) in direction `dir` (0 or 1). */
  add(dir: number, from: number, count: number): void {
    const n = this.size;
    const end = from + count;
    const d = this.diff[dir];
    d[from]++;
    if (end <= n) d[end]--;
    else {
      d[n]--;
      d[0]++;
      d[end - n]--;
    }
  }

  /** Most runs covering one position, over both directions. */
  peak(): number {
    let load = 0;
    for (const d of this.diff) {
      let run = 0;
      for (let j = 0; j < this.size; j++) load = Math.max(load, (run += d[j]));
    }
    return load;
  }
}

export class RingLoad {
  private readonly runs: CyclicRuns;

  constructor(private readonly net: Network) {
    this.runs = new CyclicRuns(net.nodes);
  }

  /** Counts the lightpath src -> dst as the network routes it (pin as in schedules). */
  add(src: number, dst: number, pin: number): void {
    const c = this.net.cost(src, dst, pin);
    // clockwise link i joins i -> i+1; counter-clockwise link i joins i -> i-1, so a
    // counter-clockwise path covers positions dst+1 .. src
    if (c.dir === "ccw") this.runs.add(1, (dst + 1) % this.net.nodes, c.hops);
    else this.runs.add(0, src, c.hops);
  }

  /** Lightpaths on the busiest directed link. */
  peak(): number {
    return this.runs.peak();
  }
}
