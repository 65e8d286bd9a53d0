// npm run bench: engine throughput (WebAssembly against the TypeScript reference, same run),
// scaling with N, closed-form evaluation rate, and sweep throughput on 1 and 2 threads,
// command-line start-up against bare node, WRHT on a million nodes through the command line, the
// contended runs against their targets and the cost per transfer under contention,
// the group-size plan, the web explorer in headless Chromium (skipped without it), and the peer
// benchmark against SimGrid (skipped without SimGrid).
// Options: --quick (smaller sizes, fewer iterations),
//          --only=engine|traced|scaling|closed|plan|startup|cli|contention|faults|sharing|collectives|dependencies|train|sweep|web|peer
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import { formatTable } from "../src/cli/table.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { planGroupSizes } from "../src/algorithms/wrhtPlan.js";
import type { Collective } from "../src/core/collectives.js";
import { analytic, simulate } from "../src/api/simulate.js";
import { train } from "../src/api/train.js";
import { type LayeredModel, layeredModel } from "../src/workload/layers.js";
import { ExplicitSchedule, OP_COPY, PIN_CW, type Transfer } from "../src/core/schedule.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { Star } from "../src/network/star.js";
import { type FaultSpec, resolveFaults } from "../src/faults/faultSet.js";
import { peerBenchmark } from "./peer.js";
import { pipelinedWrht } from "../src/algorithms/pipelinedWrht.js";
import { mscclSchedule, parseMsccl } from "../src/import/msccl.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import type { Schedule } from "../src/core/schedule.js";
import { sweepThroughput } from "./sweepThroughput.js";
import { webPageBenchmark } from "./webPage.js";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const want = (part: string) => only === undefined || only === part;
const ring = (nodes: number) => new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes });
const mean = (bench: Bench, name: string): number => {
  const r = bench.getTask(name)?.result;
  if (!r || !("latency" in r)) throw new Error(`benchmark ${name} did not complete`);
  return r.latency.mean / 1000;
};

