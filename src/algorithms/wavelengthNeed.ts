// The wavelengths a schedule needs so that a lockstep run never waits for a channel: in lockstep
// every transfer of a step is ready at the barrier and granted in schedule order, first fit, with
// every channel free (the previous step is over). So each step's need is exactly what serial first
// fit gives it (network/firstFit.ts); the schedule's need is the largest over steps. With at
// least that many wavelengths no transfer of a lockstep run waits for one; with one fewer, some
// transfer does. (In async runs steps overlap, so this is a guide there, not a guarantee.)
import { ringFirstFit } from "../network/firstFit.js";
import type { Network } from "../network/network.js";
import type { OpticalRing } from "../network/opticalRing.js";
import { type Schedule, stepTransfers } from "../core/schedule.js";

/**
 * The schedule's need on an optical ring: the largest step need over `steps` (default every step;
 * an algorithm whose steps repeat a few patterns names one step of each).
 */
export function scheduleWavelengths(net: Network, schedule: Schedule, steps?: Iterable<number>): number {
  let need = 0;
  for (const s of steps ?? Array.from({ length: schedule.steps }, (_, i) => i)) need = Math.max(need, ringFirstFit(net as OpticalRing, stepTransfers(schedule, s)));
  return need;
}
