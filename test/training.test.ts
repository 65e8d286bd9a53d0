// Training iterations: several schedules in one run (releases, streams), DDP and FSDP, and the
// train command. Expectations come from outside the code under test: the other engine, runs of
// single collectives, closed-form compute, the independent trace replay and data replay.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Engine, EngineOutput, TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { type ScheduledCollective, ScheduleList } from "../src/engine/schedules.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";
import { ExplicitSchedule } from "../src/core/schedule.js";
import { JsonlTrace } from "../src/trace/jsonlTrace.js";
import { type TrainResult, train } from "../src/api/train.js";
import { simulate } from "../src/api/simulate.js";
import type { LayeredModel } from "../src/workload/layers.js";
import { type RingCase, networkOf, ringCase } from "./helpers/arbitraries.js";
import { cli } from "./helpers/cli.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";

type Outcome = { out?: EngineOutput; records: TransferRecord[]; error?: string };

function runList(engine: Engine, c: RingCase, list: ScheduleList): Outcome {
  const records: TransferRecord[] = [];
  try {
    const out = engine.run({ network: networkOf(c), schedule: list.combined, schedules: list, mode: "async", grants: c.grants, elementBytes: 4, window: c.window, onTransfer: (t) => records.push(t) });
    return { out, records };
  } catch (e) {
    return { records: [], error: (e as Error).message };
  }
}

/** The case's steps cut into schedules on random streams, released at fixed times or when earlier ones finish. */
const severalCase = fc.record({
  c: ringCase,
  parts: fc.array(fc.tuple(fc.nat(2), fc.nat(3), fc.nat(30), fc.nat(3)), { minLength: 1, maxLength: 6 }),
});

function listOf({ c, parts }: { c: RingCase; parts: [number, number, number, number][] }): ScheduleList {
  const entries: ScheduledCollective[] = [];
  let from = 0;
  let fixed = 0;
  let dependent = false;
  parts.forEach(([stream, kind, lag, take], i) => {
    const to = i === parts.length - 1 ? c.steps.length : Math.min(c.steps.length, from + take);
    const schedule = new ExplicitSchedule(c.nodes, c.elements, c.steps.slice(from, to), "random");
    from = to;
    if (i === 0 || (kind === 0 && !dependent)) {
      fixed += lag * 1e-6;
      entries.push({ schedule, stream, release: fixed });
    } else {
      // released `lag` after an earlier schedule and the one before it are done
      dependent = true;
      const dep = Math.max(0, kind - 1) % i;
      entries.push({ schedule, stream, release: { after: [dep, i - 1], at: (done) => Math.max(done(dep), done(i - 1)) + lag * 1e-6 } });
    }
  });
  return new ScheduleList(entries);
}

