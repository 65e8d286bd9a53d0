// `wrht-sim verify FILE`: replay a user's algorithm on real vectors and say whether its
// collective's result holds, or the first node and element that is wrong, or the race.
import type { Command } from "commander";
import { InputError } from "../core/errors.js";
import { parseBytes, parseCount } from "../core/units.js";
import { verifySchedule } from "../api/verify.js";
import { loadScheduleSource } from "../import/scheduleSource.js";
import { COLLECTIVE_NAMES } from "../core/collectives.js";

export function verifyCommand(program: Command): void {
  program
    .command("verify")
    .description("replay a schedule file, MSCCL XML or generator module on real vectors: does its collective hold, and is it free of races?")
    .argument("<file>", "a schedule file (JSON or YAML), MSCCL XML (<algo> root) or a generator module (.mjs, .js)")
    .option("-n, --nodes <count>", "nodes, for a generator module (files say their own)")
    .option("--elements <count>", "elements per node to replay (default: a few per chunk)")
    .option("-s, --size <bytes>", "the vector in bytes of fp32 (instead of --elements)")
    .option("--json", "print the report as one JSON object")
    .addHelpText(
      "after",
      `
Exit code 0 when the result holds, 1 when it does not (the first wrong node and element, or the
race, is named), 2 for a file that cannot be read.

Examples:
  wrht-sim verify examples/schedules/ring-allreduce.yaml
  wrht-sim verify examples/msccl/allreduce_a100_ring_4_1_1.xml
  wrht-sim verify examples/schedules/bidirectional-ring.mjs --nodes 8`,
    )
    .action(async (file: string, opts: Record<string, unknown>) => {
      const source = await loadScheduleSource(file);
      let nodes = source.nodes;
      if (opts.nodes !== undefined) {
        const n = parseCount(String(opts.nodes), "--nodes");
        if (!(Number.isInteger(n) && n >= 2)) throw new InputError("--nodes", opts.nodes, "a node count of at least 2");
        if (nodes !== undefined && n !== nodes) throw new InputError("--nodes", opts.nodes, String(nodes), `--nodes: ${file} is written for ${nodes} nodes, not ${n}; drop --nodes`);
        nodes = n;
      }
      if (nodes === undefined) throw new InputError("--nodes", undefined, "a node count for a generator module", `--nodes: ${file} is a generator module; say how many nodes to generate for (--nodes 8)`);
      if (opts.elements !== undefined && opts.size !== undefined) throw new InputError("--size", opts.size, "only one of --elements, --size");
      let elements = source.elements ?? 3 * (source.chunks ?? nodes);
      if (opts.elements !== undefined || opts.size !== undefined) {
        const asked = opts.elements !== undefined ? parseCount(String(opts.elements), "--elements") : parseBytes(String(opts.size), "--size") / 4;
        if (!(Number.isInteger(asked) && asked >= 1)) throw new InputError(opts.elements !== undefined ? "--elements" : "--size", opts.elements ?? opts.size, "a whole number of elements, at least 1 (4 bytes each)");
        if (source.elements !== undefined && asked !== source.elements) throw new InputError("--elements", asked, String(source.elements), `--elements: ${file} addresses elements and fixes the vector at ${source.elements}`);
        elements = asked;
      }
      const schedule = source.build(nodes, elements, 4);
      const report = verifySchedule(schedule);
      if (opts.json) process.stdout.write(JSON.stringify({ file, kind: source.kind, algorithm: schedule.algorithm, ...report }) + "\n");
      else {
        const what = report.collective === "none" ? "its own postcondition" : COLLECTIVE_NAMES[report.collective as keyof typeof COLLECTIVE_NAMES];
        const shape = report.dependencies ? `${report.steps} deep` : `${report.steps} steps`;
        process.stdout.write(
          `${file}: ${source.kind}, ${what} on ${report.nodes} nodes: ${report.transfers} transfers, ${report.localOperations} local operations, ${shape}; replayed with ${report.elements} elements per node\n` +
            `${report.ok ? "ok" : "FAILED"}: ${report.verdict}\n`,
        );
      }
      if (!report.ok) process.exitCode = 1;
    });
}
