// Sweeps through the real command line: determinism across threads and shards, kill -9 and
// resume, Ctrl-C, failing points, cluster shard variables, merge, plots.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadFileAlgorithms } from "../src/import/scheduleSource.js";
import { algorithmsNamed } from "../src/sweep/spec.js";
import { resolveShard } from "../src/sweep/shard.js";
import { parse } from "yaml";
import { expandSweep, parseSweep } from "../src/sweep/spec.js";
import { CLI, cli } from "./helpers/cli.js";

const SWEEP = `
name: t
base: { network: optical-ring, mode: async }
axes:
  algorithm: [ring, wrht, hd]
  nodes: { from: 100, to: 460, step: 40 }
  size: [1MB, 4MB]
`;

function dirWith(text = SWEEP): string {
  const dir = mkdtempSync(join(tmpdir(), "wrht-sweep-"));
  writeFileSync(join(dir, "s.yaml"), text);
  return dir;
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), "utf8");

describe("sweep files", () => {
  test("expand lists, ranges and zipped axes in a fixed order", () => {
    const s = expandSweep(
      parseSweep({
        base: { network: "star" },
        axes: { algorithm: ["ring", "rd"], nodes: { log: [4, 64], points: 5 }, alpha: ["1us", "2us"], size: ["1MB", "2MB"] },
        zip: [["alpha", "size"]],
      }),
    );
    expect(s.points).toHaveLength(2 * 5 * 2);
    expect(s.points.slice(0, 3).map((p) => p.values)).toEqual([
      { algorithm: "ring", nodes: 4, alpha: "1us", size: "1MB" },
      { algorithm: "ring", nodes: 4, alpha: "2us", size: "2MB" },
      { algorithm: "ring", nodes: 8, alpha: "1us", size: "1MB" },
    ]);
    expect(new Set(s.points.map((p) => p.id)).size).toBe(20);
    expect(expandSweep(parseSweep({ axes: { nodes: { from: 8, to: 20, step: 4 } } })).points.map((p) => p.values.nodes)).toEqual([8, 12, 16, 20]);
  });

  test("bad sweep files are refused in one line", () => {
    const dir = dirWith("axes: { nodez: [4] }\n");
    const r = cli(["sweep", "s.yaml"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/sweep setting: "nodez" .*a run setting/);
    writeFileSync(join(dir, "z.yaml"), "axes: { nodes: [4, 8], size: [1MB] }\nzip: [[nodes, size]]\n");
    expect(cli(["sweep", "z.yaml"], dir).stderr).toMatch(/sweep zip: "nodes,size" .*equal length/);
    writeFileSync(join(dir, "y.yaml"), "axes: [oops\n");
    expect(cli(["sweep", "y.yaml"], dir).stderr).toMatch(/sweep file: ".*y.yaml" .*valid YAML/);
    expect(readdirSync(dir).sort()).toEqual(["s.yaml", "y.yaml", "z.yaml"]);
  });
});

describe("wrht-sim sweep", () => {
  test("1 and 2 threads and a 3-way shard plus merge give byte-identical sorted output", () => {
    const dir = dirWith();
    expect(cli(["sweep", "s.yaml", "-t", "1", "-o", "one.csv"], dir).code).toBe(0);
    expect(cli(["sweep", "s.yaml", "-t", "2", "-o", "two.csv"], dir).code).toBe(0);
    for (let i = 0; i < 3; i++) expect(cli(["sweep", "s.yaml", "-t", "1", "--shard", `${i}/3`, "-o", "sh.csv"], dir).code).toBe(0);
    const merged = cli(["merge", "-o", "merged.csv", "sh.shard-0-of-3.csv", "sh.shard-1-of-3.csv", "sh.shard-2-of-3.csv", "--sweep", "s.yaml"], dir);
    expect(merged.stdout).toMatch(/merged 60 points from 3 files/);
    const one = read(dir, "one.csv");
    expect(one.trim().split("\n")).toHaveLength(61);
    expect(read(dir, "two.csv")).toBe(one);
    expect(read(dir, "merged.csv")).toBe(one);
    // JSONL gives the same rows
    expect(cli(["sweep", "s.yaml", "-t", "2", "-o", "rows.jsonl"], dir).code).toBe(0);
    const rows = read(dir, "rows.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.map((r) => r.point)).toEqual([...Array(60).keys()]);
    expect(rows.every((r) => r.status === "ok")).toBe(true);
  });

  test("kill -9 in the middle, then --resume, gives the uninterrupted result", async () => {
    const dir = dirWith();
    expect(cli(["sweep", "s.yaml", "-t", "1", "-o", "full.csv"], dir).code).toBe(0);
    const child = spawn(process.execPath, [CLI, "sweep", "s.yaml", "-t", "1", "-o", "cut.csv"], { cwd: dir, stdio: "ignore" });
    const journal = join(dir, "cut.csv.partial.jsonl");
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 25));
      if (existsSync(journal) && read(dir, "cut.csv.partial.jsonl").split("\n").length > 8) break;
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const before = read(dir, "cut.csv.partial.jsonl").trim().split("\n").length;
    expect(before).toBeGreaterThan(5);
    expect(before).toBeLessThan(60);
    expect(existsSync(join(dir, "cut.csv"))).toBe(false);
    // without --resume the interrupted journal is protected
    const again = cli(["sweep", "s.yaml", "-o", "cut.csv"], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/partial.jsonl exists; pass --resume/);
    const resumed = cli(["sweep", "s.yaml", "-t", "2", "-o", "cut.csv", "--resume"], dir);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`${60 - before} run, ${before} resumed`));
    expect(read(dir, "cut.csv")).toBe(read(dir, "full.csv"));
    expect(existsSync(journal)).toBe(false);
  });

  test("Ctrl-C stops at once, leaves only whole rows, and --resume finishes", async () => {
    const dir = dirWith();
    const child = spawn(process.execPath, [CLI, "sweep", "s.yaml", "-t", "1", "-o", "int.csv"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const journal = join(dir, "int.csv.partial.jsonl");
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setTimeout(r, 25));
      if (existsSync(journal) && read(dir, "int.csv.partial.jsonl").split("\n").length > 4) break;
    }
    child.kill("SIGINT");
    const code = await new Promise((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted with \d+ of 60 points done .*run again with --resume/);
    const text = read(dir, "int.csv.partial.jsonl");
    expect(text.endsWith("\n")).toBe(true);
    for (const line of text.trim().split("\n")) expect(JSON.parse(line).status).toBe("ok");
    expect(existsSync(join(dir, "int.csv"))).toBe(false);
    expect(cli(["sweep", "s.yaml", "-o", "int.csv", "--resume"], dir).code).toBe(0);
    expect(read(dir, "int.csv").trim().split("\n")).toHaveLength(61);
  });

  test("a failing point is recorded with its error and the sweep goes on", () => {
    const dir = dirWith("axes:\n  algorithm: [ring, wrht]\n  nodes: [64]\n  throughDb: [0.01, 30]\n");
    const r = cli(["sweep", "s.yaml", "-o", "f.jsonl"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4 points, 4 run, 0 resumed, 2 failed or infeasible/);
    const rows = read(dir, "f.jsonl").trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.filter((x) => x.status === "infeasible").map((x) => x.error)).toEqual([
      expect.stringMatching(/power budget: step 0 transfer 0->1 crosses 1 hops/),
      expect.stringMatching(/no group size can run on this network/),
    ]);
    expect(rows.filter((x) => x.status === "ok")).toHaveLength(2);
  });

  test("Slurm and Kubernetes index variables pick the shard", () => {
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "3", SLURM_ARRAY_TASK_MIN: "3" })).toMatchObject({ index: 1, count: 3 });
    expect(resolveShard(undefined, "5", { JOB_COMPLETION_INDEX: "2" })).toMatchObject({ index: 2, count: 5 });
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: "2", WRHT_SHARD_COUNT: "3" })).toMatchObject({ index: 2, count: 3 });
    expect(resolveShard("1/2", undefined, { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "9" })).toMatchObject({ index: 1, count: 2, source: "--shard" });
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: "2" })).toThrow(/--shard-count/);
    expect(() => resolveShard("3/3", undefined, {})).toThrow(/--shard: "3\/3"/);
    const dir = dirWith();
    const r = cli(["sweep", "s.yaml", "-o", "k.csv"], dir, { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "2" });
    expect(r.stdout).toMatch(/30 points \(shard 1\/2, from Slurm job array\)/);
    expect(existsSync(join(dir, "k.shard-1-of-2.csv"))).toBe(true);
  });

  test("plots: from sweep results and wavelength use from a trace", () => {
    const dir = dirWith();
    expect(cli(["sweep", "s.yaml", "-o", "p.csv"], dir).code).toBe(0);
    const r = cli(["plot", "p.csv", "--x", "nodes", "--y", "time", "--color", "algorithm", "--facet", "size", "--log-x", "--log-y"], dir);
    expect(r.code).toBe(0);
    expect(read(dir, "p.svg").startsWith("<svg")).toBe(true);
    expect(cli(["plot", "p.csv", "--x", "nodez"], dir).stderr).toMatch(/--x: "nodez" is not accepted \(did you mean nodes\?\); expected a column of p.csv/);
    expect(cli(["run", "-n", "16", "-a", "wrht", "--size", "1MB", "--trace", "t.jsonl"], dir).code).toBe(0);
    expect(cli(["plot", "t.jsonl", "-o", "w.svg"], dir).code).toBe(0);
    const svg = read(dir, "w.svg");
    expect(svg).toMatch(/Wavelengths in use on the ring over time/);
    expect(svg).toMatch(/clockwise fibre/);
  });
});

