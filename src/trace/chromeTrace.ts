// Chrome Trace Event Format (viewable in Perfetto or chrome://tracing): one complete ("X") event
// per transfer on the sending node's track, plus a flow arrow to the receiver's track.
import type { TransferRecord } from "../engine/engine.js";
import { AtomicFile } from "../io/atomicFile.js";
import { OP_REDUCE } from "../schedule.js";

export class ChromeTrace {
  private readonly file: AtomicFile;
  private first = true;
  private flow = 0;

  constructor(path: string, title: string, nodes: number) {
    this.file = new AtomicFile(path, "--chrome-trace");
    this.file.write(`{"displayTimeUnit":"ns","otherData":${JSON.stringify({ title })},"traceEvents":[\n`);
    this.event({ name: "process_name", ph: "M", pid: 0, tid: 0, args: { name: title } });
    for (let i = 0; i < nodes && i < 4096; i++) this.event({ name: "thread_name", ph: "M", pid: 0, tid: i, args: { name: `node ${i}` } });
  }

  private event(e: Record<string, unknown>): void {
    this.file.write((this.first ? "" : ",\n") + JSON.stringify(e));
    this.first = false;
  }

  readonly onTransfer = (t: TransferRecord): void => {
    const us = 1e6;
    const op = t.op === OP_REDUCE ? "reduce" : "copy";
    this.event({
      name: `${op} ${t.src}->${t.dst}`,
      cat: `step ${t.step}`,
      ph: "X",
      pid: 0,
      tid: t.src,
      ts: t.start * us,
      dur: (t.finish - t.start) * us,
      args: { step: t.step, dst: t.dst, bytes: t.bytes, channel: t.channel, hops: t.hops, dir: t.dir, ready: t.ready * us, chunk: [t.begin, t.end] },
    });
    const id = this.flow++;
    this.event({ name: "data", cat: "flow", ph: "s", id, pid: 0, tid: t.src, ts: t.start * us });
    this.event({ name: "data", cat: "flow", ph: "f", bp: "e", id, pid: 0, tid: t.dst, ts: t.finish * us });
  };

  commit(): void {
    this.file.write("\n]}\n");
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}