console.log(`WRHT-Sim benchmarks, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);

if (want("engine")) {
  // Ring all-reduce, 25M fp32 elements, async: WebAssembly and TypeScript engines in one run
  const sizes = quick ? [1024] : [1024, 4096];
  const transfers = new Map<string, number>();
  const rss = new Map<string, number>();
  const rows: string[][] = [];
  for (const nodes of sizes) {
    for (const engine of ["wasm", "js"] as const) {
      // the reference engine takes about a minute at 4096 nodes: one iteration there
      const bench = new Bench({ iterations: engine === "js" && nodes > 1024 ? 1 : 3, time: 0, warmup: engine === "wasm", warmupIterations: 1, throws: true });
      const key = `ring N=${nodes} ${engine}`;
      bench.add(key, () => {
        const r = simulate({ network: ring(nodes), algorithm: "ring", elements: 25e6, engine });
        transfers.set(key, r.transfers);
        rss.set(key, Math.max(rss.get(key) ?? 0, process.memoryUsage().rss));
      });
      await bench.run();
      const s = mean(bench, key);
      transfers.set(`${key} s`, s);
    }
    for (const engine of ["wasm", "js"] as const) {
      const key = `ring N=${nodes} ${engine}`;
      const s = transfers.get(`${key} s`) as number;
      const n = transfers.get(key) as number;
      const ratio = engine === "wasm" ? `${((transfers.get(`ring N=${nodes} js s`) as number) / s).toFixed(1)}x` : "-";
      rows.push(["ring", String(nodes), engine, n.toLocaleString("en-US"), s.toFixed(3), (n / s / 1e6).toFixed(1), ((rss.get(key) ?? 0) / 2 ** 20).toFixed(0), ratio]);
    }
  }
  console.log("\nEngine throughput (Ring all-reduce, 25M fp32 elements, 64 wavelengths, async; one transfer-event = one transfer)");
  console.log(formatTable(["workload", "N", "engine", "transfers", "seconds", "M transfer-events/s", "process RSS MiB", "wasm/js"], rows));
}

if (want("traced")) {
  // every transfer handed to a callback, as traces and the web explorer's drawings take them:
  // Ring all-reduce on 1024 nodes (2.1 M transfers), wasm with and without the callback, and js
  const rows: string[][] = [];
  const cases: [string, "wasm" | "js", boolean][] = [["wasm, no callback", "wasm", false], ["wasm, onTransfer", "wasm", true], ["js, onTransfer", "js", true]];
  const seconds = new Map<string, number>();
  for (const [name, engine, traced] of cases) {
    const bench = new Bench({ iterations: engine === "js" ? 1 : 3, time: 0, warmup: engine === "wasm", warmupIterations: 1, throws: true });
    let n = 0;
    bench.add(name, () => {
      let seen = 0;
      const r = simulate({ network: ring(1024), algorithm: "ring", elements: 25e6, engine, onTransfer: traced ? () => void seen++ : undefined });
      if (traced && seen !== r.transfers) throw new Error(`${name}: ${seen} callbacks for ${r.transfers} transfers`);
      n = r.transfers;
    });
    await bench.run();
    const s = mean(bench, name);
    seconds.set(name, s);
    rows.push([name, n.toLocaleString("en-US"), s.toFixed(3), Number((n / s / 1e6).toPrecision(3)).toString()]);
  }
  console.log("\nTraced runs (Ring all-reduce, 1024 nodes, 25M fp32 elements; a callback per transfer)");
  console.log(formatTable(["engine", "transfers", "seconds", "M transfers/s"], rows));
  console.log(`wasm with the callback is ${((seconds.get("js, onTransfer") as number) / (seconds.get("wasm, onTransfer") as number)).toFixed(1)}x the reference engine`);
}

if (want("scaling")) {
  // each point in a fresh process, so its peak memory is its own
  const point = fileURLToPath(new URL("./point.js", import.meta.url));
  const run = (alg: string, n: number) => JSON.parse(execFileSync(process.execPath, [point, alg, String(n)], { encoding: "utf8" }));
  const rows: string[][] = [];
  const ringSizes = quick ? [256, 1024, 4096] : [256, 512, 1024, 2048, 4096, 8192, 16384];
  const wrhtSizes = quick ? [4096, 65536] : [4096, 16384, 65536, 262144, 1048576];
  for (const [alg, sizes] of [["ring", ringSizes], ["wrht", wrhtSizes]] as const) {
    let prev: { nodes: number; seconds: number; transfers: number } | undefined;
    for (const n of sizes) {
      const p = run(alg, n);
      const growth = prev ? `x${(p.seconds / prev.seconds).toFixed(2)} time, x${(p.transfers / prev.transfers).toFixed(2)} transfers for x${(n / prev.nodes).toFixed(0)} N` : "-";
      rows.push([alg, String(n), p.transfers.toLocaleString("en-US"), p.seconds.toFixed(3), (p.transfers / p.seconds / 1e6).toFixed(1), p.peakRssMiB.toFixed(0), JSON.stringify(p.params), growth]);
      prev = p;
    }
  }
  console.log("\nScaling (WebAssembly engine, 25M fp32 elements, 64 wavelengths, async, lossless ring; fresh process per row)");
  console.log(formatTable(["workload", "N", "transfers", "seconds", "M transfer-events/s", "peak RSS MiB", "params", "growth from the row above"], rows));
}

if (want("closed")) {
  const net = ring(1024);
  const bench = new Bench({ time: quick ? 200 : 1000, warmup: true, throws: true });
  let sink = 0;
  const cases: [string, string, Record<string, number>][] = [
    ["ring", "ring", {}], ["hring", "hring", {}], ["bt", "bt", {}], ["rd", "rd", {}], ["hd", "hd", {}],
    ["wrht (m = 32 given)", "wrht", { groupSize: 32 }], ["wrht (m searched)", "wrht", {}],
  ];
  for (const [name, alg, options] of cases) {
    let i = 0;
    bench.add(name, () => {
      sink += analytic(net, alg, 25e6 + (i++ & 1023), 4, options);
    });
  }
  await bench.run();
  const rows = cases.map(([name]) => {
    const s = mean(bench, name);
    return [name, (s * 1e6).toFixed(3), (1 / s / 1e6).toFixed(3)];
  });
  console.log(`\nClosed-form evaluations (analytic(), 1024-node optical ring, 100 MB; checksum ${sink > 0 ? "ok" : "0"})`);
  console.log(formatTable(["algorithm", "microseconds", "M evaluations/s"], rows));
}

if (want("plan")) {
  // `wrht-sim plan -n 65536 --regenerate` without the process: every m's plan, cold then warm
  const rows: string[][] = [];
  for (const nodes of [1024, 65536]) {
    const network = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, regenerate: true });
    let t = performance.now();
    const first = planGroupSizes(network, 100e6);
    const cold = performance.now() - t;
    const bench = new Bench({ time: quick ? 200 : 1000, warmup: false, throws: true });
    bench.add("plan", () => {
      planGroupSizes(network, 100e6);
    });
    await bench.run();
    rows.push([String(nodes), String(first.candidates.length), String(first.plan?.groupSize ?? "-"), cold.toFixed(1), (mean(bench, "plan") * 1000).toFixed(1)]);
  }
  console.log("\nWRHT group-size plan (every m, 100 MB, regeneration on; first call and mean of repeats, in-process)");
  console.log(formatTable(["N", "m tried", "m chosen", "first call ms", "repeat ms"], rows));
}

// the bundled command line, as `npm start` and the installed bin run it
const cliPath = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const timeBinary = "/usr/bin/time";
/** Wall seconds and peak RSS (MiB, when GNU time is installed) of one command-line run. */
function runCli(args: string[]): { seconds: number; rssMiB?: number } {
  const useTime = existsSync(timeBinary);
  const started = performance.now();
  const r = useTime
    ? spawnSync(timeBinary, ["-f", "%M", process.execPath, cliPath, ...args], { encoding: "utf8", maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`wrht-sim ${args.join(" ")} failed: ${r.stderr}`);
  const kb = useTime ? Number(r.stderr.trim().split("\n").pop()) : Number.NaN;
  return { seconds, rssMiB: Number.isFinite(kb) ? kb / 1024 : undefined };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (want("startup")) {
  // alternate the commands so drift in machine load hits them all alike; median of the rounds
  const commands: [string, string[]][] = [
    ['node -e ""', ["-e", ""]],
    ["wrht-sim --help", [cliPath, "--help"]],
    ["wrht-sim models", [cliPath, "models"]],
    ["wrht-sim run -n 4 --size 1MB", [cliPath, "run", "-n", "4", "--size", "1MB"]],
  ];
  const rounds = quick ? 5 : 15;
  const times = commands.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    commands.forEach(([, args], i) => {
      const started = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${commands[i][0]} failed: ${r.stderr}`);
      times[i].push((performance.now() - started) / 1000);
    });
  }
  const bare = median(times[0]);
  const rows = commands.map(([name], i) => [name, median(times[i]).toFixed(3), i === 0 ? "-" : `+${(median(times[i]) - bare).toFixed(3)}`]);
  console.log(`\nStart-up (median of ${rounds} alternating rounds, wall seconds of the whole process)`);
  console.log(formatTable(["command", "seconds", "over bare node"], rows));
}