/**
 * Sweeps that take a minute or more (training on 1,024 nodes; OpTree's contended lightpaths on
 * 1,024 nodes, until the engine's contention speed-up): the suite regenerates one shard of each,
 * every row equal to the committed row of the same point. The shards hold WRHT points of every
 * training sweep, and OpTree points on every ring size but 1,024 and at 10 MB on 1,024 nodes.
 */
const SAMPLED: Record<string, string> = {
  "training-ddp.yaml": "0/3", "training-fsdp.yaml": "0/3", "training-device-speed.yaml": "0/6",
  // the equal-bandwidth training sweeps: their WRHT points
  "training-ddp-equal-bandwidth.yaml": "0/6", "training-fsdp-equal-bandwidth.yaml": "0/3", "optree-allgather-size.yaml": "1/3", "optree-allgather-nodes.yaml": "0/3",
  // each shard holds a pipelined point (--chunks auto simulates a shortlist: seconds per point)
  "pipelined-wrht-size.yaml": "1/7", "pipelined-wrht-nodes.yaml": "1/5", "pipelined-wrht-wavelengths.yaml": "1/9",
  // faults on the 1024-node ring: seeded sweeps of hundreds of points, and DDP iterations
  // (shards of WRHT and hierarchical-ring points: a jittered Ring on 1,024 nodes is seconds)
  "faults-jitter.yaml": "3/100", "faults-lost-random.yaml": "7/100", "faults-jitter-ddp.yaml": "3/50", "faults-straggler.yaml": "5/12",
  "faults-straggler-ddp.yaml": "5/12", "faults-lost-band.yaml": "3/14", "faults-lost-band-ddp.yaml": "3/14", "faults-cuts-ddp.yaml": "1/6",
};

