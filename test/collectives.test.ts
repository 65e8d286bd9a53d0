// Every collective and algorithm beyond all-reduce: proven by data (N = 2..100, uneven sizes,
// both ring directions, the collective's exact postcondition), mutated schedules caught, lockstep
// times against the closed forms on both engines, the engines against each other record by
// record on optical and electrical networks, and traces through the independent replay.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { COLLECTIVE_ALGORITHMS } from "../src/algorithms/index.js";
import { COLLECTIVES, type Collective, busBandwidthFactor } from "../src/core/collectives.js";
import { parseRunConfig } from "../src/config/runConfig.js";
import { runWithTraces } from "../src/cli/runCommand.js";
import type { TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { LeafSpine } from "../src/network/leafSpine.js";
import type { Network } from "../src/network/network.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";
import { replay } from "../src/api/replay.js";
import { ExplicitSchedule, type Schedule, materialize } from "../src/core/schedule.js";
import { simulate } from "../src/api/simulate.js";
import { cli } from "./helpers/cli.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";

const ring = (nodes: number, extra: Partial<ConstructorParameters<typeof OpticalRing>[0]> = {}) =>
  new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, power: { ...OPTICAL_RING_DEFAULTS.power, throughDbPerHop: 0 }, ...extra });

const CASES = COLLECTIVES.filter((c) => c !== "allreduce").flatMap((c) => Object.keys(COLLECTIVE_ALGORITHMS[c]).map((a) => [c, a] as [Collective, string]));
const contendedCases = new Set<string>();
const rooted = (c: Collective) => c === "broadcast" || c === "reduce";
const fits = (alg: string, n: number) => alg !== "ne" || n % 2 === 0;
const build = (net: Network, c: Collective, alg: string, elements: number, root?: number): Schedule => COLLECTIVE_ALGORITHMS[c][alg].build(net, elements, 4, { root });

