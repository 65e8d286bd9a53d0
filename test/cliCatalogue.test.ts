// plan, compare, crossover, models and presets through the real command line.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { MODELS } from "../src/workload/models.js";
import { cli } from "./helpers/cli.js";

describe("wrht-sim plan", () => {
  test("plan and run --algorithm wrht agree on m, levels and steps", () => {
    for (const args of [["-n", "1024"], ["-n", "100", "-w", "4"], ["-n", "77", "--direction", "unidirectional", "-w", "8"], ["-n", "64", "--network", "star"], ["-n", "300", "--group-size", "7", "--shortcut", "off"]]) {
      const plan = JSON.parse(cli(["plan", ...args, "--json"]).stdout).chosen;
      const run = JSON.parse(cli(["run", "-a", "wrht", ...args, "--json", "--mode", "lockstep"]).stdout);
      expect(run.params, args.join(" ")).toEqual({ groupSize: plan.groupSize, levels: plan.levels, shortcut: plan.shortcut });
      expect(run.steps).toBe(plan.steps);
      expect(Math.abs(run.time - plan.time) / plan.time).toBeLessThan(1e-12);
    }
  });

  test("the table shows levels, the shortcut and why other m lose", () => {
    const r = cli(["plan", "-n", "1024"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/chosen m = \d+: 2 levels, top level as one all-to-all, 3 steps/);
    expect(r.stdout).toMatch(/every group size considered/);
    expect(r.stdout).toMatch(/infeasible: level 1 needs \d+ wavelengths/);
  });

  test("an impossible forced group size is refused with the reason, exit 2", () => {
    const r = cli(["plan", "-n", "64", "-w", "2", "--group-size", "10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--group-size: 10 .*level 1 needs 5 wavelengths on its busiest link, the ring has 2/);
  });
});

describe("wrht-sim compare", () => {
  test("JSON rows for every algorithm, workload and network, with WRHT's reduction and nccl-tests bandwidths", () => {
    const r = cli(["compare", "--nodes", "64", "--models", "resnet50,googlenet", "--json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(2 * 2 * 6);
    for (const row of rows) {
      const wrht = rows.find((x: { algorithm: string; networkType: string; workload: string }) => x.algorithm === "wrht" && x.networkType === "optical-ring" && x.workload === row.workload);
      expect(row.baseline).toBe("wrht on paper-optical (nodes=64)");
      expect(row.reduction).toBeCloseTo(100 * (1 - wrht.time / row.time), 9);
      expect(row.algbw).toBeCloseTo(row.size / row.time, 3);
      expect(row.busbw).toBeCloseTo((row.algbw * 2 * 63) / 64, 3);
      expect(row.nodes).toBe(64);
    }
  });

  test("CSV, Markdown and the SVG plot", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-cmp-"));
    const csv = cli(["compare", "-n", "16", "--sizes", "1MB,10MB", "--networks", "optical-ring,leaf-spine", "--leaf-size", "4", "--algorithms", "wrht,ring", "--csv"]);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^collective,network,networkType,nodes,injectionBandwidth,workload,size,dtype,algorithm,status,time/);
    expect(lines).toHaveLength(1 + 2 * 2 * 2);
    const md = cli(["compare", "-n", "16", "--sizes", "1MB", "--networks", "optical-ring", "--markdown"]);
    expect(md.stdout.split("\n")[1]).toMatch(/^\| --- \|/);
    const plot = cli(["compare", "-n", "16", "--models", "resnet50", "--plot", "c.svg"], dir);
    expect(plot.code).toBe(0);
    const svg = readFileSync(join(dir, "c.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/wrht/);
    expect(readdirSync(dir)).toEqual(["c.svg"]);
  });

  test("unknown names are refused in one line", () => {
    expect(cli(["compare", "--models", "resnet51"]).stderr).toMatch(/--models: "resnet51" .*resnet50/);
    expect(cli(["compare", "--algorithms", "ring,foo"]).stderr).toMatch(/--algorithms: "foo"/);
    expect(cli(["compare", "--networks", "token-ring"]).stderr).toMatch(/--networks: "token-ring" .*optical-ring, star, leaf-spine/);
  });
});

describe("wrht-sim crossover, models, presets", () => {
  test("crossover brackets the size where Ring and RD trade places", () => {
    const r = JSON.parse(cli(["crossover", "-n", "64", "--network", "star", "--json"]).stdout);
    expect(r.below).toBe("rd");
    expect(r.above).toBe("ring");
    const at = (size: number, a: string) => JSON.parse(cli(["run", "-n", "64", "--network", "star", "-a", a, "--elements", String(Math.round(size / 4)), "--json"]).stdout).time;
    expect(at(r.size * 0.98, "rd")).toBeLessThan(at(r.size * 0.98, "ring"));
    expect(at(r.size * 1.02, "rd")).toBeGreaterThan(at(r.size * 1.02, "ring"));
  });

  test("models lists the catalogue with sources; --model sets the size", () => {
    const models = JSON.parse(cli(["models", "--json"]).stdout);
    expect(models.map((m: { name: string }) => m.name)).toEqual(["alexnet", "vgg16", "resnet50", "googlenet", "bert-base", "bert-large", "gpt2-xl"]);
    for (const m of models) expect(m.source.length).toBeGreaterThan(20);
    const run = JSON.parse(cli(["run", "-n", "8", "--model", "resnet50", "--json"]).stdout);
    expect(run.elements).toBe(MODELS.find((m) => m.name === "resnet50")!.params);
    expect(run.size).toBe(run.elements * 4);
  });

  test("presets set the network and flags override them", () => {
    const names = JSON.parse(cli(["presets", "--json"]).stdout).map((p: { name: string }) => p.name);
    expect(names).toContain("paper-optical");
    const r = JSON.parse(cli(["run", "--preset", "leaf-spine-3to1", "-n", "64", "--elements", "1000", "--json"]).stdout);
    expect(r.network).toMatchObject({ type: "leaf-spine", nodes: 64, leafSize: 32, oversubscription: 3 });
    expect(cli(["run", "--preset", "nope"]).stderr).toMatch(/--preset: "nope" .*paper-optical/);
  });
});
