// Several schedules in one run (training iterations): an ordered list of schedules, each with a
// release time and a stream. Their steps are committed one after another, schedule 0's first, so
// a transfer's serial orders it by (schedule, step, position), the grant order's tie-break.
//
// Readiness is kept per lane, a (node, stream) pair, instead of per node: a transfer waits for
// its endpoints' earlier steps on its own stream only (earlier steps of its schedule and every
// step of earlier schedules on that stream), and for its schedule's release. Schedules on other
// streams overlap it and contend for the same channels.
//
// A release may not be known when the run starts (FSDP releases a layer's all-gather when the
// compute before it can start, which waits for earlier all-gathers): it is NaN until the host sets
// it. The host can set it once the schedules it depends on are done, so the loop stops (NEED_STEPS)
// after every pass in which a schedule completed while the next schedule's release is unknown.
// Releases never decrease from one schedule to the next, so a step not yet committed cannot be
// ready before the next schedule's release: the loop needs more steps only when time reaches it.
// Twin: src/engine/schedules.ts.

import { alloc } from "./heap";

/** Streams, and whether the run is a planned list of schedules (otherwise lane = node, release 0). */
export let streams: i32 = 1;
export let multi: bool = false;

let count: i32 = 1;
let stepSchedule: usize = 0; // i32 per step
let releases: usize = 0; // f64 per schedule; NaN until known
let streamOf: usize = 0; // i32 per schedule
let left: usize = 0; // f64 per schedule: transfers not yet granted
let doneAt: usize = 0; // f64 per schedule: latest finish granted so far
let completions: i32 = 0;
let seenCompletions: i32 = 0;

// set before configure, consumed by it
let plannedCount: i32 = 1;
let plannedStreams: i32 = 1;
let planned: bool = false;

/** Announces the next simulation's schedules and streams (call before configure; default 1, 1). */
export function planSchedules(n: i32, streamCount: i32): i32 {
  if (n < 1 || streamCount < 1) return -6; // E_CONFIG
  plannedCount = n;
  plannedStreams = streamCount;
  planned = true;
  return 0;
}

/** Sets up the table for `steps` steps (from configure, after the heap is reset); false when out of memory. */
export function schedulesInit(steps: i32): bool {
  count = plannedCount;
  streams = plannedStreams;
  // a planned list runs as one, even a single schedule (its release may be later than 0)
  multi = planned;
  plannedCount = plannedStreams = 1;
  planned = false;
  completions = seenCompletions = 0;
  stepSchedule = releases = streamOf = left = doneAt = 0;
  if (!multi) return true;
  const c = <f64>count;
  stepSchedule = alloc(<f64>(steps > 0 ? steps : 1) * 4);
  releases = alloc(c * 8);
  streamOf = alloc(c * 4);
  left = alloc(c * 8);
  doneAt = alloc(c * 8);
  if (stepSchedule == 0 || releases == 0 || streamOf == 0 || left == 0 || doneAt == 0) return false;
  for (let i = 0; i < count; i++) {
    store<f64>(releases + (<usize>i << 3), NaN);
    store<f64>(doneAt + (<usize>i << 3), -Infinity);
  }
  return true;
}

/**
 * Schedule `index` owns steps [firstStep, firstStep + steps) and `transfers` transfers, runs on
 * `stream`, and is released at `release` (NaN: set later with setRelease). 0 or E_CONFIG.
 */
export function defineSchedule(index: i32, firstStep: i32, steps: i32, transfers: f64, stream: i32, release: f64, totalSteps: i32): i32 {
  if (!multi || index < 0 || index >= count || stream < 0 || stream >= streams || firstStep < 0 || steps < 0 || firstStep + steps > totalSteps) return -6;
  for (let s = firstStep; s < firstStep + steps; s++) store<i32>(stepSchedule + (<usize>s << 2), index);
  store<i32>(streamOf + (<usize>index << 2), stream);
  store<f64>(left + (<usize>index << 3), transfers);
  if (transfers == 0) completions++;
  return setRelease(index, release);
}

/** Sets a schedule's release (it may not fall below the previous schedule's). 0 or E_CONFIG. */
export function setRelease(index: i32, release: f64): i32 {
  if (!multi || index < 0 || index >= count || release < 0) return -6;
  if (index > 0 && release < load<f64>(releases + (<usize>(index - 1) << 3))) return -6;
  store<f64>(releases + (<usize>index << 3), release);
  return 0;
}

@inline export function scheduleOfStep(step: i32): i32 {
  return multi ? load<i32>(stepSchedule + (<usize>step << 2)) : 0;
}

/** The stream of `step`'s schedule (0 for a single schedule). */
@inline export function streamOfStep(step: i32): i32 {
  return multi ? load<i32>(streamOf + (<usize>load<i32>(stepSchedule + (<usize>step << 2)) << 2)) : 0;
}

/** The lane of `node` for a transfer of `step`. */
@inline export function laneOf(node: i32, step: i32): i32 {
  return multi ? node * streams + streamOfStep(step) : node;
}

/** The release of the schedule of `step` (0 for a single schedule, NaN while unknown). */
@inline export function releaseOfStep(step: i32): f64 {
  if (!multi) return 0;
  return load<f64>(releases + (<usize>load<i32>(stepSchedule + (<usize>step << 2)) << 3));
}

/** Counts `n` granted transfers of `step`, the last finishing at `finish`. */
@inline export function noteGranted(step: i32, n: i32, finish: f64): void {
  if (!multi) return;
  const i = <usize>load<i32>(stepSchedule + (<usize>step << 2));
  const lp = left + (i << 3);
  const rest = load<f64>(lp) - <f64>n;
  store<f64>(lp, rest);
  const dp = doneAt + (i << 3);
  if (finish > load<f64>(dp)) store<f64>(dp, finish);
  if (rest == 0) completions++;
}

/**
 * Whether the loop should hand control back so the host can set the next schedule's release:
 * the step to commit next (`nextStep` of `totalSteps`) belongs to a schedule whose release is
 * unknown, and a schedule completed since the last time this said so.
 */
export function releaseAwaited(nextStep: i32, totalSteps: i32): bool {
  if (!multi || nextStep >= totalSteps || completions == seenCompletions) return false;
  if (!isNaN(releaseOfStep(nextStep))) return false;
  seenCompletions = completions;
  return true;
}

/** When schedule `index` finished (its latest finish), or NaN while transfers of it are ungranted. */
export function scheduleDoneTime(index: i32): f64 {
  if (!multi) return NaN;
  if (index < 0 || index >= count || load<f64>(left + (<usize>index << 3)) > 0) return NaN;
  const d = load<f64>(doneAt + (<usize>index << 3));
  return d == -Infinity ? load<f64>(releases + (<usize>index << 3)) : d;
}
