// `wrht-sim plan`: WRHT's derivation for a network: the chosen m, each level's needs, the shortcut,
// and why the other group sizes lose.
import type { Command } from "commander";
import { type WrhtPlan, chooseGroupSize } from "../algorithms/wrhtPlan.js";
import { flagName } from "../validation/fields.js";
import { buildNetwork, parseRunConfig, workloadOf } from "../config/runConfig.js";
import { formatBytes, formatTime } from "../units.js";
import { addNetworkOptions, addWorkloadOptions, simulationSettings } from "./runCommand.js";
import { formatTable } from "./table.js";

export function planCommand(program: Command): void {
  addWorkloadOptions(addNetworkOptions(program.command("plan").description("derive WRHT's group size, levels, wavelengths and hops for a network")))
    .option("--json", "print the plan as JSON")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim plan --nodes 1024 --wavelengths 64
  wrht-sim plan --nodes 4096 --wavelengths 16 --direction unidirectional --through-db 0.05
  wrht-sim plan --nodes 1024 --group-size 32 --shortcut off --json`,
    )
    .action((opts: Record<string, unknown>) => {
      const cfg = parseRunConfig({ ...simulationSettings(opts), algorithm: "wrht" }, flagName);
      const net = buildNetwork(cfg);
      const w = workloadOf(cfg);
      const { plan, candidates } = chooseGroupSize(net, w.size, { groupSize: cfg.groupSize, shortcut: cfg.shortcut });
      if (opts.json) {
        process.stdout.write(JSON.stringify({ network: net.describe(), size: w.size, chosen: summary(plan), candidates: candidates.map(summary) }) + "\n");
        return;
      }
      const optical = net.kind === "optical-ring";
      const lines: string[] = [];
      const budget = optical ? `, power budget ${net.budgetDb().toFixed(2)} dB: at most ${net.hopLimit < 0 ? "any number of" : net.hopLimit} hops` : "";
      lines.push(
        optical
          ? `WRHT on a ${net.nodes}-node ${net.unidirectional ? "unidirectional" : "bidirectional"} optical ring, ${net.channels} wavelengths${budget}`
          : `WRHT on ${net.nodes} nodes of an electrical ${net.kind} (one channel per link)`,
      );
      lines.push(
        `chosen m = ${plan.groupSize}${cfg.groupSize !== undefined ? " (forced)" : ""}: ${plan.levels.length} level${plan.levels.length === 1 ? "" : "s"}` +
          `${plan.useShortcut ? ", top level as one all-to-all" : ""}, ${plan.steps} steps, ${formatTime(plan.time)} for ${formatBytes(w.size)} (lockstep, no contention)`,
      );
      lines.push("");
      const rows = plan.levels.map((l, i) => {
        const top = i === plan.levels.length - 1 && plan.useShortcut;
        return [
          String(l.level),
          String(l.participants),
          top ? "all-to-all" : String(l.groups),
          top ? "-" : String(l.largestGroup),
          String(top ? plan.shortcut.wavelengths : l.wavelengths),
          `${top ? plan.shortcut.maxHops : l.maxHops}`,
          optical ? `${(top ? plan.shortcut.lossDb : l.lossDb).toFixed(2)} dB` : "-",
          top ? "1" : "2",
        ];
      });
      lines.push(formatTable(["level", "participants", "groups", "group size", optical ? "wavelengths" : "channels", "longest path (hops)", "loss", "steps"], rows));
      const sc = plan.shortcut;
      lines.push("");
      lines.push(
        `top-level all-to-all among ${sc.participants}: ${sc.transfers} transfers, ${sc.wavelengths} ${optical ? "wavelengths" : "channels"}, ${sc.maxHops} hops: ` +
          (plan.useShortcut ? "used" : sc.problem ? `not possible (${sc.problem})` : cfg.shortcut === "off" ? "not used (--shortcut off)" : "not faster"),
      );
      if (candidates.length > 1) {
        lines.push("");
        lines.push("why the other group sizes lose:");
        lines.push(
          formatTable(
            ["m", "levels", "steps", "time", "versus chosen"],
            candidates.map((c) => [
              String(c.groupSize),
              String(c.levels.length),
              String(c.steps),
              c.feasible ? formatTime(c.time) : "-",
              c === plan ? "chosen" : c.feasible ? `+${formatTime(c.time - plan.time)}` : `infeasible: ${c.problem}`,
            ]),
          ),
        );
      }
      process.stdout.write(lines.join("\n") + "\n");
    });
}

function summary(p: WrhtPlan) {
  return {
    groupSize: p.groupSize,
    levels: p.levels.length,
    steps: p.steps,
    shortcut: p.useShortcut,
    time: p.feasible ? p.time : null,
    feasible: p.feasible,
    problem: p.problem ?? null,
    perLevel: p.levels.map((l) => ({
      level: l.level, participants: l.participants, groups: l.groups, largestGroup: l.largestGroup, transfers: l.transfers,
      wavelengths: l.wavelengths, maxHops: l.maxHops, lossDb: l.lossDb, reduceTime: l.reduceTime, broadcastTime: l.broadcastTime, problem: l.problem ?? null,
    })),
    allToAll: { ...p.shortcut, problem: p.shortcut.problem ?? null },
  };
}