describe.each(CASES)("%s %s", (collective, alg) => {
  test("gives the collective's exact result, N = 2..100, uneven sizes, both directions", () => {
    let runs = 0;
    for (let n = 2; n <= 100; n++) {
      if (!fits(alg, n)) continue;
      for (const direction of ["bidirectional", "unidirectional"] as const) {
        const net = ring(n, { direction, wavelengths: 256 });
        for (const elements of [n, 3 * n + 2]) {
          for (const root of rooted(collective) ? [0, n - 1] : [undefined]) {
            const schedule = build(net, collective, alg, elements, root);
            expect(schedule.collective).toBe(collective);
            const out = replay(schedule);
            const what = `${collective} ${alg} N=${n} E=${elements} ${direction} root=${root}`;
            expect(out.outOfRange, what).toBeUndefined();
            expect(out.conflict, what).toBeUndefined();
            expect(out.mismatch, what).toBeUndefined();
            runs++;
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(190);
  });

  test("a schedule with one transfer dropped or misplaced fails its postcondition", () => {
    for (const n of [6, 9, 16]) {
      if (!fits(alg, n)) continue;
      const net = ring(n, { wavelengths: 256 });
      const elements = 5 * n + 3;
      const { steps, extras } = materialize(build(net, collective, alg, elements, rooted(collective) ? 1 : undefined));
      const all = steps.flatMap((st, s) => st.map((_, k) => [s, k] as const));
      // every transfer matters: dropping any one (a spread of them) breaks the result
      for (let i = 0; i < all.length; i += Math.max(1, Math.floor(all.length / 12))) {
        const [s, k] = all[i];
        const dropped = steps.map((st, j) => (j === s ? st.filter((_, x) => x !== k) : st));
        const out = replay(new ExplicitSchedule(n, elements, dropped, alg, {}, extras));
        expect(out.mismatch ?? out.conflict, `${alg} N=${n} without transfer ${k} of step ${s}`).toBeDefined();
        // and landing one element off breaks it too
        const t = steps[s][k];
        const at = (t.dstBegin ?? t.begin) + (t.begin > 0 ? -1 : 1);
        const moved = steps.map((st, j) => (j === s ? st.map((x, y) => (y === k ? { ...x, dstBegin: at } : x)) : st));
        const out2 = replay(new ExplicitSchedule(n, elements, moved, alg, {}, extras));
        expect(out2.mismatch ?? out2.conflict ?? out2.outOfRange, `${alg} N=${n} transfer ${k} of step ${s} misplaced`).toBeDefined();
      }
    }
  });

  test("lockstep time on an ample ring equals the closed form on both engines, both directions", () => {
    let checked = 0;
    for (const n of [2, 3, 6, 8, 13, 16]) {
      if (!fits(alg, n)) continue;
      for (const direction of ["bidirectional", "unidirectional"] as const) {
        const net = ring(n, { direction, wavelengths: 4096, gamma: 1e-11 });
        for (const elements of [7 * n + 3, 1000 * n]) {
          for (const engine of ["wasm", "js"] as const) {
            const r = simulate({ network: net, collective, algorithm: alg, elements, mode: "lockstep", engine, options: { root: rooted(collective) ? n - 1 : undefined } });
            expect(r.waitTime, `${alg} N=${n} ${direction}: nothing waits with 4096 wavelengths`).toBe(0);
            expect(Math.abs(r.time - (r.closedForm as number)) / r.time, `${alg} N=${n} E=${elements} ${direction} ${engine}`).toBeLessThan(1e-12);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  test("both engines agree on every record: optical rings with few wavelengths, a star, a leaf-spine, both grant policies", () => {
    const nets: [string, Network][] = [
      ["ring w=2", ring(12, { wavelengths: 2 })],
      ["unidirectional w=3", ring(12, { wavelengths: 3, direction: "unidirectional" })],
      ["tunable tx=rx=2", ring(12, { wavelengths: 4, tx: 2, rx: 2, tuningTime: 1e-6 })],
      ["star", new Star({ nodes: 12, gamma: 1e-11 })],
      ["star, exclusive links", new Star({ nodes: 12, gamma: 1e-11, sharing: "exclusive" })],
      ["leaf-spine", new LeafSpine({ nodes: 12, leafSize: 4, spines: 2 })],
      ["leaf-spine, exclusive links, 2 ports", new LeafSpine({ nodes: 12, leafSize: 4, spines: 2, sharing: "exclusive", ports: 2 })],
    ];
    for (const [name, net] of nets) {
      const schedule = build(net, collective, alg, 12 * 97 + 5, rooted(collective) ? 7 : undefined);
      for (const mode of ["async", "lockstep"] as const) {
        // fair sharing reserves nothing: its grants are greedy
        for (const grants of net.fairSharing() ? (["greedy"] as const) : (["greedy", "reservation"] as const)) {
          const run = (engine: WasmEngine | ReferenceEngine) => {
            const records: TransferRecord[] = [];
            const out = engine.run({ network: net, schedule, mode, grants, elementBytes: 4, onTransfer: (t) => records.push(t) });
            return { out, records };
          };
          const a = run(new WasmEngine());
          const b = run(new ReferenceEngine());
          expect(a.records, `${name} ${mode} ${grants}`).toEqual(b.records);
          expect(a.out).toEqual(b.out);
          if (a.out.waitTime > 0) contendedCases.add(`${collective} ${alg}`);
          if (schedule.bufferElements !== undefined && schedule.algorithm !== "rd") expect(a.records.some((r) => r.dstBegin !== undefined)).toBe(true);
        }
      }
    }
  });
});

test("the agreement above was under contention: transfers of most algorithms waited", () => {
  // the ring halves and chains never wait (one transfer per link and node at a time), nor do
  // small trees that WRHT's plan fits in the wavelengths; the rest must have
  for (const c of ["allgather ne", "allgather rd", "allgather optree", "reducescatter rh", "reducescatter optree", "alltoall direct", "alltoall pairwise", "alltoall bruck"]) {
    expect(contendedCases.has(c), c).toBe(true);
  }
  expect(contendedCases.size).toBeGreaterThanOrEqual(12);
});

describe("wavelength need from pattern steps", () => {
  test("every algorithm that names pattern steps needs exactly what first fit over all its steps needs", async () => {
    const { scheduleWavelengths } = await import("../src/algorithms/wavelengthNeed.js");
    const { wavelengthsNeeded } = await import("../src/algorithms/index.js");
    for (const c of COLLECTIVES) {
      for (const [name, a] of Object.entries(COLLECTIVE_ALGORITHMS[c])) {
        if (!a.patternSteps) continue;
        for (const direction of ["bidirectional", "unidirectional"] as const) {
          for (let n = 2; n <= 24; n += 2) {
            const net = new OpticalRing({ nodes: n, direction });
            const s = a.build(net, 3 * n + 1, 4, {});
            expect(wavelengthsNeeded(net, s, a), `${c} ${name} ${direction} N=${n}`).toBe(scheduleWavelengths(net, s));
          }
        }
      }
    }
  });
});

describe("traces of every collective", () => {
  const dir = mkdtempSync(join(tmpdir(), "wrht-coll-"));
  test("pass the independent replay, data and postcondition included, on rings and a star", () => {
    for (const [collective, algorithm] of CASES) {
      for (const extra of [{ wavelengths: 3 }, { direction: "unidirectional", wavelengths: 4 }, { network: "star" }] as Record<string, unknown>[]) {
        const path = join(dir, `${collective}-${algorithm}-${Object.values(extra).join("-")}.jsonl`);
        const settings = { collective, algorithm, nodes: 10, elements: 10 * 7 + 3, throughDb: extra.network ? undefined : 0, ...extra, ...(rooted(collective) ? { root: 3 } : {}) };
        runWithTraces(parseRunConfig(settings), { trace: path });
        const trace = parseTrace(readFileSync(path, "utf8"));
        expect(trace.header.collective).toBe(collective);
        expect(checkTrace(trace), `${collective} ${algorithm} ${JSON.stringify(extra)}`).toEqual([]);
      }
    }
  });

  test("the replay catches a trace whose copies or landing places were tampered with", () => {
    const path = join(dir, "bruck.jsonl");
    runWithTraces(parseRunConfig({ collective: "alltoall", algorithm: "bruck", nodes: 6, elements: 36, wavelengths: 8 }), { trace: path });
    const good = parseTrace(readFileSync(path, "utf8"));
    expect(good.copies.length).toBeGreaterThan(0);
    expect(checkTrace(good)).toEqual([]);
    const noCopy = { ...good, copies: good.copies.slice(1) };
    expect(checkTrace(noCopy).join("\n")).toMatch(/alltoall: node \d+ element \d+ holds/);
    const moved = { ...good, transfers: good.transfers.map((t, i) => (i === 3 ? { ...t, dstBegin: (t.dstBegin as number) + 1 } : t)) };
    expect(checkTrace(moved).join("\n")).toMatch(/alltoall: node/);
  });
});

describe("the collective on the command line", () => {
  test("run reports the collective, its bandwidths and, for rooted ones, the root", () => {
    const r = cli(["run", "--collective", "broadcast", "-a", "chain", "--root", "5", "-n", "16", "--size", "1MB", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.collective).toBe("broadcast");
    expect(j.root).toBe(5);
    expect(j.algBandwidth).toBeCloseTo(1e6 / j.time, 3);
    expect(j.busBandwidth).toBe(j.algBandwidth * busBandwidthFactor("broadcast", 16));
    const ag = JSON.parse(cli(["run", "-c", "allgather", "-a", "ring", "-n", "8", "--size", "8MB", "--json"]).stdout);
    expect(ag.busBandwidth).toBeCloseTo((ag.algBandwidth * 7) / 8, 6);
    const text = cli(["run", "-c", "alltoall", "-a", "bruck", "-n", "8", "--size", "1MB"]).stdout;
    expect(text).toMatch(/^bruck all-to-all on a 8-node optical ring/);
    expect(text).toMatch(/bandwidth .* x \(N-1\)\/N\)/);
  });

  test("every existing all-reduce command gives the same numbers with and without --collective allreduce", () => {
    const a = JSON.parse(cli(["run", "-a", "wrht", "-n", "64", "--size", "4MB", "--json"]).stdout);
    const b = JSON.parse(cli(["run", "-c", "allreduce", "-a", "wrht", "-n", "64", "--size", "4MB", "--json"]).stdout);
    expect(b).toEqual(a);
    expect(a.collective).toBe("allreduce");
  });

  test("compare, crossover and plan take the collective", () => {
    const rows = JSON.parse(cli(["compare", "-c", "allgather", "--networks", "paper-optical", "-n", "64", "--sizes", "1MB", "--algorithms", "optree,wrht,ring", "--json"]).stdout);
    expect(rows.map((r: { collective: string; algorithm: string }) => `${r.collective}/${r.algorithm}`)).toEqual(["allgather/optree", "allgather/wrht", "allgather/ring"]);
    for (const r of rows) expect(r.busbw).toBeCloseTo((r.algbw * 63) / 64, 3);
    // all-to-all has no WRHT: the table says there is no baseline, and --baseline gives one
    const a2a = cli(["compare", "-c", "alltoall", "--networks", "paper-optical", "-n", "16", "--sizes", "1MB"]).stdout;
    expect(a2a).toMatch(/^reduction: none \(no baseline/m);
    const based = JSON.parse(cli(["compare", "-c", "alltoall", "--networks", "paper-optical", "-n", "16", "--sizes", "1MB", "--baseline", "pairwise@paper-optical", "--json"]).stdout);
    const pairwise = based.find((r: { algorithm: string }) => r.algorithm === "pairwise");
    for (const r of based) expect(r.reduction).toBeCloseTo(100 * (1 - pairwise.time / r.time), 9);
    const x = JSON.parse(cli(["crossover", "-c", "alltoall", "--network", "star", "-n", "16", "--algorithms", "pairwise,bruck", "--json"]).stdout);
    expect(x.below).toBe("bruck"); // few large messages beat many small ones only for large sizes
    const plan = cli(["plan", "--collective", "allgather", "-n", "256"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^OpTree all-gather on a 256-node bidirectional optical ring/);
    expect(plan.stdout).toMatch(/chosen: \d+ stages? of radix m = \d+/);
    const chain = JSON.parse(cli(["plan", "-c", "broadcast", "-n", "64", "--size", "64MB", "--json"]).stdout);
    // the chosen chunk count beats its neighbours (the closed form is evaluated at each)
    const around = chain.table.filter((r: { chunks: number }) => Math.abs(r.chunks - chain.chosen.chunks) === 1);
    for (const r of around) expect(r.time).toBeGreaterThanOrEqual(chain.chosen.time);
  });

  test("bad input: unknown collective, an algorithm of another collective, a root out of range or without a rooted collective", () => {
    const refused = (args: string[], re: RegExp) => {
      const r = cli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    };
    refused(["run", "--collective", "allgatherr"], /--collective: "allgatherr" is not accepted \(did you mean allgather\?\); expected one of allreduce, reducescatter, allgather, alltoall, broadcast, reduce/);
    refused(["run", "--collective", "allgather", "-a", "hd"], /--algorithm: "hd" does not implement all-gather \(only allreduce\); allgather algorithms: ring, ne, rd, wrht, optree/);
    refused(["run", "--collective", "alltoall", "-a", "ring"], /--algorithm: "ring" does not implement all-to-all .*; alltoall algorithms: direct, pairwise, bruck/);
    refused(["run", "--collective", "broadcast", "--root", "64", "-n", "64"], /--root: 64 is not accepted; expected a node from 0 to 63/);
    refused(["run", "--root", "3", "-n", "64"], /--root: "3" applies to broadcast and reduce, and this run is allreduce/);
    refused(["run", "--collective", "allgather", "-a", "ne", "-n", "63"], /--nodes: 63 is not accepted; expected an even node count for ne/);
    refused(["run", "--collective", "alltoall", "-n", "64", "--elements", "10"], /at least one element per block for all-to-all/);
    refused(["plan", "--collective", "alltoall"], /--collective: "alltoall" has no parameter to derive/);
  });
});
