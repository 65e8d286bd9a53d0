// Closed forms take, for each step, the slowest transfer of the step's pattern: the pairs it
// connects and the largest chunk it moves. This evaluates that without building the schedule.
import type { Network } from "../network/network.js";

export type Pair = readonly [src: number, dst: number, pin: number];

/** Longest no-contention duration of moving `bytes` over any of `pairs`. */
export function worstDuration(net: Network, pairs: Iterable<Pair>, bytes: number, reduce: boolean): number {
  let t = 0;
  for (const [src, dst, pin] of pairs) t = Math.max(t, net.duration(bytes, net.cost(src, dst, pin), reduce));
  return t;
}

/** Adds step durations in step order, as a lockstep run accumulates them. */
export function sumInOrder(durations: Iterable<number>): number {
  let t = 0;
  for (const d of durations) t += d;
  return t;
}

/**
 * On a ring or a star a path's cost depends only on its length (and a star's on nothing), so a
 * step whose pairs all lie the same distance apart costs what any one of them costs.
 */
export function distanceOnly(net: Network): boolean {
  return net.kind === "optical-ring" || net.kind === "star";
}
