// Chrome Trace Event Format (open it in Perfetto, https://ui.perfetto.dev, or chrome://tracing).
// Each node is a process; each transfer is a slice on its sender ("send") and on its receiver
// ("recv"), joined by a flow arrow. A node's transfers that overlap in time go on separate lanes
// (threads of the node's process), so no two slices on one track overlap. Flow events sit in the
// middle of both slices, so they bind to them under every viewer's binding rule. A training
// iteration adds each node's compute as a "compute" track above its transfer lanes, and names each
// transfer's collective.
import type { TransferRecord } from "../engine/engine.js";
import { AtomicFile } from "../io/atomicFile.js";
import { OP_REDUCE } from "../core/schedule.js";

/** Thread id of a node's compute track (transfer lanes are 0, 1, ...). */
const COMPUTE_TRACK = 1 << 20;

export class ChromeTrace {
  private readonly file: AtomicFile;
  private first = true;
  private flow = 0;
  /** Per node, the finish time of the last slice on each lane. */
  private readonly lanes = new Map<number, number[]>();

  /** Tracks that are not transfer lanes (compute), by node. */
  private readonly tracks = new Set<number>();

  /** `collectives`: the label of each schedule of a run of several, by index. */
  constructor(path: string, title: string, private readonly collectives?: readonly string[]) {
    this.file = new AtomicFile(path, "--chrome-trace");
    this.file.write(`{"displayTimeUnit":"ns","otherData":${JSON.stringify({ title })},"traceEvents":[\n`);
  }

  private event(e: Record<string, unknown>): void {
    this.file.write((this.first ? "" : ",\n") + JSON.stringify(e));
    this.first = false;
  }

  /**
   * The lowest lane of `node` free from `start` on. A lane's slices are appended only after its
   * last one has finished, so they never overlap, whatever order transfers arrive in.
   */
  private lanesOf(node: number): number[] {
    let lanes = this.lanes.get(node);
    if (!lanes) {
      lanes = [];
      this.lanes.set(node, lanes);
      this.event({ name: "process_name", ph: "M", pid: node, tid: 0, args: { name: `node ${node}` } });
      this.event({ name: "process_sort_index", ph: "M", pid: node, tid: 0, args: { sort_index: node } });
    }
    return lanes;
  }

  private lane(node: number, start: number, finish: number): number {
    const lanes = this.lanesOf(node);
    let k = lanes.findIndex((busyUntil) => busyUntil <= start);
    if (k < 0) {
      k = lanes.length;
      lanes.push(0);
      this.event({ name: "thread_name", ph: "M", pid: node, tid: k, args: { name: `lane ${k}` } });
    }
    lanes[k] = finish;
    return k;
  }

  readonly onTransfer = (t: TransferRecord): void => {
    const us = 1e6;
    const op = t.op === OP_REDUCE ? "reduce" : "copy";
    const ts = t.start * us;
    const dur = (t.finish - t.start) * us;
    const collective = t.schedule !== undefined ? { schedule: t.schedule, collective: this.collectives?.[t.schedule] } : {};
    const args = { ...collective, step: t.step, src: t.src, dst: t.dst, bytes: t.bytes, channel: t.channel, hops: t.hops, dir: t.dir, ready: t.ready * us, chunk: [t.begin, t.end], ...(t.flowStart !== undefined ? { flowStart: t.flowStart * us } : {}) };
    const sendLane = this.lane(t.src, t.start, t.finish);
    const recvLane = this.lane(t.dst, t.start, t.finish);
    const cat = t.schedule !== undefined ? `schedule ${t.schedule} step ${t.step}` : `step ${t.step}`;
    this.event({ name: `send ${op} -> ${t.dst}`, cat, ph: "X", pid: t.src, tid: sendLane, ts, dur, args });
    this.event({ name: `recv ${op} <- ${t.src}`, cat, ph: "X", pid: t.dst, tid: recvLane, ts, dur, args });
    const id = this.flow++;
    const mid = ts + dur / 2;
    this.event({ name: "data", cat: "flow", ph: "s", id, pid: t.src, tid: sendLane, ts: mid });
    this.event({ name: "data", cat: "flow", ph: "f", bp: "e", id, pid: t.dst, tid: recvLane, ts: mid });
  };

  /** A compute slice on `node`'s compute track (seconds). */
  compute(node: number, name: string, start: number, finish: number, args: Record<string, unknown>): void {
    this.lanesOf(node);
    const tid = COMPUTE_TRACK;
    if (!this.tracks.has(node)) {
      this.tracks.add(node);
      this.event({ name: "thread_name", ph: "M", pid: node, tid, args: { name: "compute" } });
      this.event({ name: "thread_sort_index", ph: "M", pid: node, tid, args: { sort_index: -1 } });
    }
    this.event({ name, cat: "compute", ph: "X", pid: node, tid, ts: start * 1e6, dur: (finish - start) * 1e6, args });
  }

  commit(): void {
    this.file.write("\n]}\n");
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}