describe("example sweeps", () => {
  test("every sweep in sweeps/ (but the benchmark) regenerates its committed figure data byte for byte", async () => {
    const root = join(__dirname, "..", "sweeps");
    const figures = join(__dirname, "..", "docs", "figures");
    const dir = mkdtempSync(join(tmpdir(), "wrht-examples-"));
    const files = readdirSync(root).filter((f) => f.endsWith(".yaml") && f !== "bench-200.yaml");
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const parsed = parseSweep(parse(readFileSync(join(root, f), "utf8")));
      // file: algorithms load before the points are checked, as the command line loads them
      await loadFileAlgorithms(algorithmsNamed(parsed.base.algorithm, parsed.axes.algorithm));
      const sweep = expandSweep(parsed);
      const shard = SAMPLED[f];
      if (shard) {
        // a long sweep: one shard of it, each row equal to the committed row of the same point
        const out = join(dir, `${sweep.file.name}.csv`);
        const r = cli(["sweep", join(root, f), "--out", out, "--shard", shard, "-t", "2"]);
        expect(r.code, `${f}: ${r.stderr}`).toBe(0);
        const [i, n] = shard.split("/").map(Number);
        const lines = read(dir, `${sweep.file.name}.shard-${i}-of-${n}.csv`).trimEnd().split("\n");
        const committed = readFileSync(join(figures, `${sweep.file.name}.csv`), "utf8").trimEnd().split("\n");
        expect(lines[0]).toBe(committed[0]);
        expect(lines.length - 1).toBe(sweep.points.filter((p) => p.index % n === i).length);
        for (const line of lines.slice(1)) expect(committed, `${f}: regenerate with wrht-sim sweep sweeps/${f} --out-dir docs/figures`).toContain(line);
        continue;
      }
      const r = cli(["sweep", join(root, f), "--out-dir", dir, "-t", "2"]);
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`${sweep.points.length} points, ${sweep.points.length} run, 0 resumed`));
      const name = `${sweep.file.name}.csv`;
      expect(read(dir, name), `${name}: regenerate with wrht-sim sweep sweeps/${f} --out-dir docs/figures`).toBe(readFileSync(join(figures, name), "utf8"));
      for (const p of sweep.file.plots) expect(read(dir, p.file).startsWith("<svg"), p.file).toBe(true);
    }
  }, 300_000);
});
