// How many lightpaths cross the busiest directed link of a ring when a set of them is up at
// once: a difference array per fibre, so each lightpath costs O(1) whatever its length. First fit
// needs at least this many wavelengths (more when lightpaths do not nest).
import type { Network } from "./network.js";

export class RingLoad {
  private readonly diff: [Int32Array, Int32Array];

  constructor(private readonly net: Network) {
    this.diff = [new Int32Array(net.nodes + 1), new Int32Array(net.nodes + 1)];
  }

  /** Counts the lightpath src -> dst as the network routes it (pin as in schedules). */
  add(src: number, dst: number, pin: number): void {
    const n = this.net.nodes;
    const c = this.net.cost(src, dst, pin);
    // clockwise link i joins i -> i+1; counter-clockwise link i joins i -> i-1, so a
    // counter-clockwise path covers positions dst+1 .. src
    const dir = c.dir === "ccw" ? 1 : 0;
    const from = dir === 0 ? src : (dst + 1) % n;
    const end = from + c.hops;
    const d = this.diff[dir];
    d[from]++;
    if (end <= n) d[end]--;
    else {
      d[n]--;
      d[0]++;
      d[end - n]--;
    }
  }

  /** Lightpaths on the busiest directed link. */
  peak(): number {
    let load = 0;
    for (const d of this.diff) {
      let run = 0;
      for (let j = 0; j < this.net.nodes; j++) load = Math.max(load, (run += d[j]));
    }
    return load;
  }
}