if (want("cli")) {
  // WRHT on a million-node lossless ring through the command line: the default (async, greedy)
  // and the other grant policy and mode, each a fresh process
  const nodes = quick ? 262144 : 1048576;
  const base = ["run", "-n", String(nodes), "-a", "wrht", "--size", "100MB", "--through-db", "0"];
  const rows: string[][] = [];
  for (const [mode, grants] of [["async", "greedy"], ["async", "reservation"], ["lockstep", "greedy"], ["lockstep", "reservation"]]) {
    const r = runCli([...base, "--mode", mode, "--grants", grants]);
    rows.push([String(nodes), mode, grants, r.seconds.toFixed(2), r.rssMiB === undefined ? "-" : r.rssMiB.toFixed(0)]);
  }
  console.log(`\nWRHT through the command line (wrht-sim ${base.join(" ")} --mode M --grants G; fresh process each)`);
  console.log(formatTable(["N", "mode", "grants", "wall s", "peak RSS MiB"], rows));
}

if (want("contention")) {
  // the runs where contention decides the answer, each a fresh process with default settings,
  // against the wall-time targets of this release
  const targets: [string[], number, number?][] = [
    [["run", "-a", "hd", "-n", "4096", "--size", "100MB"], 0.5],
    [["run", "-a", "rd", "-n", "4096", "--size", "100MB"], 0.5],
    [["run", "-c", "alltoall", "-a", "direct", "-n", "128", "--size", "1GB"], 0.3],
    [["run", "-c", "alltoall", "-a", "direct", "--network", "star", "-n", "256", "--size", "1GB"], 0.3],
    [["run", "-c", "allgather", "-a", "optree", "-n", quick ? "256" : "1024", "--size", "100MB"], 1],
    [["run", "-a", "wrht", "-n", quick ? "262144" : "1048576", "--size", "100MB", "--through-db", "0"], 1, 512],
    [["train", "-m", "gpt2-xl", "--strategy", "fsdp", "-a", "ring", "-n", quick ? "256" : "1024"], 10],
  ];
  // (direct all-to-all of 1,024 nodes, target 5 s, is left out: it runs longer than 15 minutes
  // under greedy grants; docs/BENCHMARKS.md says so)
  const rows: string[][] = [];
  for (const [args, seconds, mib] of targets) {
    const r = runCli(args);
    const met = r.seconds <= seconds && (mib === undefined || (r.rssMiB ?? 0) < mib);
    rows.push([`wrht-sim ${args.join(" ")}`, r.seconds.toFixed(2), r.rssMiB === undefined ? "-" : r.rssMiB.toFixed(0), `${seconds} s${mib ? `, ${mib} MiB` : ""}`, met ? "met" : "missed"]);
  }
  console.log("\nContended runs through the command line (fresh process each, default settings)");
  console.log(formatTable(["command", "wall s", "peak RSS MiB", "target", ""], rows));

  // cost per transfer against path length: every node of a 4,096-node ring sends `hops` hops
  // clockwise, 32 steps (async), so each link carries `hops` lightpaths per step on 64 wavelengths
  // and transfers wait once hops pass 64
  const nodes = quick ? 1024 : 4096;
  const scaling: string[][] = [];
  for (const hops of [1, 4, 16, 64, 256, 1024, 2048].filter((h) => h <= nodes / 2)) {
    const step: Transfer[] = Array.from({ length: nodes }, (_, i) => ({ src: i, dst: (i + hops) % nodes, begin: 0, end: 1000, op: OP_COPY, pin: PIN_CW }));
    const schedule = new ExplicitSchedule(nodes, 1000, Array.from({ length: 32 }, () => step), "shift");
    scaling.push(engineRate(`shift, ${hops} hops`, ring(nodes), schedule));
  }
  // against the number of transfers waiting at once: in each step every other node of a star sends
  // to one node (incast: all but one wait for its down-link), a different node each step
  for (const n of quick ? [64, 256, 1024] : [64, 256, 1024, 4096]) {
    const steps: Transfer[][] = Array.from({ length: 16 }, (_, s) =>
      Array.from({ length: n - 1 }, (_, i) => ({ src: (s + 1 + i) % n, dst: s % n, begin: 0, end: 1000, op: OP_COPY, pin: 0 })),
    );
    scaling.push(engineRate(`star incast, ${n - 2} waiting`, new Star({ nodes: n }), new ExplicitSchedule(n, 1000, steps, "incast"), "lockstep"));
  }
  console.log(`\nCost per transfer under contention (WebAssembly engine, in-process, greedy, 4 kB transfers; async: every node sends h hops clockwise on a ${nodes}-node ring with 64 wavelengths, 32 steps; lockstep: 16 incasts on a star, each to another node)`);
  console.log(formatTable(["pattern", "transfers", "waited (transfers)", "seconds", "transfers/s", "us per transfer"], scaling));
}

