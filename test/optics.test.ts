// Realistic optics: work-conserving grants, routing policies, tunable transceivers, regeneration
// and energy, each checked against an expectation computed here from the model's rules.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import type { TransferRecord } from "../src/engine/engine.js";
import { OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";
import { LeafSpine } from "../src/network/leafSpine.js";
import { ExplicitSchedule, OP_COPY, PIN_AUTO, stepTransfers } from "../src/core/schedule.js";
import { buildSchedule, simulate } from "../src/api/simulate.js";
import { cli } from "./helpers/cli.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";

const json = (args: string[], cwd?: string) => {
  const r = cli(args, cwd);
  expect(r.stderr, args.join(" ")).toBe("");
  expect(r.code, args.join(" ")).toBe(0);
  return JSON.parse(r.stdout);
};

describe("greedy grants and balanced routing", () => {
  test("RD lockstep on 1024 nodes: every step takes no more rounds than its busiest link's load over w", () => {
    const n = 1024;
    const w = 64;
    const r = json(["run", "-a", "rd", "--size", "100MB", "--mode", "lockstep", "--json"]);
    const net = new OpticalRing({ nodes: n });
    const schedule = buildSchedule(net, "rd", 25e6);
    r.stepTimes.forEach((st: { start: number; end: number }, s: number) => {
      // the step's lightpaths placed by the balanced rule, worked out here: the shorter way, a
      // tie (distance N/2) clockwise from an even source, counter-clockwise from an odd one
      const load = new Map<string, number>();
      let hops = 0;
      for (const t of stepTransfers(schedule, s)) {
        const cw = (t.dst - t.src + n) % n;
        const clockwise = cw < n - cw || (cw === n - cw && t.src % 2 === 0);
        hops = clockwise ? cw : n - cw;
        for (let k = 0; k < hops; k++) {
          const key = clockwise ? `cw${(t.src + k) % n}` : `ccw${(t.src - k + n) % n}`;
          load.set(key, (load.get(key) ?? 0) + 1);
        }
      }
      const rounds = Math.ceil(Math.max(...load.values()) / w);
      const one = 20e-6 + (8 * 100e6) / 100e9 + hops * 10e-9;
      expect(st.end - st.start, `step ${s}`).toBeLessThanOrEqual(rounds * one * (1 + 1e-12));
      if (s === r.stepTimes.length - 1) {
        // the farthest step: 512 lightpaths cross each link, split over two fibres: 256 per fibre, 4 rounds
        expect(Math.max(...load.values())).toBe(256);
        expect(rounds).toBe(4);
      }
    });
    // the first release's rules give its time, bit for bit
    const old = json(["run", "-a", "rd", "--size", "100MB", "--mode", "lockstep", "--json", "--grants", "reservation", "--routing", "clockwise"]);
    expect(old.time).toBe(0.23267598999999992);
    expect(r.time).toBeLessThan(0.6 * old.time);
  });

  test("the 64-node example: greedy starts 32->0 at once instead of holding it behind 8->40's second round", () => {
    const base = ["run", "-a", "rd", "-n", "64", "-w", "8", "--elements", "6400", "--mode", "lockstep", "--routing", "clockwise", "--json"];
    const greedy = json(base);
    const reservation = json([...base, "--grants", "reservation"]);
    const last = (r: { stepTimes: { start: number; end: number }[] }) => r.stepTimes[r.stepTimes.length - 1];
    const one = 20e-6 + (8 * 25600) / 100e9 + 32 * 10e-9;
    // 32 lightpaths per link on 8 wavelengths: 4 rounds greedy, 8 with reservations
    expect((last(greedy).end - last(greedy).start) / one).toBeCloseTo(4, 9);
    expect((last(reservation).end - last(reservation).start) / one).toBeCloseTo(8, 9);
  });

  test("adaptive routing takes the other way round when the shorter one is busy; balanced waits", () => {
    // N = 8, one wavelength: 0->4 and 2->6 are both ties; from even sources balanced sends both
    // clockwise, where they share links 2 and 3
    const schedule = new ExplicitSchedule(8, 1000, [[
      { src: 0, dst: 4, begin: 0, end: 1000, op: OP_COPY, pin: PIN_AUTO },
      { src: 2, dst: 6, begin: 0, end: 1000, op: OP_COPY, pin: PIN_AUTO },
    ]]);
    const run = (routing: "balanced" | "adaptive", engine: "wasm" | "js") => {
      const records: TransferRecord[] = [];
      const e = engine === "wasm" ? new WasmEngine() : new ReferenceEngine();
      e.run({ network: new OpticalRing({ nodes: 8, wavelengths: 1, routing }), schedule, mode: "async", elementBytes: 4, onTransfer: (t) => records.push(t) });
      return records;
    };
    for (const engine of ["wasm", "js"] as const) {
      const b = run("balanced", engine);
      expect(b.map((t) => t.dir)).toEqual(["cw", "cw"]);
      expect(b[1].start).toBe(b[0].finish);
      const a = run("adaptive", engine);
      expect(a.map((t) => t.dir)).toEqual(["cw", "ccw"]);
      expect(a[1].start).toBe(0);
    }
  });
});

describe("tunable transceivers", () => {
  test("Ring with one tunable transmitter and receiver per node retunes each once and pays the tuning time once", () => {
    const n = 16;
    const d = 20e-6 + (8 * 4000 * 4) / 100e9 + 10e-9;
    const r = json(["run", "-n", String(n), "--elements", String(16 * 4000), "--mode", "lockstep", "--tx", "1", "--rx", "1", "--tuning-time", "10us", "--json"]);
    // every transmitter and receiver starts untuned: the first step retunes all 2N of them, and
    // one-hop lightpaths then keep wavelength 0
    expect(r.retunes).toBe(2 * n);
    let want = d + 10e-6;
    for (let s = 1; s < 2 * (n - 1); s++) want += d;
    expect(Math.abs(r.time - want) / want).toBeLessThan(1e-12);
    expect(r.energy.parts.retune).toBeCloseTo(2 * n * 10e-9, 18);
  });

  test("a unit tuned to the wavelength is preferred; otherwise the lowest free unit retunes", () => {
    // node 0 sends on wavelengths 0, 1, 0 in turn (a second lightpath holds 0 in step 1)
    const net = new OpticalRing({ nodes: 8, wavelengths: 2, tx: 2, tuningTime: 1e-6 });
    const t = (src: number, dst: number) => ({ src, dst, begin: 0, end: 100, op: OP_COPY, pin: PIN_AUTO });
    const schedule = new ExplicitSchedule(8, 100, [[t(0, 1), t(0, 1)], [t(0, 1)]]);
    for (const engine of [new WasmEngine(), new ReferenceEngine()]) {
      const records: TransferRecord[] = [];
      const out = engine.run({ network: net, schedule, mode: "lockstep", elementBytes: 4, onTransfer: (x) => records.push(x) });
      // step 0: two lightpaths on wavelengths 0 and 1, units 0 and 1, both retune from untuned;
      // step 1: wavelength 0 again, and unit 0 is already tuned to it: no retune
      expect(records.map((x) => [x.channel, x.retune])).toEqual([[0, true], [1, true], [0, false]]);
      expect(out.energySums.retunes).toBe(2);
    }
  });
});

describe("regeneration", () => {
  test("a lightpath beyond the budget is refused, or cut every hMax hops with a regenerator and its latency", () => {
    // 2.65 dB per hop leaves (30 - 3.5) / 2.65 = 10 hops
    const dir = mkdtempSync(join(tmpdir(), "wrht-regen-"));
    const refused = cli(["run", "-a", "rd", "-n", "64", "--through-db", "2.65", "--elements", "640"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/power budget: .* allows at most 10 hops/);
    const r = json(["run", "-a", "rd", "-n", "64", "--through-db", "2.65", "--elements", "640", "--regenerate", "--regen-latency", "250ns", "--trace", "t.jsonl", "--json"], dir);
    const trace = parseTrace(readFileSync(join(dir, "t.jsonl"), "utf8"));
    expect(checkTrace(trace)).toEqual([]);
    const long = trace.transfers.filter((t) => t.hops > 10);
    expect(long.length).toBeGreaterThan(0);
    for (const t of long) {
      expect(Array.isArray(t.channel)).toBe(true);
      expect((t.channel as number[]).length).toBe(Math.ceil(t.hops / 10));
      expect(t.regens).toBe(Math.ceil(t.hops / 10) - 1);
    }
    expect(r.maxHopLossDb).toBeCloseTo(3.5 + 10 * 2.65, 9);
    // each regeneration adds its latency, and the closed form counts it: RD's steps cross 1, 2, 4,
    // 8, 16 and 32 hops, i.e. 0, 0, 0, 0, 1 and 3 regenerations on a 10-hop budget
    const lock = (latency: string) => json(["run", "-a", "rd", "-n", "64", "--through-db", "2.65", "--elements", "640", "--regenerate", "--regen-latency", latency, "--mode", "lockstep", "--json"]);
    const a = lock("100ns");
    const b = lock("250ns");
    expect(a.time).toBe(a.closedForm);
    expect(b.time - a.time).toBeCloseTo(4 * 150e-9, 15);
  });

  test("WRHT runs at 65,536 nodes and more once lightpaths regenerate; plan accounts for it", () => {
    const without = json(["plan", "-n", "65536", "--json"]);
    expect(without.feasible).toBe(false);
    const plan = json(["plan", "-n", "65536", "--regenerate", "--size", "10MB", "--json"]);
    expect(plan.feasible).toBe(true);
    const run = json(["run", "-a", "wrht", "-n", "65536", "--regenerate", "--size", "10MB", "--mode", "lockstep", "--json"]);
    expect(run.params.groupSize).toBe(plan.chosen.groupSize);
    expect(Math.abs(run.time - plan.chosen.time) / plan.chosen.time).toBeLessThan(1e-12);
    expect(run.maxHops).toBeGreaterThan(2650);
    const big = json(["run", "-a", "wrht", "-n", "262144", "--regenerate", "--size", "10MB", "--json"]);
    expect(big.time).toBeGreaterThan(0);
    expect(big.energy.parts.regeneration).toBeGreaterThan(0);
  });
});

describe("energy", () => {
  test("Ring on N nodes without contention spends exactly 2(N-1) x N lightpaths' worth of each cost", () => {
    const n = 32;
    const chunk = 1000;
    const bytes = chunk * 4;
    const d = 20e-6 + (8 * bytes) / 100e9 + 10e-9;
    const lightpaths = 2 * (n - 1) * n;
    const r = simulate({ network: new OpticalRing({ nodes: n }), algorithm: "ring", elements: n * chunk, mode: "lockstep" });
    const laserWatts = 10e-3 / 0.1; // 10 dBm at 10% wall-plug efficiency
    const close = (got: number, want: number) => expect(Math.abs(got - want) / want).toBeLessThan(1e-12);
    close(r.energy.parts.laser, lightpaths * d * laserWatts);
    close(r.energy.parts.modulator, lightpaths * bytes * 8 * 0.5e-12);
    close(r.energy.parts.receiver, lightpaths * bytes * 8 * 0.5e-12);
    expect(r.energy.parts.retune).toBe(0);
    expect(r.energy.parts.regeneration).toBe(0);
    close(r.energy.dynamic, Object.values(r.energy.parts).reduce((a, b) => a + b, 0));
    close(r.energy.total, r.energy.dynamic + r.energy.static);
    close(r.energy.pjPerBit, (r.energy.total / (lightpaths * bytes * 8)) * 1e12);
    // the electrical star: each message crosses two links (SerDes) and one switch
    const e = simulate({ network: new Star({ nodes: n }), algorithm: "ring", elements: n * chunk, mode: "lockstep" });
    close(e.energy.parts.serdes, lightpaths * bytes * 8 * 2 * 5e-12);
    close(e.energy.parts.switching, lightpaths * bytes * 8 * 10e-12);
  });

  test("static energy: idle lasers and ring heaters on the ring, idle SerDes and switch cores on the star, over the run's length", () => {
    const n = 32;
    const chunk = 1000;
    const bytes = chunk * 4;
    const lightpaths = 2 * (n - 1) * n;
    const close = (got: number, want: number) => expect(Math.abs(got - want) / want).toBeLessThan(1e-12);
    // ring: 2 fibres x 64 wavelengths = 128 lasers and 256 rings per node
    const r = simulate({ network: new OpticalRing({ nodes: n }), algorithm: "ring", elements: n * chunk, mode: "lockstep" });
    const laserWatts = 10e-3 / 0.1;
    const d = 20e-6 + (8 * bytes) / 100e9 + 10e-9;
    close(r.energy.staticParts["idle lasers"], laserWatts * (n * 128 * r.time - lightpaths * d));
    close(r.energy.staticParts["ring heaters"], n * 256 * 0.5e-3 * r.time);
    close(r.energy.static, r.energy.staticParts["idle lasers"] + r.energy.staticParts["ring heaters"]);
    // tunable transceivers: a laser per transmitter, a ring per transmitter and receiver; gated lasers and athermal rings draw nothing
    const t = simulate({ network: new OpticalRing({ nodes: n, tx: 2, rx: 3 }), algorithm: "ring", elements: n * chunk, mode: "lockstep" });
    close(t.energy.staticParts["ring heaters"], n * 5 * 0.5e-3 * t.time);
    close(t.energy.staticParts["idle lasers"], laserWatts * (n * 2 * t.time - lightpaths * d));
    const off = simulate({ network: new OpticalRing({ nodes: n, energy: { laserIdle: 0, ringHeaterMw: 0 } }), algorithm: "ring", elements: n * chunk, mode: "lockstep" });
    expect(off.energy.static).toBe(0);
    close(off.energy.total, r.energy.dynamic);
    // star: 2N directed links of 100 Gb/s; the switch takes in N of them; SerDes and core idle shares of their busy power
    const e = simulate({ network: new Star({ nodes: n }), algorithm: "ring", elements: n * chunk, mode: "lockstep" });
    const linkBits = lightpaths * bytes * 8 * 2;
    const switchBits = lightpaths * bytes * 8;
    close(e.energy.staticParts["idle serdes"], 5e-12 * (2 * n * 100e9 * e.time - linkBits));
    close(e.energy.staticParts["idle switches"], 10e-12 * (n * 100e9 * e.time - switchBits));
    // k ports: k times the links and the switch's intake; half-idle shares halve them
    const k = simulate({ network: new Star({ nodes: n, ports: 3, serdesIdle: 0.5, switchIdle: 0.5 }), algorithm: "ring", elements: n * chunk, mode: "lockstep" });
    close(k.energy.staticParts["idle serdes"], 0.5 * 5e-12 * (3 * 2 * n * 100e9 * k.time - linkBits));
    close(k.energy.staticParts["idle switches"], 0.5 * 10e-12 * (3 * n * 100e9 * k.time - switchBits));
    // a leaf-spine's cores also take in the links between switches
    const ls = new LeafSpine({ nodes: 16, leafSize: 4, spines: 2 });
    const l = simulate({ network: ls, algorithm: "ring", elements: 16 * chunk, mode: "lockstep" });
    const up = (4 * 100e9) / 2;
    const fabric = 2 * 4 * 2 * up;
    // Ring i -> i+1: 12 of the 16 messages of a step stay in their leaf (2 links), 4 cross a spine (4)
    const crossed = 2 * 15 * bytes * (12 * 2 + 4 * 4);
    close(l.energy.staticParts["idle serdes"], 5e-12 * ((2 * 16 * 100e9 + fabric) * l.time - crossed * 8));
    close(l.energy.staticParts["idle switches"], 10e-12 * ((16 * 100e9 + fabric) * l.time - (crossed - l.bytesMoved) * 8));
  });

  test("run, compare, train and sweeps report joules, pJ per bit and the split", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-energy-"));
    const text = cli(["run", "-n", "16", "--size", "1MB"]).stdout;
    expect(text).toMatch(/energy +[\d.]+ mJ \([\d.]+ pJ\/bit delivered\): dynamic [\d.]+ mJ \(laser [\d.]+ mJ, modulator .*\); static [\d.]+ mJ \(idle lasers [\d.]+ mJ, ring heaters [\d.]+ mJ\)/);
    const rows = json(["compare", "-n", "16", "--models", "resnet50", "--algorithms", "ring", "--json"]);
    for (const row of rows) expect(row.energy).toBeGreaterThan(0);
    const runJson = json(["run", "--preset", "paper-electrical", "-n", "16", "--model", "resnet50", "-a", "ring", "--json"]);
    expect(rows.find((x: { networkType: string }) => x.networkType === "star").energy).toBe(runJson.energy.total);
    writeFileSync(join(dir, "s.yaml"), "axes:\n  preset: [paper-optical, paper-electrical]\n  nodes: [16]\n  algorithm: [ring]\n  model: [resnet50]\n");
    expect(cli(["sweep", "s.yaml", "-o", "e.jsonl"], dir).code).toBe(0);
    const sweepRows = readFileSync(join(dir, "e.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(sweepRows[1].energy).toBe(runJson.energy.total);
    expect(sweepRows[1].energyDynamic).toBe(runJson.energy.dynamic);
    expect(sweepRows[1].energyStatic).toBe(runJson.energy.static);
    expect(Object.keys(sweepRows[0].energyParts)).toEqual(["laser", "modulator", "receiver", "retune", "regeneration", "idle lasers", "ring heaters"]);
    expect(Object.keys(sweepRows[1].energyParts)).toEqual(["serdes", "switching", "idle serdes", "idle switches"]);
    const star = rows.find((x: { networkType: string }) => x.networkType === "star");
    expect([star.energyDynamic, star.energyStatic]).toEqual([runJson.energy.dynamic, runJson.energy.static]);
    // training: static power over the whole iteration, compute included
    const tr = json(["train", "--model", "resnet50", "-n", "16", "--network", "star", "--json"]);
    expect(tr.energy.total).toBe(tr.energy.dynamic + tr.energy.static);
    expect(Math.abs(tr.energy.staticParts["idle switches"] / (10e-12 * (16 * 100e9 * tr.iteration - 8 * tr.bytesMoved)) - 1)).toBeLessThan(1e-12);
    expect(sweepRows[0].pjPerBit).toBeGreaterThan(0);
  });
});
