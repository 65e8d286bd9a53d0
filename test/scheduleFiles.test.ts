// Schedule files (JSON or YAML) and generator modules: the examples hold their collective on real
// vectors and run through `run --schedule` with traces the independent replay accepts; steps,
// dependencies, local operations and postconditions mean what docs/MODEL.md says; mutations fail
// `verify` with the first wrong element or the race named; bad files are refused in one line.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { verifySchedule } from "../src/api/verify.js";
import { loadScheduleSource } from "../src/import/scheduleSource.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { buildSchedule } from "../src/api/simulate.js";
import { ringOf } from "./helpers/arbitraries.js";
import { expectEnginesAgree } from "./helpers/bothEngines.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";
import { cli } from "./helpers/cli.js";

const EXAMPLES = join(__dirname, "..", "examples", "schedules");
const scratch = () => mkdtempSync(join(tmpdir(), "wrht-schedules-"));
function file(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("schedule files and generator modules", () => {
  test("the example file holds its all-reduce, and runs with a trace the replay accepts", async () => {
    const source = await loadScheduleSource(join(EXAMPLES, "ring-allreduce.yaml"));
    for (const e of [4, 7, 13, 100]) expect(verifySchedule(source.build(4, e, 4)).verdict).toBe("the all-reduce holds on real vectors, and no two operations race");
    const dir = scratch();
    const r = cli(["run", "--schedule", join(EXAMPLES, "ring-allreduce.yaml"), "--size", "4MB", "--trace", join(dir, "t.jsonl"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.transfers).toBe(24);
    expect(result.steps).toBe(6);
    const trace = parseTrace(readFileSync(join(dir, "t.jsonl"), "utf8"));
    expect(trace.transfers[0].id).toBe("rs0.0");
    expect(checkTrace(trace)).toEqual([]);
    // without contention an async dependency run ends at its critical path
    expect(result.time).toBeCloseTo(result.closedForm, 12);
    // the same run as CSV: a header and one row, the time as in JSON
    const csv = cli(["run", "--schedule", join(EXAMPLES, "ring-allreduce.yaml"), "--size", "4MB", "--csv"]);
    expect(csv.code, csv.stderr).toBe(0);
    const [head, row, ...rest] = csv.stdout.trimEnd().split("\n");
    expect(rest).toEqual([]);
    expect(Number(row.split(",")[head.split(",").indexOf("time")])).toBe(result.time);
  });

  test("the example module generates a bidirectional ring all-reduce for any node count", async () => {
    const source = await loadScheduleSource(join(EXAMPLES, "bidirectional-ring.mjs"));
    for (const n of [2, 3, 5, 8, 16]) {
      for (const e of [2 * n, 2 * n + 3, 1000]) expect(verifySchedule(source.build(n, e, 4)).ok, `${n} nodes, ${e} elements`).toBe(true);
    }
    // on a bidirectional ring half the bytes go each way: about half Ring's time for big vectors
    const net = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 16 });
    const mine = new WasmEngine().run({ network: net, schedule: source.build(16, 25e6, 4), mode: "async", elementBytes: 4 });
    const ring = new WasmEngine().run({ network: net, schedule: buildSchedule(net, "ring", 25e6, 4), mode: "async", elementBytes: 4 });
    expect(mine.time / ring.time).toBeGreaterThan(0.5);
    expect(mine.time / ring.time).toBeLessThan(0.55);
  });

  test("steps, local reductions and a postcondition of its own (collective none)", async () => {
    const dir = scratch();
    // node 0 gathers nodes 1 and 2's elements 0..3 into scratch (4..11), then adds them up locally:
    // before step 1, 4..7 into 8..11; before step 2 (after the last), its own 0..3 into 8..11
    const p = file(dir, "gather.yaml", `version: 1
nodes: 3
collective: none
elements: 4
bufferElements: 12
postcondition:
  - {nodes: [0], begin: 8, end: 12, sumOf: all, from: 0}
steps:
  - - {src: 1, dst: 0, begin: 0, end: 4, dstBegin: 4}
    - {src: 2, dst: 0, begin: 0, end: 4, dstBegin: 8}
  - - {node: 0, local: reduce, from: 4, to: 8, length: 4}
  - - {node: 0, local: reduce, from: 0, to: 8, length: 4}
`);
    const source = await loadScheduleSource(p);
    const report = verifySchedule(source.build(3, 4, 4));
    expect(report.verdict).toBe("the postcondition holds on real vectors");
    expect(report.localOperations).toBe(2);
    const r = cli(["run", "--schedule", p, "--network", "star", "--trace", join(dir, "g.jsonl")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\(its own postcondition\) on 3 nodes of an electrical star/);
    // the same without the last reduction: node 0's element 8 lacks node 0's own input
    const bad = file(dir, "short.yaml", readFileSync(p, "utf8").replace(/  - - \{node: 0, local: reduce, from: 0[^\n]*\n/, ""));
    const v = cli(["verify", bad]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/FAILED: the postcondition does not hold: node 0, element 8 is \d+, expected \d+ \(postcondition 0: node 0 element 8 must hold the sum of 3 nodes' element 0\)/);
  });

  test("a missing dependency is a race, named; a wrong chunk is the first wrong element", () => {
    const dir = scratch();
    const text = readFileSync(join(EXAMPLES, "ring-allreduce.yaml"), "utf8");
    // without its dependency on rs2.0, ag0.1 and the all-gather chain after it no longer wait for
    // the reduce-scatter: the first race, by node, is ag2.3's copy into node 0's chunk 2 against rs1.3's reduction there
    const racy = file(dir, "racy.yaml", text.replace("{id: ag0.1, src: 1, dst: 2, chunk: 2, op: copy, deps: [rs2.0]}", "{id: ag0.1, src: 1, dst: 2, chunk: 2, op: copy, deps: []}"));
    expect(readFileSync(racy, "utf8")).not.toBe(text);
    const r = cli(["verify", racy]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED: race at node 0, elements \[6, 9\): transfer "rs1\.3" \(3->0 reduce\) and transfer "ag2\.3" \(3->0 copy\) touch them, one writing, and no chain of dependencies orders them/);
    const wrong = file(dir, "wrong.yaml", text.replace("{id: ag2.3, src: 3, dst: 0, chunk: 2,", "{id: ag2.3, src: 3, dst: 0, chunk: 1,"));
    const w = cli(["verify", wrong, "--json"]);
    expect(w.code).toBe(1);
    const report = JSON.parse(w.stdout);
    expect(report.ok).toBe(false);
    expect(report.race ?? report.mismatch).toBeDefined();
  });

  test("bad files: one line naming the file and the place, exit 2, no output file", () => {
    const dir = scratch();
    const head = "version: 1\nnodes: 4\ncollective: allreduce\nchunks: 4\n";
    const cases: [string, string, RegExp][] = [
      ["notyaml.yaml", "version: 1\n  nodes: [4\n", /notyaml\.yaml: not valid YAML/],
      ["notjson.json", "{nodes: 4", /notjson\.json: not valid JSON/],
      ["list.yaml", "- 1\n- 2\n", /list\.yaml: not a schedule file/],
      ["key.yaml", `${head}wavelength: 3\nsteps: []\n`, /key\.yaml: unknown key "wavelength"/],
      ["version.yaml", head.replace("version: 1", "version: 2") + "steps: []\n", /version\.yaml: version: 2 is not accepted; expected 1/],
      ["peer.yaml", `${head}steps:\n  - - {src: 0, dst: 9, chunk: 0}\n`, /peer\.yaml: steps\.0\.0\.dst: 9 is not accepted; expected a node from 0 to 3/],
      ["cycle.yaml", `${head}operations:\n  - {id: a, src: 0, dst: 1, chunk: 0, deps: [b]}\n  - {id: b, src: 1, dst: 2, chunk: 0, deps: [a]}\n`, /cycle\.yaml: the dependencies form a cycle through operation "a" \("a" -> "b" -> "a"\)/],
      ["unknown.yaml", `${head}operations:\n  - {id: a, src: 0, dst: 1, chunk: 0, deps: [z]}\n`, /unknown\.yaml: operation "a" \(number 0\) depends on "z", which no operation has as its id/],
      ["twice.yaml", `${head}operations:\n  - {id: a, src: 0, dst: 1, chunk: 0}\n  - {id: a, src: 1, dst: 2, chunk: 1}\n`, /twice\.yaml: operation 1: id "a" is used twice/],
      ["outside.yaml", `${head}steps:\n  - - {src: 0, dst: 1, chunk: 3, count: 2}\n`, /outside\.yaml: steps\.0\.0: elements \[\d+, \d+\) at node 0 are outside its buffer of \d+ elements \(4 chunks; set bufferChunks for scratch\)/],
      ["both.yaml", `${head}steps: []\noperations: []\n`, /both\.yaml: give either "steps" .* or "operations" .*, not both/],
      ["entry.yaml", `${head}steps:\n  - - {src: 0, dst: 1, chunk: 0, colour: red}\n`, /entry\.yaml: steps\.0\.0: unknown key "colour"; the schedule file format is in docs\/MODEL\.md, "Schedule files"/],
    ];
    for (const [name, text, message] of cases) {
      const p = file(dir, name, text);
      const out = join(dir, `${name}.jsonl`);
      const r = cli(["run", "--schedule", p, "--trace", out]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split("\n"), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    const missing = cli(["verify", join(dir, "nothing.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--schedule: ".*nothing\.yaml" is not accepted; expected a readable schedule file/);
  });

  test("file: algorithms in compare next to the built-ins, and refusals that name the way out", () => {
    const r = cli(["compare", "-n", "16", "--sizes", "16MB", "--algorithms", `ring,file:${join(EXAMPLES, "bidirectional-ring.mjs")}`, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout);
    const mine = rows.find((x: { algorithm: string }) => x.algorithm.startsWith("file:"));
    expect(mine.time).toBeGreaterThan(0);
    // crossover: recursive doubling (4 steps) wins small vectors, the bidirectional ring (30 steps
    // of 1/32 of the vector each) large ones
    const x = cli(["crossover", "-n", "16", "--algorithms", `rd,file:${join(EXAMPLES, "bidirectional-ring.mjs")}`, "--from", "1KB", "--to", "1GB", "--json"]);
    expect(x.code, x.stderr).toBe(0);
    const cross = JSON.parse(x.stdout);
    expect(cross.below).toBe("rd");
    expect(cross.above).toMatch(/^file:.*bidirectional-ring\.mjs$/);
    expect(cross.size).toBeGreaterThan(1e5);
    expect(cross.size).toBeLessThan(1e8);
    const both = cli(["run", "--schedule", join(EXAMPLES, "ring-allreduce.yaml"), "-a", "ring"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--algorithm: "ring" and --schedule .* both name the algorithm; give one/);
    const nodes = cli(["run", "--schedule", join(EXAMPLES, "ring-allreduce.yaml"), "-n", "8"]);
    expect(nodes.code).toBe(2);
    expect(nodes.stderr).toMatch(/--nodes: .*ring-allreduce\.yaml is written for 4 nodes, not 8; drop --nodes/);
    const lockstep = cli(["run", "--schedule", join(EXAMPLES, "ring-allreduce.yaml"), "--mode", "lockstep"]);
    expect(lockstep.code).toBe(2);
    expect(lockstep.stderr).toMatch(/--mode: lockstep puts a barrier after each step, and ring-4 is ordered by its dependencies; drop --mode/);
  });

  test("both engines agree on the example module under contention (2 wavelengths, transceiver limits, both grant policies)", async () => {
    const source = await loadScheduleSource(join(EXAMPLES, "bidirectional-ring.mjs"));
    for (const grants of ["greedy", "reservation"] as const) {
      for (const [n, w, tx] of [[8, 1, 0], [12, 2, 1], [9, 1, 1]]) {
        const net = ringOf({ nodes: n, wavelengths: w, direction: "bidirectional", tx, rx: tx, gamma: 0 });
        const schedule = source.build(n, 1000, 4);
        expectEnginesAgree({ network: net, schedule, mode: "async", grants, elementBytes: 4 });
      }
    }
  });
});