describe("several schedules in one run", () => {
  test("the two engines agree on every transfer, release and completion: random schedules on random streams, fixed and dependent releases, heavy contention", () => {
    let contended = 0;
    let overlapping = 0;
    fc.assert(
      fc.property(severalCase, (k) => {
        const list = listOf(k);
        const a = runList(new WasmEngine(), k.c, list);
        const b = runList(new ReferenceEngine(), k.c, list);
        const d = runList(new WasmEngine({ streaming: false }), k.c, list);
        expect(a.error).toEqual(b.error);
        expect(d.error).toEqual(b.error);
        if (a.error) return;
        expect(a.records).toEqual(b.records);
        expect(a.out).toEqual(b.out);
        expect(d.records).toEqual(b.records);
        expect(d.out).toEqual(b.out);
        const out = a.out as EngineOutput;
        if (out.waitTime > 0) contended++;
        // schedules on different streams in flight at once
        const spans = list.entries.map((e, i) => ({ s: e.stream, a: out.releases?.[i] ?? 0, b: out.scheduleDone?.[i] ?? 0 }));
        if (spans.some((x, i) => spans.some((y, j) => j > i && x.s !== y.s && x.a < y.b && y.a < x.b))) overlapping++;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600), seed: Number(process.env.FUZZ_SEED ?? 20261128) },
    );
    expect(contended).toBeGreaterThan(100);
    expect(overlapping).toBeGreaterThan(50);
  }, 120_000);

  test("every multi-schedule trace passes the independent replay: readiness per stream and release, exclusive channels, greed, each schedule's data", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-several-"));
    let checked = 0;
    fc.assert(
      fc.property(severalCase, (k) => {
        // the replay checks all-reduce data: each schedule a random explicit one is not, so data is off here
        const list = listOf(k);
        // one schedule released at once on one stream is a plain run (its trace names no schedules)
        if (!list.multi) return;
        const path = join(dir, `t${checked}.jsonl`);
        const net = networkOf(k.c);
        const trace = new JsonlTrace(path, undefined, net, list);
        let out: EngineOutput;
        try {
          out = new WasmEngine().run({ network: net, schedule: list.combined, schedules: list, mode: "async", grants: k.c.grants, elementBytes: 4, onTransfer: trace.onTransfer });
        } catch {
          trace.abort();
          return;
        }
        trace.commit({ time: out.time, transfers: out.transfers }, {
          type: "header", version: 1, collective: "allreduce", algorithm: "random", nodes: k.c.nodes, elements: k.c.elements, elementBytes: 4, network: net.describe(),
          mode: "async", grants: k.c.grants, ...(net.kind === "optical-ring" ? { routing: k.c.routing } : {}), params: {},
          schedules: list.entries.map((e, i) => ({ collective: "allreduce", algorithm: "random", elements: k.c.elements, release: (out.releases as Float64Array)[i], stream: e.stream })),
        });
        expect(checkTrace(parseTrace(readFileSync(path, "utf8")), { data: false })).toEqual([]);
        checked++;
      }),
      { numRuns: 150, seed: 7 },
    );
    expect(checked).toBeGreaterThan(80);
  }, 120_000);

  test("one schedule released at 0 on stream 0 is a plain run, record for record", () => {
    fc.assert(
      fc.property(ringCase, (c) => {
        const schedule = new ExplicitSchedule(c.nodes, c.elements, c.steps, "random");
        const list = new ScheduleList([{ schedule, stream: 0, release: 0 }]);
        expect(list.multi).toBe(false);
        const viaList = runList(new WasmEngine(), c, list);
        const records: TransferRecord[] = [];
        let out: EngineOutput | undefined;
        try {
          out = new ReferenceEngine().run({ network: networkOf(c), schedule, mode: "async", grants: c.grants, elementBytes: 4, onTransfer: (t) => records.push(t) });
        } catch (e) {
          expect(viaList.error).toBe((e as Error).message);
          return;
        }
        expect(viaList.records).toEqual(records);
        expect(viaList.out).toEqual(out);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  test("a later release delays exactly: a schedule released at r on an idle network starts at r", () => {
    const net = new OpticalRing({ nodes: 8, wavelengths: 4 });
    const t = { src: 0, dst: 3, begin: 0, end: 1000, op: 0 as const, pin: 0 as const };
    const one = new ExplicitSchedule(8, 1000, [[t]]);
    const alone = new ReferenceEngine().run({ network: net, schedule: one, mode: "async", elementBytes: 4 });
    const list = new ScheduleList([
      { schedule: one, stream: 0, release: 0 },
      { schedule: one, stream: 1, release: 1 },
    ]);
    for (const engine of [new WasmEngine(), new ReferenceEngine()]) {
      const out = engine.run({ network: net, schedule: list.combined, schedules: list, mode: "async", elementBytes: 4 });
      expect(out.scheduleDone?.[0]).toBe(alone.time);
      expect(out.scheduleDone?.[1]).toBe(1 + alone.time);
      expect(out.time).toBe(1 + alone.time);
    }
  });
});

/** A random layer-wise model: 1-9 layers, some without parameters, some without compute. */
const layersArb = fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4000 })), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e9 }))), { minLength: 1, maxLength: 9 })
  .filter((ls) => ls.some(([p]) => p > 0))
  .map((ls): LayeredModel => ({ name: "random", sample: "sample", layers: ls.map(([params, f], i) => ({ name: `l${i}`, params, forwardFlops: f, backwardFlops: 2 * f })) }));

/**
 * The iteration on both engines, required equal; undefined when it is refused, which the
 * reference must do with the same message (WRHT may find no feasible group on few wavelengths).
 */