/** One engine run of `schedule`: its transfers, how many waited, wall seconds and the rate. */
function engineRate(name: string, network: OpticalRing | Star, schedule: ExplicitSchedule, mode: "async" | "lockstep" = "async"): string[] {
  let waited = 0;
  let transfers = 0;
  const started = performance.now();
  new WasmEngine().run({
    network, schedule, mode, grants: "greedy", elementBytes: 4,
    onTransfer: (t) => {
      transfers++;
      if (t.start > t.ready) waited++;
    },
  });
  const s = (performance.now() - started) / 1000;
  return [name, transfers.toLocaleString("en-US"), waited.toLocaleString("en-US"), s.toFixed(3), Math.round(transfers / s).toLocaleString("en-US"), ((s / transfers) * 1e6).toFixed(2)];
}

if (want("faults")) {
  // faults and variability on the 1,024-node ring: what a cut, a straggler or jitter costs in
  // engine time (a cut turns the one-hop fast path off; factors run on the event loop, never
  // streamed), WebAssembly against the reference engine on one jittered case, same run
  const shape = { nodes: 1024, ring: true, bidirectional: true, wavelengths: 64, tx: 0, rx: 0 };
  const cases: [string, FaultSpec | undefined][] = [
    ["whole ring", undefined], ["one cut", { cuts: [511] }], ["slow node x2", { slow: [[100, 2]] }], ["jitter lognormal 0.2", { jitter: { kind: "lognormal", sigma: 0.2 }, seed: 1 }],
  ];
  const rows: string[][] = [];
  for (const algorithm of ["ring", "wrht", "hd"]) {
    for (const [what, spec] of cases) {
      const network = new OpticalRing({ nodes: 1024, faults: spec ? resolveFaults(spec, shape) : undefined });
      const bench = new Bench({ iterations: quick ? 1 : 3, time: 0, warmup: true, warmupIterations: 1, throws: true });
      let r = simulate({ network, algorithm, elements: 25_557_032 });
      bench.add(what, () => {
        r = simulate({ network, algorithm, elements: 25_557_032 });
      });
      await bench.run();
      const s = mean(bench, what);
      rows.push([`${algorithm}, ${what}`, (r.time * 1e3).toFixed(3), r.transfers.toLocaleString("en-US"), s.toFixed(3), Math.round(r.transfers / s).toLocaleString("en-US")]);
    }
  }
  console.log("\nFaults on the 1,024-node ring, ResNet50's all-reduce (in-process simulate(), WebAssembly, mean of 3)");
  console.log(formatTable(["run", "simulated ms", "transfers", "engine s", "transfers/s"], rows));
  const network = new OpticalRing({ nodes: 256, faults: resolveFaults({ jitter: { kind: "lognormal", sigma: 0.2 }, slow: [[7, 1.5]], cuts: [100], seed: 3 }, { ...shape, nodes: 256 }) });
  const engines: string[][] = [];
  const seconds: Record<string, number> = {};
  for (const engine of ["wasm", "js"] as const) {
    const bench = new Bench({ iterations: quick ? 1 : 3, time: 0, warmup: true, warmupIterations: 1, throws: true });
    bench.add(engine, () => void simulate({ network, algorithm: "ring", elements: 25_557_032, engine }));
    await bench.run();
    seconds[engine] = mean(bench, engine);
  }
  engines.push(["ring, 256 nodes, cut + slow node + jitter", seconds.wasm.toFixed(3), seconds.js.toFixed(3), `${(seconds.js / seconds.wasm).toFixed(1)}x`]);
  console.log("\nThe two engines under faults (same run, mean of 3)");
  console.log(formatTable(["run", "WebAssembly s", "reference s", "WebAssembly speed-up"], engines));
}

