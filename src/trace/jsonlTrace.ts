// JSONL trace (docs/MODEL.md, "Traces"): a header line, one line per transfer in schedule order, and a
// summary line. Times in seconds; begin/end are element indices of the chunk.
import type { FaultSummary } from "../faults/faultSet.js";
import type { TransferRecord } from "../engine/engine.js";
import { AtomicFile } from "../io/atomicFile.js";
import type { Network } from "../network/network.js";
import { OP_REDUCE, type Schedule } from "../core/schedule.js";
import type { Collective } from "../core/collectives.js";
import type { ScheduleList } from "../engine/schedules.js";
import { isDependencySchedule } from "../core/dependencySchedule.js";

export interface TraceHeader {
  type: "header";
  version: 1;
  collective: Collective;
  algorithm: string;
  /** Broadcast and reduce: the root. */
  root?: number;
  nodes: number;
  elements: number;
  elementBytes: number;
  network: Record<string, string | number | boolean>;
  mode: string;
  /** The grant policy, and (optical ring) the routing policy in force. */
  grants?: string;
  routing?: string;
  params: Record<string, unknown>;
  /** Runs of several schedules: each one's collective, algorithm, elements, release and stream. */
  schedules?: { collective: Collective; algorithm: string; elements: number; release: number; stream: number }[];
  /** The faults and variability in force, when any. */
  faults?: FaultSummary;
}

/**
 * A run of several schedules cannot write its header first (a release may be known only at the
 * end), so such a trace holds its lines until commit and writes the header above them.
 */
export class JsonlTrace {
  private readonly file: AtomicFile;
  /** Lines held back until the header is known (several schedules). */
  private held: string[] | undefined;
  /** The schedule whose copies are being written, and its next step whose local copies are still due (they go before its transfers). */
  private copiesSchedule = 0;
  private copiesDue = 0;
  private schedules: readonly Schedule[];
  /** Whether lines name their schedule (a run given as a schedule list). */
  private tagged: boolean;

  constructor(
    path: string,
    header: TraceHeader | undefined,
    private readonly network: Network,
    schedule?: Schedule | ScheduleList,
  ) {
    this.file = new AtomicFile(path, "--trace");
    this.tagged = schedule !== undefined && "entries" in schedule;
    this.schedules = schedule === undefined ? [] : "entries" in schedule ? schedule.entries.map((e) => e.schedule) : [schedule];
    if (header) this.file.write(JSON.stringify(header) + "\n");
    else this.held = [];
  }

  /** The schedules of a run of several, once built (before the first transfer). */
  useSchedules(list: ScheduleList): void {
    this.tagged = true;
    this.schedules = list.entries.map((e) => e.schedule);
  }

  private write(line: string): void {
    if (this.held) this.held.push(line);
    else this.file.write(line);
  }

  /**
   * A dependency schedule's local operations, all before its first transfer, in a dependency
   * order: each with its id, deps and depth as step (transfers come in position order, not by
   * depth, so a reader groups lines by step).
   */
  private localOperations(k: number): void {
    const schedule = this.schedules[k];
    if (!isDependencySchedule(schedule)) return;
    const tag = this.tagged ? { schedule: k } : {};
    for (const i of schedule.order) {
      const o = schedule.operations[i];
      if (o.kind !== "local") continue;
      this.write(JSON.stringify({ type: "copy", ...tag, step: schedule.opDepth[i], node: o.node, from: o.from, to: o.to, length: o.length, ...(o.op === OP_REDUCE ? { op: "reduce" } : {}), id: o.id, deps: o.deps }) + "\n");
    }
  }

  /** Local copy lines of schedule `k`'s steps up to `step` (inclusive; every step of earlier schedules) not yet written. */
  private copiesUpTo(k: number, step: number): void {
    for (; this.copiesSchedule <= k && this.copiesSchedule < this.schedules.length; this.copiesSchedule++, this.copiesDue = 0) {
      const schedule = this.schedules[this.copiesSchedule];
      const last = this.copiesSchedule < k ? schedule.steps : step;
      const tag = this.tagged ? { schedule: this.copiesSchedule } : {};
      if (isDependencySchedule(schedule)) {
        if (this.copiesDue === 0) this.localOperations(this.copiesSchedule);
        this.copiesDue = schedule.steps + 1;
      } else if (schedule.copies) {
        for (; this.copiesDue <= last; this.copiesDue++) {
          const s = this.copiesDue;
          schedule.copies(s, { copy: (node, from, to, length, op) => this.write(JSON.stringify({ type: "copy", ...tag, step: s, node, from, to, length, ...(op === OP_REDUCE ? { op: "reduce" } : {}) }) + "\n") });
        }
      }
      if (this.copiesSchedule === k) return;
    }
  }

  readonly onTransfer = (t: TransferRecord): void => {
    const k = t.schedule ?? 0;
    if (k > this.copiesSchedule || t.step >= this.copiesDue) this.copiesUpTo(k, t.step);
    const route = t.dir ?? this.network.route(t.src, t.dst, t.pin).links.map((l) => this.network.linkName(l));
    this.write(
      JSON.stringify({
        type: "transfer",
        ...(t.schedule !== undefined ? { schedule: t.schedule } : {}),
        step: t.step,
        src: t.src,
        dst: t.dst,
        begin: t.begin,
        end: t.end,
        ...(t.dstBegin !== undefined ? { dstBegin: t.dstBegin } : {}),
        op: t.op === OP_REDUCE ? "reduce" : "copy",
        bytes: t.bytes,
        route,
        hops: t.hops,
        channel: t.segments > 1 ? t.channels : t.channel,
        ...(t.segments > 1 ? { regens: t.segments - 1 } : {}),
        ...(t.retune ? { retune: true } : {}),
        ...(t.id !== undefined ? { id: t.id, deps: t.deps ?? [] } : {}),
        ready: t.ready,
        start: t.start,
        ...(t.flowStart !== undefined ? { flowStart: t.flowStart } : {}),
        finish: t.finish,
      }) + "\n",
    );
  };

  /** Ends the trace; a trace of several schedules gets its header now. */
  commit(summary: Record<string, unknown>, header?: TraceHeader): void {
    if (this.schedules.length > 0) this.copiesUpTo(this.schedules.length - 1, this.schedules[this.schedules.length - 1].steps);
    if (this.held) {
      if (!header) throw new Error("a trace of several schedules needs its header at commit");
      this.file.write(JSON.stringify(header) + "\n");
      for (const line of this.held) this.file.write(line);
      this.held = undefined;
    }
    this.file.write(JSON.stringify({ type: "summary", ...summary }) + "\n");
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}
