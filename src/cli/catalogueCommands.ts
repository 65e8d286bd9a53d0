// `wrht-sim models` and `wrht-sim presets`: what the built-in names mean, with sources.
import type { Command } from "commander";
import { PRESETS } from "../config/presets.js";
import { formatBytes } from "../core/units.js";
import { modelOrFile } from "../config/trainConfig.js";
import { type LayeredModel, totalParams } from "../workload/layers.js";
import { MODELS } from "../workload/models.js";
import { formatTable, int } from "./table.js";

export function catalogueCommands(program: Command): void {
  program
    .command("models")
    .description("the DNN catalogue: parameter counts and their sources; --layers shows a model layer by layer")
    .option("--json", "print as JSON")
    .option("--layers <model>", "a catalogue model or a YAML/JSON file of layers, listed layer by layer")
    .addHelpText("after", "\nExamples:\n  wrht-sim models\n  wrht-sim models --layers resnet50\n  wrht-sim run --model gpt2-xl --algorithm wrht")
    .action((opts: { json?: boolean; layers?: string }) => {
      if (opts.layers !== undefined) return void printLayers(modelOrFile(opts.layers, "--layers"), opts.json === true);
      if (opts.json) return void process.stdout.write(JSON.stringify(MODELS) + "\n");
      const rows = MODELS.map((m) => [m.name, m.title, int(m.params), formatBytes(m.params * 4), m.source]);
      process.stdout.write(formatTable(["name", "model", "parameters", "fp32 size", "source"], rows) + "\n");
    });
  program
    .command("presets")
    .description("named network settings and why they are what they are")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  wrht-sim presets\n  wrht-sim run --preset sip-fixed-bank --algorithm ring --model resnet50")
    .action((opts: { json?: boolean }) => {
      if (opts.json) return void process.stdout.write(JSON.stringify(PRESETS) + "\n");
      const text = PRESETS.map(
        (p) => `${p.name}\n  ${p.summary}\n  why: ${p.reason}\n  settings: ${Object.entries(p.settings).map(([k, v]) => `${k}=${v}`).join(" ")}`,
      ).join("\n\n");
      process.stdout.write(text + "\n");
    });
}

function printLayers(m: LayeredModel, json: boolean): void {
  if (json) return void process.stdout.write(JSON.stringify(m) + "\n");
  const g = (x: number) => (x / 1e9).toFixed(3);
  const rows = m.layers.map((l, i) => [String(i), l.name, int(l.params), g(l.forwardFlops), g(l.backwardFlops)]);
  const fwd = m.layers.reduce((s, l) => s + l.forwardFlops, 0);
  const bwd = m.layers.reduce((s, l) => s + l.backwardFlops, 0);
  rows.push(["", "total", int(totalParams(m.layers)), g(fwd), g(bwd)]);
  process.stdout.write(`${m.name}: ${m.layers.length} layers in forward order; FLOPs per ${m.sample}\n`);
  process.stdout.write(formatTable(["#", "layer", "parameters", "forward GFLOP", "backward GFLOP"], rows) + "\n");
}
