// What users see around the engine, through the real command line: labels that name what was
// simulated, exact units, refusals of settings that cannot apply, plans, progress and limits,
// traces, plots and words. Each test checks a computed value against an independent one (another
// command, the library, the trace itself), never a copied number.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { OpticalRing } from "../src/network/opticalRing.js";
import { LeafSpine } from "../src/network/leafSpine.js";
import { Star } from "../src/network/star.js";
import { traceChart } from "../src/plot/traceChart.js";
import { simulate } from "../src/api/simulate.js";
import { cli } from "./helpers/cli.js";

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `wrht-${prefix}-`));
const json = (args: string[], cwd?: string) => {
  const r = cli(args, cwd);
  expect(r.stderr, args.join(" ")).toBe("");
  expect(r.code, args.join(" ")).toBe(0);
  return JSON.parse(r.stdout);
};
/** A refusal: exit 2, one line on stderr matching `re`, nothing on stdout. */
const refused = (args: string[], re: RegExp, cwd?: string) => {
  const r = cli(args, cwd);
  expect(r.code, args.join(" ")).toBe(2);
  expect(r.stdout, args.join(" ")).toBe("");
  expect(r.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
  expect(r.stderr.trimEnd(), args.join(" ")).toMatch(re);
  expect(r.stderr, args.join(" ")).not.toMatch(/at \S+ \(|node:internal|\.js:\d+|Invalid input|ZodError/);
};

describe("compare names what it simulated", () => {
  test("1: row labels are the preset plus every override; node counts are the ones simulated", () => {
    const rows = json(["compare", "-n", "256", "--models", "resnet50", "--algorithms", "wrht,ring", "--json"]);
    expect(rows.map((r: { network: string }) => r.network)).toEqual([
      "paper-optical (nodes=256)", "paper-optical (nodes=256)", "paper-electrical (nodes=256)", "paper-electrical (nodes=256)",
    ]);
    for (const r of rows) expect(r.nodes).toBe(256);
    const ls = json(["compare", "--networks", "leaf-spine", "--models", "resnet50", "--algorithms", "ring", "--json"]);
    expect(ls[0]).toMatchObject({ network: "leaf-spine", networkType: "leaf-spine" });
    const run = json(["run", "--preset", "leaf-spine", "--model", "resnet50", "-a", "ring", "--json"]);
    expect(ls[0].time).toBe(run.time);
  });

  test("1, 6: --preset and --network are refused in compare, as are settings no compared network takes", () => {
    refused(["compare", "--preset", "leaf-spine", "--models", "resnet50", "--algorithms", "wrht,ring"], /^wrht-sim: --preset: compare takes its networks from --networks/);
    refused(["compare", "--network", "star", "--models", "resnet50"], /^wrht-sim: --network: compare takes its networks from --networks/);
    refused(["compare", "--networks", "paper-electrical", "-w", "16", "--models", "resnet50"], /--wavelengths: "16" applies to none of the networks compared \(star\)/);
    refused(["compare", "--algorithms", "ring,rd", "--group-size", "8", "--models", "resnet50"], /--group-size: "8" is a setting of an algorithm not compared here/);
    refused(["compare", "--networks", "star:wavelengths=16", "--models", "resnet50"], /wavelengths: "16" sets optical-ring networks only/);
  });

  test("2: each network carries its own settings, and the baseline is named and chosen", () => {
    const rows = json(["compare", "--networks", "paper-optical,paper-electrical:alpha=2us", "--models", "resnet50", "--algorithms", "wrht,ring", "--json"]);
    const electrical = rows.find((r: { network: string; algorithm: string }) => r.network === "paper-electrical (alpha=2us)" && r.algorithm === "ring");
    const alone = json(["run", "--preset", "paper-electrical", "--alpha", "2us", "-a", "ring", "--model", "resnet50", "--json"]);
    expect(electrical.time).toBe(alone.time);
    const wrhtOptical = rows.find((r: { network: string; algorithm: string }) => r.network === "paper-optical" && r.algorithm === "wrht");
    for (const r of rows) {
      expect(r.baseline).toBe("wrht on paper-optical");
      expect(r.reduction).toBeCloseTo(100 * (1 - wrhtOptical.time / r.time), 10);
    }
    const same = json(["compare", "--networks", "paper-optical,paper-electrical:alpha=2us", "--models", "resnet50", "--algorithms", "wrht,ring", "--baseline", "ring@same", "--json"]);
    for (const r of same) {
      const ref = same.find((x: { network: string; algorithm: string }) => x.network === r.network && x.algorithm === "ring");
      expect(r.baseline).toBe(`ring on ${r.network}`);
      expect(r.reduction).toBeCloseTo(100 * (1 - ref.time / r.time), 10);
    }
    const named = json(["compare", "--networks", "paper-optical,paper-electrical:alpha=2us", "--models", "resnet50", "--algorithms", "wrht,ring", "--baseline", "ring@paper-electrical", "--json"]);
    expect(named[0].baseline).toBe("ring on paper-electrical (alpha=2us)");
    const table = cli(["compare", "--networks", "paper-optical,star:alpha=2us:label=fast-star", "--models", "resnet50", "--algorithms", "wrht,ring"]);
    expect(table.stdout).toMatch(/reduction: the time wrht on paper-optical saves against the row/);
    expect(table.stdout).toMatch(/^fast-star +100 Gb\/s +resnet50/m);
    const csv = cli(["compare", "--networks", "paper-optical", "--models", "resnet50", "--algorithms", "wrht,ring", "--csv"]).stdout.split("\n");
    expect(csv[0].split(",")).toContain("baseline");
    expect(csv[1]).toMatch(/wrht on paper-optical/);
    refused(["compare", "--models", "resnet50", "--baseline", "bt@paper-optical", "--algorithms", "wrht,ring"], /--baseline: "bt@paper-optical" .*one of those compared \(wrht, ring\)/);
  });

  test("3: an infeasible cell shows its reason and every other cell is printed", () => {
    const rows = json(["compare", "--networks", "paper-optical,sip-fixed-bank", "--models", "resnet50", "--json"]);
    expect(rows).toHaveLength(12);
    const infeasible = rows.filter((r: { status: string }) => r.status === "infeasible");
    expect(infeasible.length).toBeGreaterThan(0);
    for (const r of infeasible) {
      expect(r.network).toBe("sip-fixed-bank");
      expect(r.error).toMatch(/power budget|no group size can run/);
      expect(r.time).toBeNull();
    }
    expect(rows.find((r: { network: string; algorithm: string }) => r.network === "sip-fixed-bank" && r.algorithm === "ring").status).toBe("ok");
    // links a message holds cannot take a group's fan-in at once (shared fairly, they can)
    const t = cli(["compare", "--networks", "paper-optical,paper-electrical:sharing=exclusive", "--group-size", "32", "--models", "resnet50", "--algorithms", "wrht,ring"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/paper-electrical \(sharing=exclusive\) +100 Gb\/s +resnet50 .* wrht +infeasible/);
    expect(t.stdout).toMatch(/infeasible: paper-electrical \(sharing=exclusive\) \/ resnet50 \/ wrht: .*carries one \(--sharing fair shares it\)/);
  });

  test("19: compare rows carry dtype, waitTime and maxHops; electrical rows hold no wavelength count", () => {
    const rows = json(["compare", "-n", "64", "--models", "resnet50", "--algorithms", "ring,rd", "--dtype", "fp16", "--json"]);
    for (const r of rows) {
      expect(r.dtype).toBe("fp16");
      expect(typeof r.waitTime).toBe("number");
      expect(typeof r.maxHops).toBe("number");
      if (r.networkType === "star") expect([r.peakWavelengths, r.wavelengthsNeeded]).toEqual([null, null]);
      else expect(r.peakWavelengths).toBeGreaterThan(0);
    }
    const run = json(["run", "--preset", "paper-electrical", "-n", "64", "--json"]);
    expect(run.peakWavelengths).toBeNull();
  });
});

describe("units parse exactly", () => {
  test("4: flags, presets, sweep values and ranges give the same doubles as the literals", () => {
    expect(json(["run", "-n", "4", "--alpha", "20us", "--hop-latency", "10ns", "--json"]).network).toMatchObject({ alpha: 20e-6, hopLatency: 10e-9 });
    expect(json(["run", "--preset", "paper-electrical", "-n", "4", "--json"]).network.alpha).toBe(10e-6);
    expect(json(["run", "-n", "4", "--bandwidth", "12.5GB/s", "--json"]).network.bandwidth).toBe(100e9);
    const dir = tmp("units");
    writeFileSync(join(dir, "s.yaml"), "axes:\n  nodes: [4]\n  alpha: [20us, 100us]\n  hopLatency: { from: 1ns, to: 5ns, step: 1ns }\n  gamma: { log: [0.001ns, 0.1ns], points: 3 }\n");
    expect(cli(["sweep", "s.yaml", "-o", "u.csv"], dir).code).toBe(0);
    const text = readFileSync(join(dir, "u.csv"), "utf8");
    const rows = text.trim().split("\n").slice(1).map((l) => l.split(","));
    const head = text.split("\n")[0].split(",");
    const col = (c: string) => [...new Set(rows.map((r) => Number(r[head.indexOf(c)])))];
    expect(col("alpha")).toEqual([20e-6, 100e-6]);
    expect(col("hopLatency")).toEqual([1e-9, 2e-9, 3e-9, 4e-9, 5e-9]);
    expect(col("gamma")).toEqual([1e-12, 1e-11, 1e-10]);
    for (const c of ["alpha", "hopLatency", "gamma"]) for (const v of rows.map((r) => r[head.indexOf(c)])) expect(v, c).not.toMatch(/9999999|0000000001/);
  });
});

describe("sweep rows", () => {
  test("5: JSONL rows hold params as an object", () => {
    const dir = tmp("jsonl");
    writeFileSync(join(dir, "s.yaml"), "axes:\n  algorithm: [wrht]\n  nodes: [16]\n");
    expect(cli(["sweep", "s.yaml", "-o", "r.jsonl"], dir).code).toBe(0);
    const row = JSON.parse(readFileSync(join(dir, "r.jsonl"), "utf8").trim());
    expect(typeof row.params).toBe("object");
    const run = json(["run", "-a", "wrht", "-n", "16", "--json"]);
    expect(row.params).toEqual(run.params);
  });
});

describe("settings that cannot apply are refused", () => {
  test("6: optical settings on electrical networks, algorithm settings on other algorithms, clashing presets, two formats", () => {
    refused(["run", "--preset", "paper-electrical", "-w", "16"], /--wavelengths: "16" sets optical-ring networks only, and preset paper-electrical is a star network/);
    refused(["run", "--network", "star", "--through-db", "3"], /--through-db: "3" sets optical-ring networks only, and this run is on a star network/);
    refused(["run", "--network", "optical-ring", "--switch-latency", "1us"], /--switch-latency: "1us" sets star or leaf-spine networks only/);
    refused(["run", "--network", "star", "--leaf-size", "8"], /--leaf-size: "8" sets leaf-spine networks only/);
    refused(["run", "-a", "ring", "--group-size", "8"], /--group-size: "8" is a setting of wrht or optree only; the algorithm here is ring/);
    refused(["run", "-a", "wrht", "--hring-group", "8"], /--hring-group: "8" is a setting of hring only/);
    refused(["run", "--preset", "paper-electrical", "--network", "optical-ring"], /--network: "optical-ring" contradicts --preset paper-electrical, which is a star network/);
    refused(["compare", "--models", "resnet50", "--sizes", "1MB"], /--sizes: cannot be combined with --models/);
    refused(["compare", "--models", "resnet50", "--json", "--csv"], /--csv: cannot be combined with --json; choose one output format/);
    refused(["compare", "--algorithms", ","], /--algorithms: "" is not accepted; expected at least one of wrht, ring/);
    refused(["plan", "--hring-group", "4"], /--hring-group: "4" is a setting of hring only; the algorithm here is wrht/);
    // the same network named twice is a clear meaning: accepted
    expect(cli(["run", "--preset", "paper-electrical", "--network", "star", "-n", "8", "--json"]).code).toBe(0);
  });

  test("7: crossover needs two different algorithms; no command prints the overview and fails", () => {
    refused(["crossover", "--algorithms", "wrht,wrht"], /--algorithms: "wrht,wrht" names one algorithm twice/);
    const r = cli([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/Usage: wrht-sim \[options\] \[command\]/);
    expect(r.stderr).toMatch(/run \[options\]/);
    expect(r.stderr).toMatch(/compare \[options\]/);
  });
});

describe("wavelengths: used and needed", () => {
  test("8: wavelengthsNeeded is exactly the fewest with which a lockstep run never waits", () => {
    for (const [alg, n] of [["rd", 64], ["hd", 48], ["bt", 40], ["hring", 36], ["wrht", 100]] as const) {
      const base = ["run", "-a", alg, "-n", String(n), "--elements", "6400", "--mode", "lockstep", "--json"];
      const ample = json([...base, "-w", "512"]);
      const need = ample.wavelengthsNeeded;
      expect(need, alg).toBeGreaterThan(0);
      expect(ample.waitTime, alg).toBe(0);
      const exact = json([...base, "-w", String(need)]);
      expect(exact.waitTime, `${alg} with ${need}`).toBe(0);
      expect(exact.time, alg).toBe(ample.time);
      if (alg === "wrht") {
        // WRHT refuses a ring one wavelength short of its plan: a level would no longer be one step
        refused([...base, "-w", String(need - 1), "--group-size", String(ample.params.groupSize)], new RegExp(`needs ${need} wavelengths on its busiest link, the ring has ${need - 1}`));
      } else if (need > 1) {
        expect(json([...base, "-w", String(need - 1)]).waitTime, `${alg} with ${need - 1}`).toBeGreaterThan(0);
      }
    }
    const wrht = json(["run", "-a", "wrht", "-n", "1024", "--json"]);
    const plan = json(["plan", "-n", "1024", "--json"]);
    expect(wrht.wavelengthsNeeded).toBe(plan.chosen.wavelengths);
    const text = cli(["run", "-a", "wrht", "-n", "1024"]).stdout;
    expect(text).toMatch(new RegExp(`wavelengths used +${wrht.peakWavelengths} of 64 \\(the highest first fit touched on any link\\)`));
    expect(text).toMatch(new RegExp(`wavelengths needed +${plan.chosen.wavelengths} \\(the fewest with which a lockstep run never waits for one\\)`));
  });

  test("9: plan picks among near ties the fewest wavelengths, shows the tie set, and shows every m when none is feasible", () => {
    const p = json(["plan", "-n", "4096", "--json"]);
    const feasible = p.candidates.filter((c: { feasible: boolean }) => c.feasible);
    const least = Math.min(...feasible.map((c: { time: number }) => c.time));
    const near = feasible.filter((c: { time: number }) => c.time <= least * 1.001);
    expect(p.nearTies).toEqual(near.map((c: { groupSize: number }) => c.groupSize));
    expect(p.chosen.wavelengths).toBe(Math.min(...near.map((c: { wavelengths: number }) => c.wavelengths)));
    const text = cli(["plan", "-n", "4096"]).stdout;
    expect(text).toMatch(new RegExp(`near ties: m = .* within 0.1% of the least time .* m = ${p.chosen.groupSize} needs the fewest wavelengths \\(${p.chosen.wavelengths}\\)`));
    const none = cli(["plan", "--nodes", "4096", "--wavelengths", "16", "--direction", "unidirectional", "--through-db", "0.05"]);
    expect(none.code).toBe(0);
    const rows = none.stdout.split("\n").filter((l) => /^ *\d+ +\d+ +\d+ +\d+ +\d+ +- +infeasible: /.test(l));
    expect(rows.length).toBe(JSON.parse(cli(["plan", "--nodes", "4096", "--wavelengths", "16", "--direction", "unidirectional", "--through-db", "0.05", "--json"]).stdout).candidates.length);
    expect(none.stdout).toMatch(/no group size is feasible/);
    // a near tie faster than the chosen m by a hair reads as a negative difference, not "+-"
    const p1024 = json(["plan", "-n", "1024", "--json"]);
    const faster = p1024.candidates.find((c: { feasible: boolean; time: number }) => c.feasible && c.time < p1024.chosen.time) as { groupSize: number } | undefined;
    expect(faster).toBeDefined();
    const t1024 = cli(["plan", "-n", "1024"]).stdout;
    expect(t1024).not.toMatch(/\+-/);
    expect(t1024).toMatch(new RegExp(`^ *${faster?.groupSize} .* -\\d[\\d.]* [mun]?s \\(near tie\\)$`, "m"));
  });
});

describe("long work and big files", () => {
  test("10: a run too long is refused before any work with its estimate and the flag that overrides it", () => {
    const started = Date.now();
    refused(["run", "-n", "1000000"], /transfers: this run has 1,999,998,000,000 transfers, about .* of wasm engine work; the limit is 10,000,000,000 .* raise --max-transfers/);
    expect(Date.now() - started).toBeLessThan(20_000);
    refused(["run", "-n", "64", "--max-transfers", "1000"], /this run has 8,064 transfers.* the limit is 1,000/);
  });

  test("10: --progress draws a bar on stderr for run, compare and crossover", () => {
    const r = cli(["run", "-n", "2048", "--size", "10MB", "--progress", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`run \\[.*\\] \\d+/${2 * 2047 * 2048} transfers`));
    expect(JSON.parse(r.stdout).transfers).toBe(2 * 2047 * 2048);
    expect(cli(["compare", "-n", "16", "--models", "resnet50", "--algorithms", "ring,wrht", "--progress", "--json"]).stderr).toMatch(/compare \[.*\] 4\/4/);
    expect(cli(["crossover", "-n", "16", "--progress", "--json"]).stderr).toMatch(/crossover \[/);
  });

  test("11: traces estimated above the threshold are announced before writing", () => {
    const dir = tmp("tracesize");
    const r = cli(["run", "-n", "16", "--size", "1MB", "--trace", "t.jsonl", "--chrome-trace", "t.json"], dir, { WRHT_TRACE_WARN_BYTES: "1000" });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^wrht-sim: writing about [\d.]+[KMG]?B of traces for 480 transfers\n$/);
    const quiet = cli(["run", "-n", "16", "--size", "1MB", "--trace", "t.jsonl"], dir);
    expect(quiet.stderr).toBe("");
  });

  test("12: a trace plot counts every lightpath: the cells hold exactly the lightpath-seconds of the run", () => {
    const dir = tmp("tplot");
    expect(cli(["run", "-n", "96", "-a", "rd", "-w", "8", "--size", "1MB", "--trace", "t.jsonl"], dir).code).toBe(0);
    const lines = readFileSync(join(dir, "t.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const transfers = lines.filter((l) => l.type === "transfer");
    const chart = traceChart(join(dir, "t.jsonl"));
    const cells = (chart.spec as { data: { values: { t0: number; t1: number; p0: number; p1: number; wavelengths: number }[] } }).data.values;
    // each cell: mean wavelengths x (time width x links) = lightpath-seconds x links in it
    const title = JSON.stringify(chart.spec).match(/time \((\w+)\)/)?.[1] as string;
    const unit = { s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 }[title] as number;
    const total = cells.reduce((s, c) => s + c.wavelengths * (c.t1 - c.t0) * unit * (c.p1 - c.p0), 0);
    const want = transfers.reduce((s, t) => s + t.hops * (t.finish - t.start), 0);
    expect(Math.abs(total - want) / want).toBeLessThan(1e-3); // cells keep 4 significant digits
    expect(chart.note).toMatch(new RegExp(`all ${transfers.length.toLocaleString("en-US")} lightpaths aggregated`));
    const r = cli(["plot", "t.jsonl", "-o", "w.svg"], dir);
    expect(r.stderr).toMatch(new RegExp(`all ${transfers.length} lightpaths aggregated into 120 time bins`));
    const svg = readFileSync(join(dir, "w.svg"), "utf8");
    expect(svg).toMatch(new RegExp(`time \\(${title}\\)`));
    expect(svg).not.toMatch(/>[^<]*0\.000000[^<]*</); // no label like the old legend's 0.000000
  });

  test("13: Chrome traces: a slice on sender and receiver, lanes that never overlap, flow ends inside slices", () => {
    const dir = tmp("chrome");
    expect(cli(["run", "-n", "32", "-a", "wrht", "--size", "1MB", "--chrome-trace", "t.json", "--trace", "t.jsonl"], dir).code).toBe(0);
    const events = JSON.parse(readFileSync(join(dir, "t.json"), "utf8")).traceEvents as { ph: string; pid: number; tid: number; ts: number; dur: number; id: number; name: string; args: { src: number; dst: number } }[];
    const transfers = readFileSync(join(dir, "t.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l)).filter((l) => l.type === "transfer");
    const slices = events.filter((e) => e.ph === "X");
    expect(slices).toHaveLength(2 * transfers.length);
    for (const t of transfers) {
      expect(slices.filter((s) => s.pid === t.src && s.name.startsWith("send") && s.args.dst === t.dst)).toHaveLength(1);
      expect(slices.filter((s) => s.pid === t.dst && s.name.startsWith("recv") && s.args.src === t.src)).toHaveLength(1);
    }
    const tracks = new Map<string, typeof slices>();
    for (const s of slices) tracks.set(`${s.pid}/${s.tid}`, [...(tracks.get(`${s.pid}/${s.tid}`) ?? []), s]);
    let overlaps = 0;
    for (const list of tracks.values()) {
      list.sort((a, b) => a.ts - b.ts);
      for (let i = 1; i < list.length; i++) if (list[i].ts < list[i - 1].ts + list[i - 1].dur - 1e-9) overlaps++;
    }
    expect(overlaps).toBe(0);
    expect(Math.max(...slices.filter((s) => s.pid === 15).map((s) => s.tid))).toBeGreaterThan(10); // the leader's fan-in takes many lanes
    const flows = events.filter((e) => e.ph === "s" || e.ph === "f");
    expect(flows).toHaveLength(2 * transfers.length);
    const inside = (e: { pid: number; tid: number; ts: number }) => slices.some((s) => s.pid === e.pid && s.tid === e.tid && s.ts <= e.ts && e.ts <= s.ts + s.dur);
    expect(flows.filter((f) => !inside(f))).toEqual([]);
    const ids = new Map<number, string[]>();
    for (const f of flows) ids.set(f.id, [...(ids.get(f.id) ?? []), f.ph]);
    for (const phases of ids.values()) expect(phases.sort()).toEqual(["f", "s"]);
  });
});

describe("plots", () => {
  const sweep = `name: p
axes:
  nodes: [1024, 64, 256]
  algorithm: [ring, wrht]
  size: [1MB, 4MB]
plots:
  - { file: p.svg, x: size, y: time, color: algorithm, facet: nodes, logY: true }
`;

  test("14: units people read, numeric facet order, one colour per algorithm, ranges from the data, next to the results", () => {
    const dir = tmp("plots");
    writeFileSync(join(dir, "s.yaml"), sweep);
    mkdirSync(join(dir, "sub"));
    const r = cli(["sweep", "s.yaml", "--out", "sub/x.csv"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, "sub", "p.svg"))).toBe(true);
    expect(existsSync(join(dir, "p.svg"))).toBe(false);
    const svg = readFileSync(join(dir, "sub", "p.svg"), "utf8");
    expect(svg).toMatch(/size \(MB\)/);
    expect(svg).toMatch(/time \(ms\)/);
    const at = (s: string) => svg.indexOf(s);
    expect(at("nodes = 64")).toBeGreaterThan(0);
    expect(at("nodes = 64")).toBeLessThan(at("nodes = 256"));
    expect(at("nodes = 256")).toBeLessThan(at("nodes = 1024"));
    // wrht is the same red as in compare's chart
    expect(svg).toMatch(/stroke="#e15759"/);
    expect(cli(["compare", "-n", "16", "--models", "resnet50", "--algorithms", "wrht,ring", "--plot", "c.svg"], dir).code).toBe(0);
    expect(readFileSync(join(dir, "c.svg"), "utf8")).toMatch(/stroke="#e15759"/);
    // x from the data: the size axis starts near 1 MB, not at 0
    expect(svg).not.toMatch(/>0<\/text>/);
    // log axes too: 64 to 1024 nodes spans about that, not the decades 10 to 10,000 around it
    const logPlot = cli(["plot", join(__dirname, "..", "docs", "figures", "optree-allgather-nodes.csv"), "--x", "nodes", "--color", "algorithm", "--log-x", "--log-y", "-o", "log.svg"], dir);
    expect(logPlot.code, logPlot.stderr).toBe(0);
    const m = /X-axis titled 'nodes' for a log scale with values from ([\d.,]+) to ([\d.,]+)/.exec(readFileSync(join(dir, "log.svg"), "utf8"));
    expect(m).not.toBeNull();
    const [lo, hi] = [Number(m![1].replace(/,/g, "")), Number(m![2].replace(/,/g, ""))];
    expect(lo).toBeGreaterThan(50);
    expect(lo).toBeLessThan(64);
    expect(hi).toBeGreaterThan(1024);
    expect(hi).toBeLessThan(1300);
    // merge puts the plots next to the merged file
    mkdirSync(join(dir, "m"));
    expect(cli(["sweep", "s.yaml", "--out", "sub/y.csv", "--shard", "0/1"], dir).code).toBe(0);
    expect(cli(["merge", "-o", "m/all.csv", "sub/y.shard-0-of-1.csv", "--sweep", "s.yaml"], dir).code).toBe(0);
    expect(existsSync(join(dir, "m", "p.svg"))).toBe(true);
  });

  test("14: --where keeps chosen rows; a line over an unencoded varying column is warned about", () => {
    const dir = tmp("where");
    writeFileSync(join(dir, "s.yaml"), sweep);
    expect(cli(["sweep", "s.yaml", "--out", "x.csv"], dir).code).toBe(0);
    const zig = cli(["plot", "x.csv", "--x", "size", "--color", "algorithm", "-o", "z.svg"], dir);
    expect(zig.code).toBe(0);
    expect(zig.stderr).toMatch(/warning: .* differ in nodes; the lines will zig-zag: encode it \(--color nodes or --facet nodes\) or pick one value \(--where nodes=\.\.\.\)/);
    const one = cli(["plot", "x.csv", "--x", "size", "--color", "algorithm", "--where", "nodes=256", "-o", "w.svg"], dir);
    expect(one.stderr).toBe("");
    expect(cli(["plot", "x.csv", "--x", "size", "--where", "size=1MB,4MB", "--where", "nodes=64", "--color", "algorithm", "-o", "w2.svg"], dir).stderr).toBe("");
    refused(["plot", "x.csv", "--x", "size", "--where", "nodez=1"], /--where: "nodez=1" .*a column of x.csv/, dir);
  });
});

describe("words", () => {
  test("15: errors in plain words, never a validator's text", () => {
    const dir = tmp("words");
    writeFileSync(join(dir, "r.csv"), "sweep,point,id,nodes,time\nabc,0,x,8,1\n");
    writeFileSync(join(dir, "empty.yaml"), "");
    writeFileSync(join(dir, "axes.yaml"), "axes: 3\n");
    refused(["plot", "r.csv"], /^wrht-sim: --x: say which column goes on the x axis, one of sweep, point, id, nodes, time$/, dir);
    refused(["sweep", "empty.yaml"], /^wrht-sim: sweep file: it is empty; expected a sweep: a mapping with axes/, dir);
    refused(["sweep", "axes.yaml"], /^wrht-sim: sweep axes: 3 is not accepted; expected a mapping of run settings to a list of values/, dir);
    refused(["run", "extra"], /^wrht-sim: run takes no arguments besides its options, and got 1; see wrht-sim run --help$/);
    const plan = cli(["plan", "--through-db", "0", "-n", "64"]);
    expect(plan.stdout).not.toMatch(/any number of/);
    expect(plan.stdout).toMatch(/no per-hop loss: any lightpath fits the 30.00 dB power budget/);
  });

  test("16: nothing a user reads cites a spec they do not have", () => {
    const root = join(__dirname, "..");
    const files = ["README.md", ...["docs", "src", "sweeps", "examples", "bench"].flatMap((d) => walk(join(root, d)).map((f) => f.slice(root.length + 1)))];
    const citing = files.filter((f) => /\.(md|ts|mjs|yaml|json)$/.test(f) && /\bSPEC\b/.test(readFileSync(join(root, f), "utf8")));
    expect(citing).toEqual([]);
    for (const cmd of ["run", "compare", "plan", "crossover", "sweep", "merge", "plot", "models", "presets", "train", "web"]) expect(cli([cmd, "--help"]).stdout, cmd).not.toMatch(/\bSPEC\b/);
    expect(cli(["presets"]).stdout).not.toMatch(/\bSPEC\b/);
  });

  test("19: LICENSE exists; run's header names every setting that shapes the time and shows sizes as given", () => {
    const root = join(__dirname, "..");
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).license).toBe("MIT");
    const t = cli(["run", "-n", "64", "--size", "1GiB", "--alpha", "5us", "--hop-latency", "2ns", "--tx", "4"]).stdout;
    expect(t).toMatch(/network +bidirectional, 64 wavelengths x 100 Gb\/s, alpha 5 us, 2 ns per hop, 4 transmitters and unlimited receivers per node/);
    expect(t).toMatch(/vector +1GiB \(1,073,741,824 bytes = 268,435,456 x 4-byte fp32 elements\)/);
    expect(t).toMatch(/power budget +30\.00 dB: lightpaths of at most 2,650 hops/);
    const m = cli(["run", "--preset", "paper-electrical", "-n", "16", "--model", "resnet50"]).stdout;
    expect(m).toMatch(/network +100 Gb\/s links shared fairly, alpha 10 us, 500 ns per switch/);
    expect(m).toMatch(/vector +resnet50 gradients: 102\.2MB \(25,557,032 x 4-byte fp32 elements\)/);
  });
});

describe("the library", () => {
  test("20: networks take their documented defaults; the library never imports the command line", () => {
    const ring = new OpticalRing({ nodes: 64 });
    expect(ring.params).toMatchObject({ wavelengths: 64, bandwidth: 100e9, alpha: 20e-6, direction: "bidirectional" });
    expect(new OpticalRing({ nodes: 8, power: { throughDbPerHop: 1 } }).hopLimit).toBe(26);
    expect(new Star({ nodes: 8 }).params.alpha).toBe(10e-6);
    expect(new LeafSpine({ nodes: 64, leafSize: 8 }).params).toMatchObject({ spines: 8, uplinkBandwidth: 100e9 });
    const r = simulate({ network: ring, algorithm: "ring", elements: 64 * 1000 });
    expect(r.time).toBe(simulate({ network: new OpticalRing({ nodes: 64, wavelengths: 64 }), algorithm: "ring", elements: 64 * 1000 }).time);
    const root = join(__dirname, "..", "src");
    const offenders = walk(root)
      .filter((f) => f.endsWith(".ts") && !f.includes(`${join("src", "cli")}`) && !f.includes(`${join("src", "web")}`))
      .filter((f) => /from "(\.\.?\/)+cli\//.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