if (want("sharing")) {
  // fair sharing (the switched networks' default) against exclusive links, same run: patterns
  // without contention must stream as fast as before; direct all-to-all through the command line
  const rows: string[][] = [];
  const runs: [string, string, number][] = [["ring", "allreduce", 1024], ["rd", "allreduce", 1024], ["bt", "allreduce", 1024], ["pairwise", "alltoall", 256]];
  for (const [algorithm, collective, nodes] of runs) {
    const seconds: Record<string, number> = {};
    let time = 0;
    for (const sharing of ["exclusive", "fair"] as const) {
      const bench = new Bench({ iterations: quick ? 2 : 5, time: 0, warmup: true, warmupIterations: 1, throws: true });
      bench.add(sharing, () => {
        time = simulate({ network: new Star({ nodes, sharing }), collective: collective as Collective, algorithm, elements: 25e6 }).time;
      });
      await bench.run();
      seconds[sharing] = mean(bench, sharing);
    }
    rows.push([`${algorithm} ${collective}, star N=${nodes}, 100 MB`, (time * 1e3).toFixed(3), seconds.exclusive.toFixed(4), seconds.fair.toFixed(4), `${(seconds.fair / seconds.exclusive).toFixed(2)}x`]);
  }
  console.log("\nFair sharing without contention: the same results, streamed as before (in-process simulate(), mean of 5)");
  console.log(formatTable(["run", "simulated ms (both)", "exclusive s", "fair s", "fair / exclusive"], rows));
  const cli = fileURLToPath(new URL("../cli/main.js", import.meta.url));
  const a2a: string[][] = [];
  for (const n of quick ? [256] : [256, 1024]) {
    const args = [cli, "run", "-c", "alltoall", "-a", "direct", "--network", "star", "-n", String(n), "--alpha", "10us", "--switch-latency", "0", "--size", "1GB", "--json"];
    const walls: number[] = [];
    let simulated = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      simulated = JSON.parse(execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26 })).time;
      walls.push((performance.now() - started) / 1000);
    }
    const best = Math.min(...walls);
    a2a.push([`direct all-to-all, star N=${n}, 1 GB per node`, (n * (n - 1)).toLocaleString("en-US"), (simulated * 1e3).toFixed(3), best.toFixed(3), n === 256 ? (best <= 0.3 ? "met (<= 0.3 s)" : "MISSED (> 0.3 s)") : "-"]);
  }
  console.log("\nDirect all-to-all under fair sharing through the command line (best of 3, process start included)");
  console.log(formatTable(["run", "messages", "simulated ms", "wall s", "target"], a2a));
}

