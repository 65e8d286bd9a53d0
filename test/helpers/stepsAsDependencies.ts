// A step schedule rewritten as a dependency schedule with the same timing: each transfer depends
// on the transfers of the latest earlier step in which each of its endpoints took part (which
// depend on theirs in turn), and positions follow (step, position). Both engines must then give
// every transfer the same ready, start, finish and wavelength as the step schedule.
import { DependencySchedule, type Operation, dependentTransfer } from "../../src/core/dependencySchedule.js";
import { type Schedule, stepTransfers } from "../../src/core/schedule.js";

export function stepsAsDependencies(schedule: Schedule): DependencySchedule {
  const last: number[][] = Array.from({ length: schedule.nodes }, () => []); // ids of each node's latest step
  const lastStep = new Int32Array(schedule.nodes).fill(-1);
  const ops: Operation[] = [];
  let id = 0;
  for (let s = 0; s < schedule.steps; s++) {
    const ts = stepTransfers(schedule, s);
    const ids = ts.map(() => id++);
    ts.forEach((t, j) => {
      const deps = [...new Set([...last[t.src], ...last[t.dst]])];
      ops.push(dependentTransfer(ids[j], t.src, t.dst, t.begin, t.end, deps, t.op, t.pin, t.dstBegin));
    });
    ts.forEach((t, j) => {
      for (const u of [t.src, t.dst]) {
        if (lastStep[u] !== s) {
          lastStep[u] = s;
          last[u] = [];
        }
        last[u].push(ids[j]);
      }
    });
  }
  return new DependencySchedule(
    { nodes: schedule.nodes, elements: schedule.elements, algorithm: `${schedule.algorithm} as dependencies`, collective: schedule.collective, root: schedule.root, bufferElements: schedule.bufferElements },
    ops,
  );
}
