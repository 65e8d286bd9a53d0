// Faults and variability as users meet them: the default seed said and used, traces that an
// independent replay holds to the fault rules (no lightpath across a cut or on a lost wavelength,
// slow factors in every duration, the collective's data still right), results identical for a
// seed on any thread count or shard, and stragglers in training.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cli } from "./helpers/cli.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";

const tmp = () => mkdtempSync(join(tmpdir(), "wrht-faults-"));

test("jitter without --seed uses seed 1 and says so on stderr; --seed 1 gives the same result, --seed 2 another", () => {
  const base = ["run", "-n", "32", "-a", "wrht", "--size", "8MB", "--jitter", "lognormal:0.3", "--json"];
  const d = cli(base);
  expect(d.code).toBe(0);
  expect(d.stderr).toBe("wrht-sim: jitter and random faults drawn with seed 1 (the default; --seed S draws others)\n");
  const one = cli([...base, "--seed", "1"]);
  expect(one.stderr).toBe("");
  expect(JSON.parse(one.stdout).time).toBe(JSON.parse(d.stdout).time);
  expect(JSON.parse(one.stdout).faults).toEqual({ jitter: "lognormal:0.3", seed: 1 });
  expect(JSON.parse(cli([...base, "--seed", "2"]).stdout).time).not.toBe(JSON.parse(d.stdout).time);
});

test("compare takes the fault settings of each run (a straggler checked against each network's nodes)", () => {
  const r = cli(["compare", "--networks", "paper-optical", "--sizes", "16MB", "--algorithms", "ring", "--nodes", "16", "--mode", "lockstep", "--slow", "7:2", "--json"]);
  expect(r.code, r.stderr).toBe(0);
  const [row] = JSON.parse(r.stdout);
  const plain = JSON.parse(cli(["compare", "--networks", "paper-optical", "--sizes", "16MB", "--algorithms", "ring", "--nodes", "16", "--mode", "lockstep", "--json"]).stdout)[0];
  // in lockstep every Ring step has a transfer at node 7 (chunks all equal): each step, and so the
  // run, twice as long
  expect(row.time / plain.time).toBeCloseTo(2, 12);
});

