// Sweep throughput: the 210-point sweeps/bench-200.yaml (up to N = 4096) on 1 and on 2 worker
// threads, in the same run, through the real sweep runner (cost estimate, Piscina pool, journal,
// sorted output). Returns the rows for the benchmark table.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bench } from "tinybench";
import { runSweep } from "../src/sweep/runner.js";
import { expandSweep, readSweepFile } from "../src/sweep/spec.js";

export async function sweepThroughput(sweepFile: string, iterations: number): Promise<string[][]> {
  const sweep = expandSweep(readSweepFile(sweepFile));
  const dir = mkdtempSync(join(tmpdir(), "wrht-bench-sweep-"));
  const outputs = new Map<number, string>();
  const bench = new Bench({ iterations, time: 0, warmup: false, throws: true });
  for (const threads of [1, 2]) {
    bench.add(`sweep ${threads} thread${threads > 1 ? "s" : ""}`, async () => {
      const out = join(dir, `t${threads}.csv`);
      rmSync(out, { force: true });
      const r = await runSweep({ sweep, out, threads });
      if (r.failed > 0) throw new Error(`${r.failed} sweep points failed`);
      outputs.set(threads, readFileSync(out, "utf8"));
    });
  }
  await bench.run();
  if (outputs.get(1) !== outputs.get(2)) throw new Error("1 and 2 threads gave different results");
  rmSync(dir, { recursive: true, force: true });
  const mean = (name: string) => {
    const r = bench.getTask(name)?.result;
    if (!r || !("latency" in r)) throw new Error(`${name} did not complete`);
    return r.latency.mean / 1000;
  };
  const one = mean("sweep 1 thread");
  const two = mean("sweep 2 threads");
  return [
    [`${sweep.points.length}-point sweep`, "1 thread", one.toFixed(2), (sweep.points.length / one).toFixed(1), "-"],
    [`${sweep.points.length}-point sweep`, "2 threads", two.toFixed(2), (sweep.points.length / two).toFixed(1), `${(one / two).toFixed(2)}x`],
  ];
}
