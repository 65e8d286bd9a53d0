// Several schedules in one run (twin of assembly/schedules.ts): an ordered list of schedules,
// each with a release time and a stream, as a training iteration issues its collectives.
//
// Engines see one long schedule, the steps of schedule 0, then those of schedule 1, and so on, so
// a transfer's position orders it by (schedule, step, position), the grant order's tie-break.
// Readiness is kept per lane, a (node, stream) pair: a transfer waits for its endpoints' earlier
// steps on its own stream (earlier steps of its schedule, every step of earlier schedules on the
// stream) and for its schedule's release; schedules on other streams overlap it and contend for
// the same channels.
//
// A release is a number, or computed from when earlier schedules finished (FSDP's next all-gather
// goes out when the compute before it can start, which waits for the all-gathers before it). Both
// engines compute such a release through the same function, as soon as the schedules it names are
// done; releases may not decrease from one schedule to the next, so steps not yet loaded cannot be
// ready before the next schedule's release, and an engine loads them only when time reaches it.
import type { Collective } from "../core/collectives.js";
import type { DependentRelease, PackedRecords, Schedule, TransferSink } from "../core/schedule.js";
import { isDependencySchedule } from "../core/dependencySchedule.js";

export interface ScheduledCollective {
  readonly schedule: Schedule;
  /** Schedules on one stream run one after another per node; streams are 0, 1, ... */
  readonly stream: number;
  /** Seconds, or computed when the schedules it names are done. */
  readonly release: number | DependentRelease;
}

export class ScheduleList {
  readonly streams: number;
  /** First step of each schedule in the concatenated schedule. */
  readonly firstStep: number[] = [];
  /** Transfers of each schedule. */
  readonly transfers: number[] = [];
  /** The schedules' steps one after another: what the engines load. */
  readonly combined: Schedule;

  constructor(readonly entries: readonly ScheduledCollective[]) {
    if (entries.length === 0) throw new Error("a run needs at least one schedule");
    let steps = 0;
    let streams = 1;
    for (const [i, e] of entries.entries()) {
      if (!Number.isInteger(e.stream) || e.stream < 0) throw new Error(`schedule ${i}: stream ${e.stream} is not an index`);
      if (e.schedule.nodes !== entries[0].schedule.nodes) throw new Error(`schedule ${i}: ${e.schedule.nodes} nodes, schedule 0 has ${entries[0].schedule.nodes}`);
      if (typeof e.release !== "number" && e.release.after.some((k) => !(Number.isInteger(k) && k >= 0 && k < i))) {
        throw new Error(`schedule ${i}: a release can only wait for earlier schedules`);
      }
      streams = Math.max(streams, e.stream + 1);
      this.firstStep.push(steps);
      steps += e.schedule.steps;
      let n = 0;
      for (let s = 0; s < e.schedule.steps; s++) n += e.schedule.stepSize(s);
      this.transfers.push(n);
    }
    this.streams = streams;
    this.combined = combine(this, steps);
  }

  /** Whether the run is more than one schedule released at 0 on one stream (otherwise a plain run). */
  get multi(): boolean {
    return this.entries.length > 1 || this.streams > 1 || this.entries[0].release !== 0;
  }

  /** The schedule that owns concatenated step `step`. */
  scheduleOf(step: number): number {
    let lo = 0;
    let hi = this.firstStep.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firstStep[mid] <= step) lo = mid;
      else hi = mid - 1;
    }
    // empty schedules share a first step with the next: the step belongs to the last of them
    return lo;
  }

  /** A run's releases, NaN until known (each run resolves its own). */
  newReleases(): Float64Array {
    return new Float64Array(this.entries.length).fill(NaN);
  }

  /**
   * Schedule i's release in `releases`: known, or computed now if every schedule before it has one
   * and the schedules it waits for are done (done(k) is NaN while schedule k is not); NaN otherwise.
   */
  resolve(i: number, done: (k: number) => number, releases: Float64Array): number {
    if (!Number.isNaN(releases[i])) return releases[i];
    const before = i > 0 ? this.resolve(i - 1, done, releases) : 0;
    if (Number.isNaN(before)) return NaN;
    const rule = this.entries[i].release;
    let r: number;
    if (typeof rule === "number") r = rule;
    else {
      if (rule.after.some((k) => Number.isNaN(done(k)))) return NaN;
      r = rule.at((k) => {
        const d = done(k);
        if (Number.isNaN(d)) throw new Error(`schedule ${i}: its release read schedule ${k}, which is not done yet`);
        return d;
      });
      for (const k of rule.after) {
        if (r < done(k)) throw new Error(`schedule ${i}: release ${r} s before schedule ${k} it waits for is done (${done(k)} s)`);
      }
    }
    if (!(r >= before) || !Number.isFinite(r)) throw new Error(`schedule ${i}: release ${r} s is not a time at or after the previous schedule's (${before} s)`);
    releases[i] = r;
    return r;
  }
}

/** The list's schedules as one: steps one after another (a lone dependency schedule is itself, dependencies and all). */
function combine(list: ScheduleList, steps: number): Schedule {
  if (list.entries.length === 1 && isDependencySchedule(list.entries[0].schedule)) return list.entries[0].schedule;
  const at = (s: number): [Schedule, number] => {
    const i = list.scheduleOf(s);
    return [list.entries[i].schedule, s - list.firstStep[i]];
  };
  const allFill = list.entries.every((e) => e.schedule.fill !== undefined);
  const first = list.entries[0].schedule;
  return {
    algorithm: list.entries.length === 1 ? first.algorithm : "several",
    collective: (list.entries.length === 1 ? first.collective : undefined) as Collective | undefined,
    nodes: first.nodes,
    elements: Math.max(...list.entries.map((e) => e.schedule.elements)),
    steps,
    params: {},
    stepSize: (s: number) => {
      const [sc, local] = at(s);
      return sc.stepSize(local);
    },
    emit: (s: number, sink: TransferSink) => {
      const [sc, local] = at(s);
      sc.emit(local, sink);
    },
    ...(allFill
      ? {
          fill: (s: number, out: PackedRecords) => {
            const [sc, local] = at(s);
            (sc.fill as (s: number, out: PackedRecords) => void)(local, out);
          },
        }
      : {}),
  };
}
