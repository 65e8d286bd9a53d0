// The time of a dependency schedule without contention: every operation starts when its last
// dependency finishes, a transfer lasts as long as it would alone on its path, a local operation
// takes no time. It is exact for an async run on a network with channels to spare, and the
// schedule's counterpart of a built-in algorithm's closed form.
import type { DependencySchedule } from "../core/dependencySchedule.js";
import { OP_REDUCE } from "../core/schedule.js";
import type { Network } from "../network/network.js";

export function criticalPathTime(net: Network, schedule: DependencySchedule, elementBytes: number): number {
  const ops = schedule.operations;
  const finish = new Float64Array(ops.length);
  let last = 0;
  for (const i of schedule.order) {
    let start = 0;
    for (const d of schedule.depsOf(i)) start = Math.max(start, finish[d]);
    const o = ops[i];
    finish[i] = o.kind === "transfer" ? start + net.pathDuration((o.end - o.begin) * elementBytes, o.src, o.dst, o.pin, o.op === OP_REDUCE) : start;
    last = Math.max(last, finish[i]);
  }
  return last;
}