function trainOnBoth(base: Omit<Parameters<typeof train>[0], "engine">): TrainResult | undefined {
  let a: TrainResult;
  try {
    a = train({ ...base, engine: "wasm" });
  } catch (e) {
    expect(() => train({ ...base, engine: "js" })).toThrow((e as Error).message);
    return undefined;
  }
  expect(train({ ...base, engine: "js" })).toEqual(a);
  return a;
}

describe("training iterations", () => {
  test("both engines give the same iteration, collective for collective: random layer lists, DDP buckets, FSDP streams, contended rings and stars", () => {
    fc.assert(
      fc.property(
        layersArb, fc.constantFrom("ddp" as const, "fsdp" as const), fc.integer({ min: 2, max: 12 }), fc.constantFrom("ring", "wrht"), fc.integer({ min: 1, max: 3 }),
        fc.boolean(), fc.integer({ min: 4, max: 20000 }), fc.constantFrom(1e-3, 1, 1000),
        (model, strategy, nodes, algorithm, wavelengths, star, bucketBytes, tflops) => {
          const network = star ? new Star({ nodes }) : new OpticalRing({ nodes, wavelengths });
          const base = { network, model, strategy, algorithms: { allreduce: algorithm, allgather: algorithm, reducescatter: algorithm }, bucketBytes, deviceTflops: tflops };
          trainOnBoth(base);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  }, 120_000);

  test("DDP with pipelined WRHT (dependency schedules in the iteration's list): both engines agree, and each bucket's all-reduce takes what it takes alone once released", () => {
    let aloneChecked = 0;
    fc.assert(
      fc.property(layersArb, fc.integer({ min: 3, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 400, max: 20000 }), (model, nodes, wavelengths, chunks, bucketBytes) => {
        const network = new OpticalRing({ nodes, wavelengths });
        const base = { network, model, strategy: "ddp" as const, algorithms: { allreduce: "wrht", allgather: "wrht", reducescatter: "wrht" }, options: { chunks }, bucketBytes, deviceTflops: 1e-3 };
        const a = trainOnBoth(base);
        if (!a) return;
        // a bucket released after the others are done has the network to itself
        let busyUntil = 0;
        for (const c of a.collectives) {
          if (c.release >= busyUntil) {
            const alone = simulate({ network, algorithm: "wrht", elements: c.elements, options: { chunks } });
            expect(c.time).toBeCloseTo(alone.time, 12);
            aloneChecked++;
          }
          busyUntil = Math.max(busyUntil, c.done);
        }
      }),
      { numRuns: 60, seed: 12 },
    );
    expect(aloneChecked).toBeGreaterThan(40);
  }, 120_000);

  test("DDP: one all-reduce per bucket, released when backward has produced the bucket's last gradient", () => {
    const model: LayeredModel = { name: "m", sample: "s", layers: [30, 0, 500, 70, 900].map((p, i) => ({ name: `l${i}`, params: p, forwardFlops: 1e9 * (i + 1), backwardFlops: 2e9 * (i + 1) })) };
    const r = train({ network: new OpticalRing({ nodes: 4, wavelengths: 8 }), model, strategy: "ddp", algorithms: { allreduce: "ring", allgather: "ring", reducescatter: "ring" }, bucketBytes: 2000, deviceTflops: 1 });
    // by hand, in reverse order with a 2000-byte cap (fp32): [900] (3600 B) closes at layer 4;
    // 70 + 500 (2280 B) at layer 2; the empty layer 1 is skipped; [30] is what is left, at layer 0
    const buckets = [{ elements: 900, readyAfter: 4 }, { elements: 570, readyAfter: 2 }, { elements: 30, readyAfter: 0 }];
    expect(r.collectives.map((c) => c.elements)).toEqual(buckets.map((b) => b.elements));
    // forward 1+2+3+4+5 GFLOP at 1 TFLOP/s = 15 ms; backward from layer 4 down, 2 ms per GFLOP-unit
    const fwd = 15e-3;
    const backEnd = (i: number) => fwd + [4, 3, 2, 1, 0].filter((j) => j >= i).reduce((s, j) => s + 2e-3 * (j + 1), 0);
    buckets.forEach((b, k) => expect(r.collectives[k].release).toBeCloseTo(backEnd(b.readyAfter), 15));
    expect(r.compute).toBeCloseTo(3 * fwd, 15);
  });

  test("FSDP: every layer's parameters were whole on every node before its compute ran, and every gradient shard holds the exact sum (trace and data replay)", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-fsdp-"));
    const layers = join(dir, "m.yaml");
    writeFileSync(layers, "name: small\nbatch: 2\nlayers:\n  - { name: a, params: 1000, forwardFlops: 2G }\n  - { name: act, params: 0, forwardFlops: 1G }\n  - { name: b, params: 4099, forwardFlops: 3G }\n  - { name: c, params: 777, forwardFlops: 0.5G }\n");
    for (const [net, alg] of [[["--network", "star"], "ring"], [["-w", "2"], "wrht"], [["-w", "1"], "ne"]] as const) {
      const trace = join(dir, `${alg}.jsonl`);
      const r = cli(["train", "-m", layers, "--strategy", "fsdp", "-n", "12", ...net, "-a", alg, "--collective-algorithms", `reducescatter=${alg === "ne" ? "rh" : alg}`, "--device-tflops", "0.5", "--trace", trace, "--json"]);
      expect(r.stderr).toBe("");
      const result = JSON.parse(r.stdout);
      const parsed = parseTrace(readFileSync(trace, "utf8"));
      expect(checkTrace(parsed)).toEqual([]);
      expect(parsed.header.schedules.length).toBe(3 * 2 + 3);
      // each compute slice of a layer with parameters waited for that layer's all-gather
      const withParams = result.computeSlices.filter((s: { name: string }) => s.name !== "act");
      expect(withParams.every((s: { waitedFor?: number }) => s.waitedFor !== undefined)).toBe(true);
      for (const s of withParams) {
        const gather = result.collectives[s.waitedFor];
        expect(gather.collective).toBe("allgather");
        expect(gather.label).toContain(`${s.name} (${s.pass})`);
        const last = Math.max(...parsed.transfers.filter((t) => t.schedule === s.waitedFor).map((t) => t.finish));
        expect(last).toBeLessThanOrEqual(s.start);
        expect(gather.done).toBe(last);
      }
      // a reduce-scatter per layer with parameters, released when its backward ended
      const scatters = result.collectives.filter((c: { collective: string }) => c.collective === "reducescatter");
      expect(scatters.map((c: { elements: number }) => c.elements)).toEqual([777, 4099, 1000]);
      for (const c of scatters) {
        const name = c.label.replace("reduce-scatter ", "");
        expect(c.release).toBe(result.computeSlices.find((s: { name: string; pass: string }) => s.name === name && s.pass === "backward").end);
      }
      expect(result.iteration).toBe(Math.max(result.computeSlices.at(-1).end, ...result.collectives.map((c: { done: number }) => c.done)));
    }
  });

  test("DDP data replay: every bucket ends all-reduced exactly, on each algorithm", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-ddp-"));
    const file = join(dir, "m.yaml");
    const params = [300, 0, 2049, 77, 5000, 1, 999, 4096];
    writeFileSync(file, "layers:\n" + params.map((p, i) => `  - { name: l${i}, params: ${p}, forwardFlops: ${(i + 1) * 1e8} }\n`).join(""));
    for (const alg of ["ring", "wrht", "hring", "bt", "rd", "hd"]) {
      const trace = join(dir, `${alg}.jsonl`);
      const r = cli(["train", "-m", file, "-n", "12", "-w", "2", "-a", alg, "--bucket-size", "8KB", "--device-tflops", "0.001", "--trace", trace, "--json"]);
      expect(r.stderr).toBe("");
      const parsed = parseTrace(readFileSync(trace, "utf8"));
      expect(checkTrace(parsed)).toEqual([]);
      const result = JSON.parse(r.stdout);
      expect(result.collectives.length).toBeGreaterThan(2);
      expect(parsed.header.schedules.map((s: { elements: number }) => s.elements)).toEqual(result.collectives.map((c: { elements: number }) => c.elements));
      expect(result.collectives.reduce((s: number, c: { elements: number }) => s + c.elements, 0)).toBe(params.reduce((a, b) => a + b, 0));
    }
  }, 120_000);
});

describe("train on the command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "wrht-train-"));

  test("with zero compute, a DDP iteration is its buckets' all-reduces back to back: the sum of single runs", () => {
    // Ring on a ring with every bucket a multiple of N: every node finishes each all-reduce at once
    const file = join(dir, "zero.yaml");
    writeFileSync(file, "layers:\n  - { name: a, params: 64000, forwardFlops: 0 }\n  - { name: b, params: 128000, forwardFlops: 0 }\n  - { name: c, params: 16, forwardFlops: 0 }\n  - { name: d, params: 640000, forwardFlops: 0 }\n");
    for (const net of [["-w", "8"], ["--network", "star"]]) {
      const r = cli(["train", "-m", file, "-n", "16", ...net, "-a", "ring", "--bucket-size", "300KB", "--json"]);
      expect(r.stderr).toBe("");
      const it = JSON.parse(r.stdout);
      expect(it.compute).toBe(0);
      const sizes = it.collectives.map((c: { elements: number }) => c.elements);
      expect(sizes).toEqual([640000, 128000 + 16, 64000]);
      const single = sizes.map((e: number) => JSON.parse(cli(["run", "-a", "ring", "-n", "16", ...net, "--elements", String(e), "--json"]).stdout).time);
      const sum = single.reduce((s: number, x: number) => s + x, 0);
      expect(it.iteration).toBeCloseTo(sum, 12);
      expect(Math.abs(it.iteration - sum) / sum).toBeLessThan(1e-12);
      expect(it.exposed).toBe(it.iteration);
    }
  });

  test("with communication far cheaper than compute, a DDP iteration is compute plus the last bucket's all-reduce", () => {
    for (const [model, alg] of [["resnet50", "wrht"], ["vgg16", "ring"], ["googlenet", "hring"]]) {
      const r = cli(["train", "-m", model, "-n", "32", "-a", alg, "--device-tflops", "0.01", "--json"]);
      expect(r.stderr).toBe("");
      const it = JSON.parse(r.stdout);
      // compute from the catalogue's FLOPs, independently: (forward + backward) x batch / throughput
      const layers = JSON.parse(cli(["models", "--layers", model, "--json"]).stdout).layers as { forwardFlops: number; backwardFlops: number }[];
      const flops = layers.reduce((s, l) => s + l.forwardFlops + l.backwardFlops, 0);
      expect(it.compute / ((flops * it.batch) / 0.01e12)).toBeCloseTo(1, 12);
      const lastBucket = it.collectives.at(-1);
      const alone = JSON.parse(cli(["run", "-a", alg, "-n", "32", "--elements", String(lastBucket.elements), "--json"]).stdout).time;
      // equal but for rounding: the engine adds durations to a release of hundreds of seconds
      const near = (a: number, b: number) => expect(Math.abs(a - b) / b).toBeLessThan(1e-13);
      near(it.iteration, it.compute + alone);
      near(lastBucket.release, it.compute);
      // every other bucket finished under the backward pass
      for (const c of it.collectives.slice(0, -1)) expect(c.done).toBeLessThan(it.compute);
    }
  });

  test("prints a table with the iteration's figures, a CSV row, and a Chrome trace with compute and transfers on every node", () => {
    const t = cli(["train", "-m", "alexnet", "-n", "8", "--strategy", "fsdp"]);
    expect(t.code).toBe(0);
    for (const k of ["iteration", "compute", "communication", "exposed", "overlap", "energy", "all-gather conv1 (forward)", "reduce-scatter conv1"]) expect(t.stdout).toContain(k);
    const csv = cli(["train", "-m", "alexnet", "-n", "8", "--csv"]).stdout.trim().split("\n");
    expect(csv.length).toBe(2);
    const [head, row] = csv.map((l) => l.split(","));
    const json = JSON.parse(cli(["train", "-m", "alexnet", "-n", "8", "--json"]).stdout);
    expect(Number(row[head.indexOf("iteration")])).toBe(json.iteration);
    expect(Number(row[head.indexOf("exposed")])).toBe(json.exposed);
    const chrome = join(dir, "it.json");
    expect(cli(["train", "-m", "alexnet", "-n", "4", "--strategy", "fsdp", "--chrome-trace", chrome]).code).toBe(0);
    const events = JSON.parse(readFileSync(chrome, "utf8")).traceEvents as { ph: string; pid: number; cat?: string; name: string }[];
    for (let node = 0; node < 4; node++) {
      expect(events.filter((e) => e.ph === "X" && e.pid === node && e.cat === "compute").length).toBe(2 * 8);
      expect(events.some((e) => e.ph === "X" && e.pid === node && e.cat?.startsWith("schedule"))).toBe(true);
    }
  });

  test("sweeps and compare vary strategy, device speed, bucket size, algorithm and network: each cell equals its own train run", () => {
    const sweep = join(dir, "t.yaml");
    writeFileSync(sweep, "base: { model: alexnet, nodes: 8, wavelengths: 4 }\naxes:\n  strategy: [ddp, fsdp]\n  deviceTflops: [1, 100]\n  algorithm: [wrht, ring]\n");
    const out = join(dir, "t.csv");
    const r = cli(["sweep", sweep, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const [head, ...lines] = readFileSync(out, "utf8").trim().split("\n").map((l) => l.split(","));
    expect(lines.length).toBe(8);
    for (const row of lines) {
      const v = (k: string) => row[head.indexOf(k)];
      expect(v("status")).toBe("ok");
      const one = JSON.parse(cli(["train", "-m", "alexnet", "-n", "8", "-w", "4", "--strategy", v("strategy"), "--device-tflops", v("deviceTflops"), "-a", v("algorithm"), "--json"]).stdout);
      expect(Number(v("iteration"))).toBe(one.iteration);
      expect(Number(v("exposed"))).toBe(one.exposed);
    }
    const c = cli(["compare", "--strategy", "ddp,fsdp", "--models", "alexnet", "--algorithms", "wrht,ring", "--networks", "optical-ring:wavelengths=4,star", "--nodes", "8", "--bucket-size", "4MB,64MB", "--json"]);
    expect(c.code, c.stderr).toBe(0);
    const rows = JSON.parse(c.stdout);
    // ddp: 2 bucket sizes x 2 networks x 2 algorithms; fsdp: no buckets, 2 x 2
    expect(rows.length).toBe(12);
    for (const row of rows) {
      const net = row.networkType === "star" ? ["--network", "star"] : ["-w", "4"];
      const buckets = row.strategy === "ddp" ? ["--bucket-size", String(row.bucketSize)] : [];
      const one = JSON.parse(cli(["train", "-m", "alexnet", "-n", "8", ...net, "--strategy", row.strategy, "-a", row.algorithm, ...buckets, "--json"]).stdout);
      expect(row.iteration).toBe(one.iteration);
      const base = rows.find((b: { networkType: string; algorithm: string; strategy: string; bucketBytes: number | null }) => b.networkType === "optical-ring" && b.algorithm === "wrht" && b.strategy === row.strategy && b.bucketBytes === row.bucketBytes);
      expect(row.reduction).toBeCloseTo(100 * (1 - base.iteration / row.iteration), 10);
    }
  }, 120_000);

  test("bad input: one line naming the field, exit 2, no output file", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "layers:\n  - { name: a, params: -5, forwardFlops: 1G }\n");
    const missing = join(dir, "missing.yaml");
    writeFileSync(missing, "layers:\n  - { name: a, forwardFlops: 1G }\n");
    const cases: [string[], RegExp][] = [
      [["-m", bad], /--model|layers\[0\]\.params/],
      [["-m", missing], /layers\[0\]\.params/],
      [["--bucket-size", "2B"], /--bucket-size: "2B" .*at least one fp32 element \(4 bytes\)/],
      [["--strategy", "zero"], /--strategy: "zero" .*ddp, fsdp/],
      [["--mode", "lockstep"], /--mode/],
      [["--strategy", "fsdp", "-a", "hd"], /--algorithm: "hd" does not implement allgather, which fsdp issues; give one that implements allgather and reducescatter \(ring, wrht, optree\)/],
      [["--bucket-size", "25"], /--bucket-size: "25" is not accepted; expected a bucket cap with a unit, such as 25MiB/],
    ];
    for (const [args, message] of cases) {
      const trace = join(dir, "never.jsonl");
      const chrome = join(dir, "never.json");
      const r = cli(["train", "-n", "8", ...args, "--trace", trace, "--chrome-trace", chrome]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(trace) || existsSync(chrome)).toBe(false);
    }
  });
});
