// Proof by data for any schedule: replay it on real vectors (src/api/replay.ts) and say whether
// its collective's result holds, the first node and element where it does not, or the race that
// makes its result depend on timing.
import { COLLECTIVE_NAMES } from "../core/collectives.js";
import { isDependencySchedule } from "../core/dependencySchedule.js";
import type { Schedule } from "../core/schedule.js";
import { replay } from "./replay.js";

export interface VerifyReport {
  ok: boolean;
  /** The collective checked, or "none" for a schedule with its own postcondition. */
  collective: string;
  nodes: number;
  elements: number;
  transfers: number;
  /** Local copies and reductions. */
  localOperations: number;
  /** Steps, or a dependency schedule's depth (its longest chain of transfers). */
  steps: number;
  dependencies: boolean;
  /** One sentence: what holds, or the first thing that does not. */
  verdict: string;
  mismatch?: { node: number; element: number; got: number; want: number; what: string };
  race?: { node: number; begin: number; end: number; first: string | number; second: string | number; what: string };
  outOfRange?: string;
  conflict?: { step: number; node: number; element: number };
}

export function verifySchedule(schedule: Schedule): VerifyReport {
  const r = replay(schedule);
  const deps = isDependencySchedule(schedule);
  let transfers = 0;
  let locals = 0;
  for (let s = 0; s < schedule.steps; s++) transfers += schedule.stepSize(s);
  for (let s = 0; s <= schedule.steps; s++) schedule.copies?.(s, { copy: () => locals++ });
  const collective = schedule.postcondition ? "none" : (schedule.collective ?? "allreduce");
  const name = collective === "none" ? "the postcondition" : `the ${COLLECTIVE_NAMES[collective]}`;
  let verdict: string;
  if (r.outOfRange) verdict = `out of range: ${r.outOfRange}`;
  else if (r.race) verdict = r.race.what;
  else if (r.conflict) verdict = `step ${r.conflict.step} writes node ${r.conflict.node}'s element ${r.conflict.element} twice, once by a copy: the result depends on the order`;
  else if (r.mismatch) verdict = `${name} does not hold: node ${r.mismatch.node}, element ${r.mismatch.element} is ${r.mismatch.got}, expected ${r.mismatch.want} (${r.mismatch.what})`;
  else verdict = `${name} holds on real vectors${deps ? ", and no two operations race" : ""}`;
  const ok = !r.outOfRange && !r.race && !r.conflict && !r.mismatch;
  return {
    ok, collective, nodes: schedule.nodes, elements: schedule.elements, transfers, localOperations: locals, steps: schedule.steps, dependencies: deps, verdict,
    ...(r.mismatch ? { mismatch: r.mismatch } : {}),
    ...(r.race ? { race: r.race } : {}),
    ...(r.outOfRange ? { outOfRange: r.outOfRange } : {}),
    ...(r.conflict ? { conflict: r.conflict } : {}),
  };
}
