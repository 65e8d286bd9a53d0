import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseRunConfig } from "../src/config/runConfig.js";
import { runWithTraces } from "../src/cli/runCommand.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";

const dir = mkdtempSync(join(tmpdir(), "wrht-trace-"));

function traceOf(settings: Record<string, unknown>): string {
  const path = join(dir, `t-${Math.random().toString(36).slice(2)}.jsonl`);
  runWithTraces(parseRunConfig(settings), { trace: path });
  return readFileSync(path, "utf8");
}

describe("JSONL traces", () => {
  test("of Ring for N = 7..33, ample and single wavelengths, both modes, pass the independent replay", () => {
    for (let n = 7; n <= 33; n++) {
      for (const wavelengths of [64, 1]) {
        for (const mode of ["async", "lockstep"]) {
          const trace = parseTrace(traceOf({ algorithm: "ring", nodes: n, wavelengths, mode, elements: 3 * n + 1 }));
          expect(checkTrace(trace), `N=${n} w=${wavelengths} ${mode}`).toEqual([]);
          expect(trace.transfers.length).toBe(2 * (n - 1) * n);
        }
      }
    }
  });

  test("have the header, transfer and summary lines of the documented format", () => {
    const t = parseTrace(traceOf({ algorithm: "ring", nodes: 4, elements: 8 }));
    expect(t.header).toMatchObject({ type: "header", version: 1, collective: "allreduce", algorithm: "ring", nodes: 4, elements: 8, elementBytes: 4, mode: "async" });
    for (const k of ["wavelengths", "bandwidth", "alpha", "hopLatency", "direction", "gamma", "tx", "rx", "hopLimit"]) expect(t.header.network).toHaveProperty(k);
    expect(Object.keys(t.transfers[0])).toEqual(["type", "step", "src", "dst", "begin", "end", "op", "bytes", "route", "hops", "channel", "ready", "start", "finish"]);
    expect(t.summary.type).toBe("summary");
    expect(typeof t.summary.time).toBe("number");
  });

  test("the replay catches broken traces", () => {
    const good = parseTrace(traceOf({ algorithm: "ring", nodes: 6, wavelengths: 1, elements: 12 }));
    const clone = () => JSON.parse(JSON.stringify(good)) as typeof good;
    expect(checkTrace(clone())).toEqual([]);

    const early = clone(); // a transfer starting before its endpoints are free
    early.transfers[10].start -= 1e-6;
    early.transfers[10].finish -= 1e-6;
    expect(checkTrace(early).join()).toMatch(/ready|held twice|before/);

    const lost = clone(); // a missing transfer breaks the sums
    lost.transfers.splice(3, 1);
    expect(checkTrace(lost).join()).toMatch(/sum/);

    const slow = clone(); // a duration off the model
    slow.transfers[0].finish += 1e-7;
    expect(checkTrace(slow).join()).toMatch(/duration/);

    const crowded = clone(); // two lightpaths on one wavelength of one link at once
    const a = crowded.transfers[0];
    const b = crowded.transfers.find((t) => t.step === 1 && t.src === a.src)!;
    b.start = a.start;
    b.finish = a.finish;
    expect(checkTrace(crowded).join()).toMatch(/held twice/);
  });

  test("the replay catches a greedy trace that is not work-conserving", () => {
    // RD on 12 nodes with 2 wavelengths waits for channels
    const good = parseTrace(traceOf({ algorithm: "rd", nodes: 12, wavelengths: 2, elements: 24, mode: "lockstep" }));
    expect(good.header.grants).toBe("greedy");
    expect(good.transfers.some((t) => t.start > t.ready)).toBe(true);
    expect(checkTrace(good)).toEqual([]);
    const clone = () => JSON.parse(JSON.stringify(good)) as typeof good;

    const idle = clone(); // a transfer that could start at once is held until another one finishes
    const t = idle.transfers.find((x) => x.start === x.ready && idle.transfers.some((y) => y.finish > x.start && y.step === x.step))!;
    const later = Math.min(...idle.transfers.filter((y) => y.finish > t.start && y.step === t.step).map((y) => y.finish));
    t.finish += later - t.start;
    t.start = later;
    expect(checkTrace(idle, { data: false }).join()).toMatch(/waited from .* though its path and transceivers were free then/);

    const offEvent = clone(); // a start at no event time
    const w = offEvent.transfers.find((x) => x.start > x.ready)!;
    w.start += 1e-9;
    w.finish += 1e-9;
    expect(checkTrace(offEvent, { data: false }).join()).toMatch(/which is no event/);
  });

  test("traces of regenerated lightpaths and tunable transceivers pass the replay, segment by segment", () => {
    const regen = parseTrace(traceOf({ algorithm: "hd", nodes: 40, throughDb: 2.65, regenerate: true, elements: 80, wavelengths: 4 }));
    expect(regen.transfers.some((t) => Array.isArray(t.channel))).toBe(true);
    expect(checkTrace(regen)).toEqual([]);
    const tunable = parseTrace(traceOf({ algorithm: "wrht", nodes: 40, tx: 2, rx: 2, tuningTime: "3us", elements: 80 }));
    expect(tunable.transfers.some((t) => t.retune)).toBe(true);
    expect(checkTrace(tunable)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(tunable)) as typeof tunable;
    const r = broken.transfers.find((t) => t.retune)!;
    delete r.retune; // its duration then no longer fits the model
    expect(checkTrace(broken).join()).toMatch(/duration/);
  });
});

describe("traces of every algorithm on every network", () => {
  const algorithms = ["wrht", "ring", "hring", "bt", "rd", "hd"];
  const networks: Record<string, unknown>[] = [
    { network: "optical-ring" },
    { network: "optical-ring", direction: "unidirectional", wavelengths: 2 },
    { network: "star" },
    { network: "leaf-spine", leafSize: 4, spines: 2 },
    { network: "leaf-spine", leafSize: 3, spines: 1, oversubscription: 3 },
  ];
  test.each(algorithms)("%s passes the independent replay on optical and electrical networks, both modes", (algorithm) => {
    let checked = 0;
    for (const net of networks) {
      for (const nodes of [7, 12, 16, 23]) {
        for (const mode of ["async", "lockstep"]) {
          const settings = { algorithm, nodes, mode, elements: 2 * nodes + 3, ...net };
          const trace = parseTrace(traceOf(settings));
          expect(checkTrace(trace), JSON.stringify(settings)).toEqual([]);
          expect(trace.header.algorithm).toBe(algorithm);
          checked++;
        }
      }
    }
    expect(checked).toBe(40);
  });
});
