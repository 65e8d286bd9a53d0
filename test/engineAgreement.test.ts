// The two engines are written independently; on the same input they must agree on every
// transfer's ready, start and finish time, wavelength and hop count, and on every aggregate.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Engine, EngineOutput, TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { JsonlTrace } from "../src/trace/jsonlTrace.js";
import { type RingCase, networkOf, ringCase, scheduleOf } from "./helpers/arbitraries.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";

type Outcome = { out?: EngineOutput; records: TransferRecord[]; error?: string };

/** A run, or the one-line error it ended with (a lightpath beyond the budget, say): engines must agree on either. */
function runWith(engine: Engine, c: RingCase, record: boolean): Outcome {
  const records: TransferRecord[] = [];
  try {
    const out = engine.run({
      network: networkOf(c),
      schedule: scheduleOf(c),
      mode: c.mode,
      grants: c.grants,
      elementBytes: 4,
      window: c.window,
      onTransfer: record ? (t) => records.push(t) : undefined,
    });
    return { out, records };
  } catch (e) {
    return { records: [], error: (e as Error).message };
  }
}

describe("WebAssembly engine and reference engine", () => {
  test("agree on every transfer of at least 1000 random schedules: rings, stars, leaf-spines; both grant policies, three routings, tuning, regeneration, fair and exclusive links", () => {
    let contended = 0;
    let retuned = 0;
    let regenerated = 0;
    let adaptive = 0;
    let shared = 0;
    let sharedLimited = 0;
    fc.assert(
      fc.property(ringCase, (c) => {
        const a = runWith(new WasmEngine(), c, true);
        const b = runWith(new ReferenceEngine(), c, true);
        expect(a.error).toEqual(b.error);
        if (a.error) return;
        expect(a.records).toEqual(b.records);
        expect(a.out).toEqual(b.out);
        const total = c.steps.reduce((s, st) => s + st.length, 0);
        expect(a.records.length).toBe(total);
        if ((a.out as EngineOutput).waitTime > 0) contended++;
        if (a.records.some((t) => t.retune && c.tuningTime > 0)) retuned++;
        if (a.records.some((t) => t.segments > 1)) regenerated++;
        if (c.network === "optical-ring" && c.routing === "adaptive" && c.direction === "bidirectional") adaptive++;
        // fair sharing: some message took longer than alone on its path (it shared a link)
        const net = networkOf(c);
        if (a.records.some((t) => t.flowStart !== undefined && t.finish - t.start > net.duration(t.bytes, net.cost(t.src, t.dst, t.pin), t.op === 1) * (1 + 1e-9))) {
          shared++;
          if (c.tx > 0 || c.rx > 0) sharedLimited++;
        }
      }),
      { numRuns: Math.max(1000, Number(process.env.FUZZ_RUNS ?? 0)), seed: Number(process.env.FUZZ_SEED ?? 20261127) },
    );
    // the arbitrary must really exercise contention, tuning, regeneration and adaptive routing
    expect(contended).toBeGreaterThan(200);
    expect(retuned).toBeGreaterThan(40);
    expect(regenerated).toBeGreaterThan(40);
    expect(adaptive).toBeGreaterThan(40);
    expect(shared).toBeGreaterThan(80);
    expect(sharedLimited).toBeGreaterThan(20);
  });

  test("the streaming fast path and the event loop agree; streaming falls back when it cannot be exact", () => {
    const paths = new Map<string, number>();
    fc.assert(
      fc.property(ringCase, (c) => {
        const streaming = new WasmEngine();
        const a = runWith(streaming, c, true);
        paths.set(streaming.lastPath, (paths.get(streaming.lastPath) ?? 0) + 1);
        const b = runWith(new WasmEngine({ streaming: false }), c, true);
        expect(a.error).toEqual(b.error);
        expect(a.records).toEqual(b.records);
        expect(a.out).toEqual(b.out);
      }),
      { numRuns: 600, seed: 11 },
    );
    // both outcomes of the checks are exercised (greedy streams only while nothing waits)
    expect(paths.get("streamed")).toBeGreaterThan(100);
    expect(paths.get("event-loop after unordered stream")).toBeGreaterThan(20);
  });

  test("the sparse channel state (run lists) and the dense table's block summaries agree with the reference, N up to 4096, heavy contention", () => {
    let sparseRuns = 0;
    let summarized = 0;
    // what the big rings exercised: long lightpaths that waited under each grant policy, with
    // transceiver limits, and regenerated ones
    const seen = { greedyLong: 0, reservationLong: 0, limitedLong: 0, regenerated: 0 };
    const big = ringCase.chain((c) =>
      fc.record({ nodes: fc.integer({ min: 2, max: 4096 }), scale: fc.integer({ min: 1, max: 4096 }) }).map(({ nodes, scale }) => {
        if (c.network !== "optical-ring") return c;
        // spread the case's transfers over a big ring: long lightpaths crossing many block boundaries
        const steps = c.steps.map((st) => st.map((t) => {
          const src = (t.src * scale) % nodes;
          const dst = (src + 1 + ((t.dst * scale * 7919) % (nodes - 1))) % nodes;
          return { ...t, src, dst, pin: c.direction === "unidirectional" && t.pin === 2 ? (1 as const) : t.pin };
        }));
        return { ...c, nodes, steps };
      }),
    );
    fc.assert(
      fc.property(big, (c) => {
        const a = runWith(new WasmEngine({ channelState: "sparse" }), c, true);
        const dense = new WasmEngine({ channelState: "dense" });
        const d = runWith(dense, c, true);
        const b = runWith(new ReferenceEngine(), c, true);
        expect(a.error).toEqual(b.error);
        expect(d.error).toEqual(b.error);
        if (a.error) return;
        expect(a.records).toEqual(b.records);
        expect(d.records).toEqual(b.records);
        expect(a.out).toEqual(b.out);
        if (c.network === "optical-ring") sparseRuns++;
        // the event loop checks lightpaths of 128 links or more by blocks of 32
        if (dense.lastPath !== "streamed" && d.out.maxHops >= 128) summarized++;
        const longWaited = d.records.some((t) => t.hops >= c.nodes / 4 && t.hops >= 64 && t.start > t.ready);
        if (longWaited && c.grants === "greedy") seen.greedyLong++;
        if (longWaited && c.grants === "reservation") seen.reservationLong++;
        if (longWaited && (c.tx > 0 || c.rx > 0)) seen.limitedLong++;
        if (d.records.some((t) => t.segments > 1)) seen.regenerated++;
      }),
      { numRuns: Math.max(300, Number(process.env.FUZZ_RUNS ?? 0) / 4), seed: Number(process.env.FUZZ_SEED ?? 31) },
    );
    expect(sparseRuns).toBeGreaterThan(100);
    expect(summarized).toBeGreaterThan(20);
    expect(seen.greedyLong, JSON.stringify(seen)).toBeGreaterThan(10);
    expect(seen.reservationLong, JSON.stringify(seen)).toBeGreaterThan(5);
    expect(seen.limitedLong, JSON.stringify(seen)).toBeGreaterThan(5);
    expect(seen.regenerated, JSON.stringify(seen)).toBeGreaterThan(5);
  });

  test("agree without a transfer callback (streaming with slot reuse)", () => {
    fc.assert(
      fc.property(ringCase, (c) => {
        const a = runWith(new WasmEngine(), c, false);
        const b = runWith(new ReferenceEngine(), c, false);
        expect(a.error).toEqual(b.error);
        expect(a.out).toEqual(b.out);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe("engine semantics under contention, checked by the independent trace replay", () => {
  test("random schedules on rings with 1-3 wavelengths, electrical networks and transceiver limits keep every rule", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-rand-"));
    let i = 0;
    fc.assert(
      fc.property(ringCase, (c) => {
        const network = networkOf(c);
        const path = join(dir, `r${i++}.jsonl`);
        const header = {
          type: "header" as const, version: 1 as const, collective: "allreduce" as const, algorithm: "random", nodes: c.nodes, elements: c.elements,
          elementBytes: 4, network: network.describe(), mode: c.mode, grants: c.grants, routing: c.routing, params: {},
        };
        const trace = new JsonlTrace(path, header, network);
        let out;
        try {
          out = new WasmEngine().run({ network, schedule: scheduleOf(c), mode: c.mode, grants: c.grants, elementBytes: 4, onTransfer: trace.onTransfer, window: c.window });
        } catch {
          trace.abort(); // a lightpath the budget refuses: the agreement test checks both engines say so
          return;
        }
        trace.commit({ time: out.time, transfers: out.transfers });
        expect(checkTrace(parseTrace(readFileSync(path, "utf8")), { data: false })).toEqual([]);
      }),
      { numRuns: 300, seed: 99 },
    );
  });
});