if (want("collectives")) {
  // beyond all-reduce: a million lightpaths of one all-to-all step fighting for 64 wavelengths,
  // and the all-gather half of Ring on 4096 nodes (16.8M transfers)
  const cases: [Collective, string, number, "greedy" | "reservation"][] = [
    ["alltoall", "direct", quick ? 256 : 1024, "reservation"],
    ["alltoall", "direct", quick ? 64 : 128, "greedy"],
    ["allgather", "ring", quick ? 1024 : 4096, "greedy"],
  ];
  const rows: string[][] = [];
  for (const [collective, algorithm, nodes, grants] of cases) {
    const bench = new Bench({ iterations: quick ? 1 : 3, time: 0, warmup: false, throws: true });
    let transfers = 0;
    let wait = 0;
    bench.add("run", () => {
      const r = simulate({ network: ring(nodes), collective, algorithm, elements: 25e6, grants });
      transfers = r.transfers;
      wait = r.waitTime;
    });
    await bench.run();
    const s = mean(bench, "run");
    rows.push([collective, algorithm, String(nodes), grants, transfers.toLocaleString("en-US"), s.toFixed(3), (transfers / s / 1e6).toFixed(3), wait > 0 ? "yes" : "no"]);
  }
  console.log("\nOther collectives (WebAssembly engine, 100 MB, 64 wavelengths, async; mean of 3 runs)");
  console.log(formatTable(["collective", "algorithm", "N", "grants", "transfers", "seconds", "M transfer-events/s", "waited"], rows));
}

