// `wrht-sim crossover`: the vector size at which two algorithms trade places on a network.
import type { Command } from "commander";
import { loadFileAlgorithms } from "../import/scheduleSource.js";
import { flagName } from "../validation/fields.js";
import { crossover } from "../api/crossover.js";
import { InputError } from "../core/errors.js";
import { formatBytes, parseBytes } from "../core/units.js";
import { addNetworkOptions, simulationSettings } from "./runCommand.js";
import { progressBar } from "./progress.js";
import { parseCollective } from "./collectiveOption.js";
import type { Collective } from "../core/collectives.js";

const DEFAULT_PAIRS: Readonly<Record<Collective, string>> = {
  allreduce: "ring,rd", reducescatter: "ring,rh", allgather: "ring,rd", alltoall: "pairwise,bruck", broadcast: "bt,chain", reduce: "bt,chain",
};

export function crossoverCommand(program: Command): void {
  addNetworkOptions(program.command("crossover").description("find the vector size at which two algorithms trade places"))
    .option("-c, --collective <name>", "allreduce | reducescatter | allgather | alltoall | broadcast | reduce (default allreduce)")
    .option("--algorithms <a,b>", "the two algorithms (default ring,rd; reducescatter ring,rh; allgather ring,rd; alltoall pairwise,bruck; broadcast and reduce bt,chain)")
    .option("--from <size>", "smallest size to consider (default 1KB)")
    .option("--to <size>", "largest size to consider (default 100GB)")
    .option("--dtype <type>", "fp32 | fp16 | bf16 | fp64 | fp8 | int8 (default fp32)")
    .option("--json", "print the result as JSON")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim crossover --preset paper-optical --algorithms ring,rd
  wrht-sim crossover --preset paper-electrical --algorithms ring,rd --to 10GB
  wrht-sim crossover --preset paper-optical --algorithms wrht,ring --json
  wrht-sim crossover --collective alltoall --network star --nodes 64 --algorithms pairwise,bruck`,
    )
    .action(async (opts: Record<string, unknown>) => {
      const collective = parseCollective(opts.collective);
      const pair = String(opts.algorithms ?? DEFAULT_PAIRS[collective]).split(",").map((s) => s.trim());
      await loadFileAlgorithms(pair);
      if (pair.length !== 2) throw new InputError("--algorithms", opts.algorithms, "two algorithm names separated by a comma, e.g. ring,rd");
      const from = parseBytes(String(opts.from ?? "1KB"), "--from");
      const to = parseBytes(String(opts.to ?? "100GB"), "--to");
      if (!(from > 0 && to > from)) throw new InputError("--to", opts.to, `a size above --from (${formatBytes(from)})`);
      const settings = simulationSettings(opts, ["algorithms", "from", "to", "json", "progress"]);
      // bisection to 0.1% over the range: about log2(log(to/from)/0.001) probes of two runs each
      const expected = 2 * (2 + Math.ceil(Math.log2(Math.log(to / from) / 1e-3)));
      const bar = progressBar(expected, "crossover", opts.progress === true ? true : undefined, "simulations");
      let r;
      try {
        r = crossover(settings, pair[0], pair[1], from, to, 1e-3, flagName, (n) => bar.update(Math.min(n, expected)));
      } finally {
        bar.stop();
      }
      if (opts.json) return void process.stdout.write(JSON.stringify(r) + "\n");
      process.stdout.write(
        r.size === null
          ? `${r.below} is faster across ${formatBytes(r.from)} .. ${formatBytes(r.to)}: no crossover (${r.probes} simulations)\n`
          : `${r.below} is faster below ${formatBytes(r.size)}, ${r.above} above it (${r.probes} simulations)\n`,
      );
    });
}
