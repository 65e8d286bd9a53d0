// Readiness by dependencies (twin of assembly/dependencies.ts): in a dependency schedule a
// transfer is ready when every transfer it depends on has finished (and the run's release, 0,
// has passed); its ready time is the latest of their finishes. Transfers are numbered by their
// position in the schedule, which is also their serial, so grant ties go by position.
import type { DependencyGraph } from "../core/dependencySchedule.js";

export class DependencyReadiness {
  /** Dependencies not yet finished, per transfer. */
  private readonly unfinished: Int32Array;
  /** Latest finish among the finished dependencies, per transfer. */
  private readonly readyAt: Float64Array;
  /** Transfer k's dependents are dependents[first[k] .. first[k+1]). */
  private readonly first: Int32Array;
  private readonly dependents: Int32Array;

  constructor(graph: DependencyGraph) {
    const n = graph.transfers.length;
    this.unfinished = Int32Array.from({ length: n }, (_, k) => graph.depStart[k + 1] - graph.depStart[k]);
    this.readyAt = new Float64Array(n);
    ({ first: this.first, dependents: this.dependents } = dependentsOf(graph));
  }

  /** Transfers with no dependencies: ready at the release. */
  initiallyReady(): number[] {
    const out: number[] = [];
    this.unfinished.forEach((u, k) => {
      if (u === 0) out.push(k);
    });
    return out;
  }

  /** Transfer k finished at `finish`: calls `ready(j, at)` for each dependent that is now ready. */
  finished(k: number, finish: number, ready: (j: number, at: number) => void): void {
    for (let e = this.first[k]; e < this.first[k + 1]; e++) {
      const j = this.dependents[e];
      if (finish > this.readyAt[j]) this.readyAt[j] = finish;
      if (--this.unfinished[j] === 0) ready(j, this.readyAt[j]);
    }
  }
}

/** The graph turned around: transfer k's dependents are dependents[first[k] .. first[k+1]), in increasing position (the kernel's tables). */
export function dependentsOf(graph: DependencyGraph): { first: Int32Array; dependents: Int32Array } {
  const n = graph.transfers.length;
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