if (want("dependencies")) {
  // dependency schedules: pipelined WRHT on 1,024 nodes in 16 pieces (WebAssembly against the
  // reference engine, same run), and an MSCCL all-pairs all-reduce on 16 GPUs imported from XML
  // that msccl-tools generated (sweeps/msccl/), on the optical ring and the star
  const rows: string[][] = [];
  const cases: [string, () => { network: OpticalRing | Star; schedule: Schedule }][] = [
    ["pipelined WRHT, 1,024 nodes, 16 pieces", () => { const network = ring(1024); return { network, schedule: pipelinedWrht(network, 25e6, 4, { chunks: 16 }) }; }],
    ["MSCCL all-pairs all-reduce, 16 GPUs, ring", () => { const network = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 16 }); return { network, schedule: mscclBench(16e6) }; }],
    ["MSCCL all-pairs all-reduce, 16 GPUs, star", () => ({ network: new Star({ nodes: 16, alpha: 10e-6, bandwidth: 100e9, switchLatency: 500e-9, gamma: 0, tx: 0, rx: 0 }), schedule: mscclBench(16e6) })],
  ];
  for (const [name, make] of cases) {
    const built = performance.now();
    const { network, schedule } = make();
    const buildSeconds = (performance.now() - built) / 1000;
    for (const engine of ["wasm", "js"] as const) {
      const bench = new Bench({ iterations: quick || engine === "js" ? 1 : 3, time: 0, warmup: false, throws: true });
      let out = { transfers: 0, time: 0 };
      bench.add("run", () => {
        out = (engine === "wasm" ? new WasmEngine() : new ReferenceEngine()).run({ network, schedule, mode: "async", elementBytes: 4 });
      });
      await bench.run();
      const s = mean(bench, "run");
      rows.push([name, engine, out.transfers.toLocaleString("en-US"), buildSeconds.toFixed(3), s.toFixed(3), Math.round(out.transfers / s).toLocaleString("en-US"), (out.time * 1e3).toFixed(3)]);
    }
  }
  console.log("\nDependency schedules (100 MB or 64 MB, greedy, async; build = making the schedule, mean of 3 runs on WebAssembly, 1 on the reference engine)");
  console.log(formatTable(["schedule", "engine", "transfers", "build s", "run s", "transfers/s", "simulated ms"], rows));
}

/** The 16-GPU MSCCL all-pairs all-reduce of bench/msccl/ for a vector of `elements`. */
function mscclBench(elements: number): Schedule {
  const path = fileURLToPath(new URL("../../sweeps/msccl/allreduce_a100_allpairs_16_1.xml", import.meta.url));
  return mscclSchedule(parseMsccl(readFileSync(path, "utf8"), path), elements, path);
}

