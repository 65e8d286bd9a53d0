// Runs a sweep on a Piscina pool: largest points first, every finished point appended to a
// journal at once, the sorted results written atomically at the end. An interrupted sweep
// (Ctrl-C, kill -9) resumes from the journal with --resume and ends with the same file.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { getAlgorithm } from "../algorithms/index.js";
import { buildSchedule } from "../api/simulate.js";
import { algorithmOptionsOf, buildNetwork, parseRunConfig, workloadOf } from "../config/runConfig.js";
import { InputError } from "../core/errors.js";
import { parseTrainConfig } from "../config/trainConfig.js";
import { planIteration } from "../api/train.js";
import { writeFileAtomic } from "../io/atomicFile.js";
import { type Row, columnsFor, formatOf, jsonLine, parseJsonLines, readRows, renderRows } from "./rows.js";
import { type Shard, inShard } from "./shard.js";
import type { Sweep, SweepPoint } from "./spec.js";
import type { PointTask } from "./worker.js";

export interface SweepRunOptions {
  sweep: Sweep;
  /** Final results file (.csv or .jsonl). */
  out: string;
  threads?: number;
  resume?: boolean;
  shard?: Shard;
  /** Called as each point finishes (a progress bar, a log): points done in this run, and to do. */
  onPoint?: (done: number, total: number, label: string) => void;
}

export interface SweepOutcome {
  out: string;
  journal: string;
  /** Points in this run (this shard). */
  total: number;
  /** Finished by an earlier, interrupted run. */
  resumed: number;
  ran: number;
  failed: number;
  interrupted: boolean;
  rows: Row[];
}

export function journalPath(out: string): string {
  return `${out}.partial.jsonl`;
}

/**
 * The engine's work for a point, to run the largest first: transfers, each weighted by the links
 * it crosses (long lightpaths cost a scan per link), from a sample of the schedule's steps.
 */
export function estimateCost(p: SweepPoint): number {
  try {
    // a training iteration: its collectives times the nodes (a coarse order is all this needs)
    if (p.settings.strategy !== undefined) {
      const t = parseTrainConfig(p.settings);
      return planIteration({ network: buildNetwork(t.run), model: t.model, strategy: t.strategy, algorithms: t.algorithms, bucketBytes: t.bucketBytes, elementBytes: t.elementBytes }).plan.calls.length * t.run.nodes;
    }
    const cfg = parseRunConfig(p.settings);
    const net = buildNetwork(cfg);
    const quick = getAlgorithm(cfg.algorithm, cfg.collective).estimateTransfers;
    if (quick) return quick(net);
    const w = workloadOf(cfg);
    const s = buildSchedule(net, cfg.algorithm, w.elements, w.elementBytes, algorithmOptionsOf(cfg), cfg.collective);
    const every = Math.max(1, Math.floor(s.steps / 4));
    let n = 0;
    let sampledTransfers = 0;
    let sampledLinks = 0;
    for (let i = 0; i < s.steps; i++) {
      const size = s.stepSize(i);
      n += size;
      if (i % every !== 0 || size === 0) continue;
      let seen = 0;
      s.emit(i, {
        add(src, dst, _b, _e, _op, pin) {
          if (seen++ % Math.max(1, Math.floor(size / 64)) !== 0) return;
          sampledTransfers++;
          sampledLinks += net.cost(src, dst, pin).hops;
        },
      });
    }
    return n * (1 + sampledLinks / Math.max(1, sampledTransfers));
  } catch {
    return 0; // a bad point fails fast in the worker
  }
}

function finishedRows(o: SweepRunOptions, wanted: Map<string, SweepPoint>, journal: string): Row[] {
  const found = new Map<string, Row>();
  const take = (rows: Row[], from: string) => {
    for (const r of rows) {
      if (r.sweep !== o.sweep.hash) throw new InputError("--resume", from, `results of this sweep (${o.sweep.hash}); ${from} holds sweep ${r.sweep}: delete it or choose another --out`);
      if (wanted.has(String(r.id))) found.set(String(r.id), r);
    }
  };
  if (existsSync(o.out)) take(readRows(o.out).rows, o.out);
  if (existsSync(journal)) take(parseJsonLines(readFileSync(journal, "utf8"), journal), journal);
  return [...found.values()];
}

export async function runSweep(o: SweepRunOptions): Promise<SweepOutcome> {
  const format = formatOf(o.out);
  const columns = columnsFor(o.sweep.axisNames, o.sweep.namesCollective, o.sweep.training, o.sweep.faulty);
  const journal = journalPath(o.out);
  const points = o.sweep.points.filter((p) => inShard(p.index, o.shard));
  const wanted = new Map(points.map((p) => [p.id, p]));

  if (existsSync(journal) && !o.resume) {
    throw new InputError("--out", o.out, `a path without an interrupted run: ${journal} exists; pass --resume to finish that run, or delete it`);
  }
  const done = o.resume ? finishedRows(o, wanted, journal) : [];
  const doneIds = new Set(done.map((r) => String(r.id)));
  const todo = points.filter((p) => !doneIds.has(p.id));
  // the workers start (load modules, compile the kernel) while this thread sizes the points
  const threads = Math.max(1, o.threads ?? availableParallelism());
  const pool = new Piscina({ filename: new URL("./worker.js", import.meta.url).href, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  const cost = new Map(todo.map((p) => [p.index, estimateCost(p)]));
  todo.sort((a, b) => (cost.get(b.index) as number) - (cost.get(a.index) as number) || a.index - b.index);

  const fd = openSync(journal, "a");
  // rows survive a killed process as soon as they are written; fsync bounds a machine crash
  const syncTimer = setInterval(() => fsyncSync(fd), 1000);
  const rows: Row[] = [...done];
  let failed = done.filter((r) => r.status !== "ok").length;
  let interrupted = false;
  let finished = 0;
  const stop = () => {
    if (interrupted) return;
    interrupted = true;
    void pool.destroy();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    // One point per thread in flight, the next handed out as one finishes: the pool's own
    // queue does not keep the largest-first order, and the tail of a sweep is where that counts.
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < todo.length && !interrupted) {
        const p = todo[next++];
        const task: PointTask = { settings: p.settings, axisNames: o.sweep.axisNames };
        let cells;
        try {
          cells = await pool.run(task);
        } catch (e) {
          if (interrupted) return;
          cells = { ...p.values, status: "error", error: (e instanceof Error ? e.message : String(e)).split("\n")[0] };
        }
        if (interrupted) return;
        const row: Row = { sweep: o.sweep.hash, point: p.index, id: p.id, ...cells };
        writeSync(fd, jsonLine(row, columns));
        rows.push(row);
        if (row.status !== "ok") failed++;
        o.onPoint?.(++finished, todo.length, `point ${p.index}`);
      }
    };
    await Promise.allSettled(Array.from({ length: threads }, lane));
  } finally {
    clearInterval(syncTimer);
    process.removeListener("SIGINT", stop);
    process.removeListener("SIGTERM", stop);
    fsyncSync(fd);
    closeSync(fd);
    if (!interrupted) await pool.destroy();
  }
  if (!interrupted) {
    writeFileAtomic(o.out, renderRows(rows, columns, format));
    unlinkSync(journal);
  }
  return { out: o.out, journal, total: points.length, resumed: done.length, ran: rows.length - done.length, failed, interrupted, rows };
}
