// Engine throughput: transfer-events per second (one event = one transfer made ready, granted a
// channel and finished) for Ring all-reduce on the optical ring, WebAssembly vs TypeScript in the
// same run. Usage: npm run bench [-- --quick]
import { cpus, totalmem } from "node:os";
import { Bench } from "tinybench";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { type SimulationResult, simulate } from "../src/simulate.js";
import { formatTable } from "../src/cli/table.js";
import { sweepThroughput } from "./sweepThroughput.js";

interface Workload {
  name: string;
  nodes: number;
  engine: "wasm" | "js";
}

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const sweepFile = new URL("../../sweeps/bench-200.yaml", import.meta.url).pathname;
const sizes = quick ? [256, 1024] : [1024, 4096];
const workloads: Workload[] = sizes.flatMap((nodes) => (["wasm", "js"] as const).map((engine) => ({ name: "ring", nodes, engine })));

function runOnce(w: Workload): SimulationResult {
  const network = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: w.nodes });
  return simulate({ network, algorithm: w.name, elements: 25e6, engine: w.engine });
}

console.log(`WRHT-Sim benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);

if (only === undefined || only === "sweep") {
  const rows = await sweepThroughput(sweepFile, quick ? 1 : 2);
  console.log("\nSweep throughput (sweeps/bench-200.yaml, largest points first, Piscina)");
  console.log(formatTable(["sweep", "threads", "seconds", "points/s", "speed-up"], rows));
}
if (only === "sweep") process.exit(0);

const bench = new Bench({ iterations: 3, time: 0, warmup: false, throws: true });
const transfers = new Map<string, number>();
const peakRss = new Map<string, number>();
for (const w of workloads) {
  const key = `${w.name} N=${w.nodes} ${w.engine}`;
  bench.add(key, () => {
    const r = runOnce(w);
    transfers.set(key, r.transfers);
    peakRss.set(key, Math.max(peakRss.get(key) ?? 0, process.memoryUsage().rss));
  });
}
await bench.run();

const mean = (key: string): number => {
  const r = bench.getTask(key)?.result;
  if (!r || !("latency" in r)) throw new Error(`benchmark ${key} did not complete`);
  return r.latency.mean / 1000;
};

const rows: string[][] = [];
for (const w of workloads) {
  const key = `${w.name} N=${w.nodes} ${w.engine}`;
  const s = mean(key);
  const n = transfers.get(key) ?? 0;
  const ratio = w.engine === "wasm" ? (mean(`${w.name} N=${w.nodes} js`) / s).toFixed(1) + "x" : "-";
  rows.push([w.name, String(w.nodes), w.engine, n.toLocaleString("en-US"), s.toFixed(3), ((n / s) / 1e6).toFixed(2), ((peakRss.get(key) ?? 0) / 2 ** 20).toFixed(0), ratio]);
}
console.log("\nEngine throughput (Ring all-reduce, 25M fp32 elements, optical ring, async)");
console.log(formatTable(["workload", "N", "engine", "transfers", "seconds", "M transfer-events/s", "RSS MiB", "wasm/js"], rows));
