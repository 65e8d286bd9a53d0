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
import { trainCommand } from "./trainCommand.js";
import { webCommand } from "./webCommand.js";
import { verifyCommand } from "./verifyCommand.js";

export function buildProgram(): Command {
  const program = new Command("wrht-sim")
    .description("Simulate all-reduce (WRHT, Ring, trees, recursive doubling) on optical WDM rings and electrical networks")
    .version("0.1.0")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  runCommand(program);
  verifyCommand(program);
  trainCommand(program);
  compareCommand(program);
  planCommand(program);
  crossoverCommand(program);
  sweepCommands(program);
  catalogueCommands(program);
  webCommand(program);
  program.addHelpText(
    "after",
    `
Examples:
  wrht-sim run --algorithm ring --nodes 64 --size 64MB --mode lockstep
  wrht-sim compare --models resnet50
  wrht-sim plan --nodes 1024
  wrht-sim run --help`,
  );
  return program;
}

export async function main(argv: string[]): Promise<void> {
  // a reader that stops early (| head) is not an error worth a stack trace
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  const program = buildProgram();
  if (argv.length <= 2) {
    // as git does: no command is a mistake, answered with the overview
    process.stderr.write(program.helpInformation());
    process.exit(1);
  }
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") process.exit(0);
      process.stderr.write(`wrht-sim: ${plainCommanderMessage(e)}; see ${helpFor(argv)}\n`);
      process.exit(2);
    }
    fail(e);
  }
}

/** Commander's message in the house style: no "error:", no trailing period, one line. */
function plainCommanderMessage(e: CommanderError): string {
  const m = e.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ").replace(/\.$/, "");
  const extra = /^too many arguments for '(\w+)'\. Expected (\d+) arguments? but got (\d+)$/.exec(m);
  if (extra) return `${extra[1]} takes ${extra[2] === "0" ? "no" : extra[2]} argument${extra[2] === "1" ? "" : "s"} besides its options, and got ${extra[3]}`;
  return m;
}

/** The help to point at: the subcommand's, when one was named. */
function helpFor(argv: string[]): string {
  const sub = argv.slice(2).find((a) => !a.startsWith("-"));
  const known = ["run", "verify", "train", "compare", "plan", "crossover", "sweep", "merge", "plot", "models", "presets", "web"];
  return sub && known.includes(sub) ? `wrht-sim ${sub} --help` : "wrht-sim --help";
}

await main(process.argv);
