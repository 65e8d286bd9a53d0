#!/usr/bin/env node
// wrht-sim: the command line.
import { Command, CommanderError } from "commander";
import { fail } from "./errors.js";
import { catalogueCommands } from "./catalogueCommands.js";
import { compareCommand } from "./compareCommand.js";
import { crossoverCommand } from "./crossoverCommand.js";
import { planCommand } from "./planCommand.js";
import { runCommand } from "./runCommand.js";
import { sweepCommands } from "./sweepCommands.js";

export function buildProgram(): Command {
  const program = new Command("wrht-sim")
    .description("Simulate all-reduce (WRHT, Ring, trees, recursive doubling) on optical WDM rings and electrical networks")
    .version("0.1.0")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  runCommand(program);
  compareCommand(program);
  planCommand(program);
  crossoverCommand(program);
  sweepCommands(program);
  catalogueCommands(program);
  program.addHelpText(
    "after",
    `
Examples:
  wrht-sim run --algorithm ring --nodes 64 --size 64MB --mode lockstep
  wrht-sim run --help`,
  );
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") process.exit(0);
      process.stderr.write(`wrht-sim: ${e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ")}; see wrht-sim --help\n`);
      process.exit(2);
    }
    fail(e);
  }
}

await main(process.argv);
