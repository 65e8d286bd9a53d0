// JSONL trace (docs/MODEL.md, "Traces"): a header line, one line per transfer in schedule order, and a
// summary line. Times in seconds; begin/end are element indices of the chunk.
import type { TransferRecord } from "../engine/engine.js";
import { AtomicFile } from "../io/atomicFile.js";
import type { Network } from "../network/network.js";
import { OP_REDUCE, type Schedule } from "../schedule.js";
import type { Collective } from "../collectives.js";

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
}

export class JsonlTrace {
  private readonly file: AtomicFile;
  /** The next step whose local copies are still to be written (they go before its transfers). */
  private copiesDue = 0;

  constructor(
    path: string,
    header: TraceHeader,
    private readonly network: Network,
    private readonly schedule?: Schedule,
  ) {
    this.file = new AtomicFile(path, "--trace");
    this.file.write(JSON.stringify(header) + "\n");
  }

  /** Local copy lines of the steps up to `step` (inclusive) not yet written. */
  private copiesUpTo(step: number): void {
    const schedule = this.schedule;
    if (!schedule?.copies) return;
    for (; this.copiesDue <= step; this.copiesDue++) {
      const s = this.copiesDue;
      schedule.copies(s, { copy: (node, from, to, length) => this.file.write(JSON.stringify({ type: "copy", step: s, node, from, to, length }) + "\n") });
    }
  }

  readonly onTransfer = (t: TransferRecord): void => {
    if (t.step >= this.copiesDue) this.copiesUpTo(t.step);
    const route = t.dir ?? this.network.route(t.src, t.dst, t.pin).links.map((l) => this.network.linkName(l));
    this.file.write(
      JSON.stringify({
        type: "transfer",
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
        ready: t.ready,
        start: t.start,
        finish: t.finish,
      }) + "\n",
    );
  };

  commit(summary: Record<string, unknown>): void {
    if (this.schedule) this.copiesUpTo(this.schedule.steps);
    this.file.write(JSON.stringify({ type: "summary", ...summary }) + "\n");
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}
