// Readiness by dependencies (twin of assembly/dependencies.ts): in a dependency schedule a
// transfer is ready when every operation it depends on has finished and its release (0 unless
// given) has passed; its ready time is the latest of these. Local operations are nodes of the
// graph that take no time: one finishes the moment its last dependency does. Transfers are
// numbered by their position in the schedule, which is also their serial, so grant ties go by
// position.
import type { DependencyGraph } from "../core/dependencySchedule.js";

export class DependencyReadiness {
  /** Dependencies not yet finished, per node. */
  private readonly unfinished: Int32Array;
  /** Latest finish among the finished dependencies, per node. */
  private readonly readyAt: Float64Array;
  /** Node g's dependents are dependents[first[g] .. first[g+1]). */
  private readonly first: Int32Array;
  private readonly dependents: Int32Array;
  private readonly transfers: number;

  constructor(graph: DependencyGraph) {
    const nodes = graph.transfers.length + graph.locals;
    this.transfers = graph.transfers.length;
    this.unfinished = Int32Array.from({ length: nodes }, (_, g) => graph.depStart[g + 1] - graph.depStart[g]);
    this.readyAt = new Float64Array(nodes);
    if (graph.release) this.readyAt.set(graph.release);
    ({ first: this.first, dependents: this.dependents } = dependentsOf(graph));
  }

  /** Transfer k's release (0 unless the graph gives one). */
  releaseOf(k: number): number {
    return this.readyAt[k];
  }

  /** Transfers with no dependencies: ready at their release. */
  initiallyReady(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.transfers; k++) if (this.unfinished[k] === 0) out.push(k);
    return out;
  }

  /** Transfer k finished at `finish`: calls `ready(j, at)` for each transfer that is now ready. */
  finished(k: number, finish: number, ready: (j: number, at: number) => void): void {
    const walk = (g: number, at: number): void => {
      for (let e = this.first[g]; e < this.first[g + 1]; e++) {
        const j = this.dependents[e];
        if (at > this.readyAt[j]) this.readyAt[j] = at;
        if (--this.unfinished[j] !== 0) continue;
        // a local operation finishes at once, and passes its finish on
        if (j < this.transfers) ready(j, this.readyAt[j]);
        else walk(j, this.readyAt[j]);
      }
    };
    walk(k, finish);
  }
}

/** The graph turned around: node g's dependents are dependents[first[g] .. first[g+1]), in increasing order (the kernel's tables). */
export function dependentsOf(graph: DependencyGraph): { first: Int32Array; dependents: Int32Array } {
  const n = graph.transfers.length + graph.locals;
  const first = new Int32Array(n + 1);
  for (let e = 0; e < graph.depList.length; e++) first[graph.depList[e] + 1]++;
  for (let k = 0; k < n; k++) first[k + 1] += first[k];
  const dependents = new Int32Array(graph.depList.length);
  const fill = first.slice(0, n);
  for (let k = 0; k < n; k++) {
    for (let e = graph.depStart[k]; e < graph.depStart[k + 1]; e++) dependents[fill[graph.depList[e]]++] = k;
  }
  return { first, dependents };
}