describe("traces under faults pass the independent replay", () => {
  const CASES: [string, string[]][] = [
    ["one cut, WRHT", ["-n", "48", "-a", "wrht", "--cut", "20"]],
    ["one cut, Ring, lockstep", ["-n", "24", "-a", "ring", "--cut", "0", "--mode", "lockstep"]],
    ["one cut, hierarchical ring", ["-n", "36", "-a", "hring", "--cut", "35"]],
    ["one cut, OpTree all-gather", ["-n", "40", "-c", "allgather", "-a", "optree", "--cut", "7"]],
    ["random lost wavelengths, RD", ["-n", "32", "-w", "16", "-a", "rd", "--fault-rate", "wavelength:0.02", "--seed", "4"]],
    ["lost wavelengths on every gap, Rabenseifner", ["-n", "32", "-w", "8", "-a", "hd", "--lost-wavelengths", "*:0-3"]],
    ["failed transmitters, WRHT", ["-n", "32", "-a", "wrht", "--tx", "3", "--rx", "3", "--failed-transceivers", "5:tx:0,9:rx:2", "--fault-rate", "transceiver:0.1", "--seed", "9"]],
    ["slow nodes, WRHT", ["-n", "48", "-a", "wrht", "--slow", "3:2.5,24:1.5"]],
    ["slow node on a fairly shared star", ["-n", "16", "--network", "star", "-c", "alltoall", "-a", "direct", "--slow", "3:2"]],
    ["jitter with a cut and slow node, async", ["-n", "48", "-a", "wrht", "--cut", "30", "--slow", "7:1.3", "--jitter", "0.8,1,1.5", "--seed", "3"]],
  ];
  test.each(CASES)("%s", (_name, args) => {
    const dir = tmp();
    const trace = join(dir, "t.jsonl");
    const r = cli(["run", "--size", "96KB", ...args, "--trace", trace], dir);
    expect(r.code, r.stderr).toBe(0);
    const parsed = parseTrace(readFileSync(trace, "utf8"));
    expect(parsed.header.faults).toBeDefined();
    expect(checkTrace(parsed)).toEqual([]);
  });

  test("the replay would catch a lightpath across a cut, on a lost wavelength, or too fast for its slow node", () => {
    const dir = tmp();
    const trace = join(dir, "t.jsonl");
    expect(cli(["run", "-n", "16", "-a", "ring", "--size", "1MB", "--trace", trace], dir).code).toBe(0);
    const text = readFileSync(trace, "utf8");
    const withFaults = (faults: object) => {
      const lines = text.trimEnd().split("\n");
      lines[0] = JSON.stringify({ ...JSON.parse(lines[0]), faults });
      return parseTrace(lines.join("\n") + "\n");
    };
    expect(checkTrace(withFaults({ cuts: [5] })).join("\n")).toMatch(/crosses the cut link cw:5/);
    expect(checkTrace(withFaults({ lostWavelengths: [[3, 0]] })).join("\n")).toMatch(/cw:3#0 held twice/);
    expect(checkTrace(withFaults({ slow: ["2:2"] })).join("\n")).toMatch(/duration .* x 2/);
  });
});

test("the same seed gives byte-identical sweep results on 1 and 2 threads and across shards; other seeds other results", () => {
  const dir = tmp();
  writeFileSync(
    join(dir, "s.yaml"),
    "name: seeded\nbase: { nodes: 24, wavelengths: 16, size: 2MB, jitter: 'lognormal:0.3', faultRate: 'wavelength:0.05' }\naxes:\n  algorithm: [wrht, ring, rd]\n  seed: { from: 1, to: 6, step: 1 }\n",
  );
  expect(cli(["sweep", "s.yaml", "--threads", "1", "--out", "one.csv"], dir).code).toBe(0);
  expect(cli(["sweep", "s.yaml", "--threads", "2", "--out", "two.csv"], dir).code).toBe(0);
  expect(cli(["sweep", "s.yaml", "--shard", "0/2", "--out", "sh.csv"], dir).code).toBe(0);
  expect(cli(["sweep", "s.yaml", "--shard", "1/2", "--out", "sh.csv"], dir).code).toBe(0);
  expect(cli(["merge", "-o", "merged.csv", "sh.shard-0-of-2.csv", "sh.shard-1-of-2.csv", "--sweep", "s.yaml"], dir).code).toBe(0);
  const one = readFileSync(join(dir, "one.csv"), "utf8");
  expect(readFileSync(join(dir, "two.csv"), "utf8")).toBe(one);
  expect(readFileSync(join(dir, "merged.csv"), "utf8")).toBe(one);
  expect(readFileSync(join(dir, "merged.summary.csv"), "utf8")).toBe(readFileSync(join(dir, "one.summary.csv"), "utf8"));
  // per algorithm, six seeds give six different times and six different fault draws
  const rows = one.trimEnd().split("\n").slice(1).map((l) => l.split(","));
  const header = one.split("\n")[0].split(",");
  const col = (name: string) => header.indexOf(name);
  for (const alg of ["wrht", "ring", "rd"]) {
    const mine = rows.filter((r) => r[col("algorithm")] === alg);
    expect(mine).toHaveLength(6);
    expect(new Set(mine.map((r) => r[col("time")])).size).toBe(6);
  }
  // the summary: one row per algorithm, its mean the mean of its six rows
  const summary = readFileSync(join(dir, "one.summary.csv"), "utf8").trimEnd().split("\n");
  expect(summary[0]).toBe("sweep,algorithm,seeds,refused,timeMean,timeP50,timeP99,timeMin,timeMax,energyMean");
  const ring = summary.find((l) => l.split(",")[1] === "ring")!.split(",");
  const times = rows.filter((r) => r[col("algorithm")] === "ring").map((r) => Number(r[col("time")]));
  expect(Number(ring[4])).toBeCloseTo(times.reduce((a, b) => a + b, 0) / 6, 15);
  expect(Number(ring[7])).toBe(Math.min(...times));
});

test("training with a straggler: every node waits for it, compute is its factor times longer", () => {
  const run = (extra: string[]) => JSON.parse(cli(["train", "-m", "resnet50", "-n", "32", "--json", ...extra]).stdout);
  const plain = run([]);
  const slow = run(["--slow", "5:2"]);
  expect(slow.compute / plain.compute).toBeCloseTo(2, 12);
  expect(slow.iteration).toBeGreaterThan(plain.iteration);
  expect(slow.faults).toEqual({ slow: ["5:2"] });
  // compute jitter: each node's passes draw their own factors; the slowest node gates
  const jit = run(["--jitter", "lognormal:0.2", "--jitter-compute", "--seed", "5"]);
  expect(jit.compute).toBeGreaterThan(plain.compute);
  expect(run(["--jitter", "lognormal:0.2", "--jitter-compute", "--seed", "5"]).iteration).toBe(jit.iteration);
});