if (want("train")) {
  // training iterations: GPT-2 XL on 1,024 nodes through the command line (fresh process, start-up
  // included), and the library call itself for both strategies, WebAssembly against the reference
  const rows: string[][] = [];
  for (const strategy of ["ddp", "fsdp"] as const) {
    const r = runCli(["train", "-m", "gpt2-xl", "--strategy", strategy, "-n", "1024", "--json"]);
    rows.push(["command line", strategy, "wasm", "-", r.seconds.toFixed(2), r.rssMiB === undefined ? "-" : r.rssMiB.toFixed(0)]);
  }
  const model = layeredModel("gpt2-xl") as LayeredModel;
  for (const strategy of ["ddp", "fsdp"] as const) {
    for (const engine of ["wasm", "js"] as const) {
      const bench = new Bench({ iterations: engine === "js" ? 1 : 3, time: 0, warmup: false, throws: true });
      let transfers = 0;
      bench.add("train", () => {
        const r = train({ network: ring(1024), model, strategy, algorithms: { allreduce: "wrht", allgather: "wrht", reducescatter: "wrht" }, engine });
        transfers = r.transfers;
      });
      await bench.run();
      rows.push(["train()", strategy, engine, transfers.toLocaleString("en-US"), mean(bench, "train").toFixed(3), "-"]);
    }
  }
  console.log("\nTraining iterations (GPT-2 XL, 1024 nodes, 64 wavelengths, WRHT, 125 TFLOP/s; command line: wrht-sim train -m gpt2-xl --strategy S -n 1024 --json, a fresh process)");
  console.log(formatTable(["how", "strategy", "engine", "transfers", "seconds", "peak RSS MiB"], rows));
}

if (want("sweep")) {
  const rows = await sweepThroughput(fileURLToPath(new URL("../../sweeps/bench-200.yaml", import.meta.url)), quick ? 1 : 2);
  console.log("\nSweep throughput (sweeps/bench-200.yaml, largest points first, Piscina; results byte-identical)");
  console.log(formatTable(["sweep", "threads", "seconds", "points/s", "speed-up"], rows));
}

if (want("web")) {
  const rows = await webPageBenchmark(
    [
      { run: "wrht, 64 nodes, 4 wavelengths (the page's default)", query: "", settings: { algorithm: "wrht", nodes: "64", wavelengths: "4", size: "100MB" } },
      { run: "ring, 1024 nodes", query: "?algorithm=ring&nodes=1024&wavelengths=", settings: { algorithm: "ring", nodes: "1024", size: "100MB" } },
      { run: "alltoall direct, 1024 nodes, reservation", query: "?collective=alltoall&algorithm=direct&nodes=1024&wavelengths=&size=1GB&grants=reservation", settings: { collective: "alltoall", algorithm: "direct", nodes: "1024", size: "1GB", grants: "reservation" } },
    ],
    quick ? 1 : 3,
  );
  if (rows) {
    console.log("\nWeb explorer in headless Chromium: opening the page to its result, against the same run in Node with a callback per transfer");
    console.log(formatTable(["run", "transfers", "page s", "Node s", "page / Node"], rows.map((r) => [r.run, r.transfers.toLocaleString("en-US"), r.pageSeconds.toFixed(3), r.nodeSeconds.toFixed(3), `${(r.pageSeconds / r.nodeSeconds).toFixed(2)}x`])));
  }
}

if (want("peer")) {
  const peer = peerBenchmark(quick);
  if (peer) {
    console.log("\nSimGrid against WRHT-Sim: simulated times of the same patterns on the same star (alpha 10 us, 100 Gb/s)");
    console.log(formatTable(["pattern", "N", "SimGrid s", "WRHT-Sim s", "relative difference", "same messages"], peer.agreement));
    console.log("\nContended patterns, fair sharing against SimGrid's max-min sharing (alpha 10 us, 100 Gb/s node links, 62.5 kB per block: 62.5 kB x N per node; bench/peerPatterns.ts)");
    console.log(formatTable(["pattern", "N", "SimGrid s", "WRHT-Sim s", "relative difference", "same messages"], peer.contended));
    console.log("\nWall time: direct all-to-all of 1 GB per node under fair sharing, and Ring all-reduce of 100 MB (one transfer = one message)");
    console.log(formatTable(["run", "messages", "SimGrid s", "SimGrid M msg/s", "WRHT-Sim CLI s", "CLI M msg/s", "CLI speed-up", "in-process s", "in-process M msg/s", "in-process speed-up"], peer.speed));
  }
}
