// `wrht-sim models` and `wrht-sim presets`: what the built-in names mean, with sources.
import type { Command } from "commander";
import { PRESETS } from "../config/presets.js";
import { formatBytes } from "../units.js";
import { MODELS } from "../workload/models.js";
import { formatTable, int } from "./table.js";

export function catalogueCommands(program: Command): void {
  program
    .command("models")
    .description("the DNN catalogue: parameter counts and their sources")
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExamples:\n  wrht-sim models\n  wrht-sim run --model gpt2-xl --algorithm wrht")
    .action((opts: { json?: boolean }) => {
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
