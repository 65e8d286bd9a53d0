// `wrht-sim plan`: WRHT's derivation for a network: the chosen m, each level's needs, the shortcut,
// and why the other group sizes lose.
import type { Command } from "commander";
import { type WrhtPlan, planGroupSizes, planHops, planWavelengths } from "../algorithms/wrhtPlan.js";
import { InputError } from "../errors.js";
import { flagName } from "../validation/fields.js";
import { buildNetwork, formatSize, parseRunConfig, workloadOf } from "../config/runConfig.js";
import { formatTime } from "../units.js";
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
      const { plan, candidates, nearTies } = planGroupSizes(net, w.size, { groupSize: cfg.groupSize, shortcut: cfg.shortcut });
      const forced = cfg.groupSize !== undefined;
      if (forced && !plan) throw new InputError(flagName("groupSize"), cfg.groupSize, `a group size WRHT can run: ${candidates[0].problem}`);
      if (opts.json) {
        process.stdout.write(
          JSON.stringify({
            network: net.describe(), size: w.size, feasible: plan !== undefined, chosen: plan ? summary(plan) : null,
            nearTies: nearTies.map((c) => c.groupSize), candidates: candidates.map(summary),
          }) + "\n",
        );
        return;
      }
      const optical = net.kind === "optical-ring";
      const channels = optical ? "wavelengths" : "channels";
      const count = (n: number) => `${n} ${n === 1 ? channels.slice(0, -1) : channels}`;
      const lines: string[] = [];
      const budget = optical
        ? net.hopLimit < 0
          ? `, no per-hop loss: any lightpath fits the ${net.budgetDb().toFixed(2)} dB power budget`
          : `, power budget ${net.budgetDb().toFixed(2)} dB: lightpaths of at most ${net.hopLimit} hops`
        : "";
      lines.push(
        optical
          ? `WRHT on a ${net.nodes}-node ${net.unidirectional ? "unidirectional" : "bidirectional"} optical ring, ${net.channels} wavelengths${budget}`
          : `WRHT on ${net.nodes} nodes of an electrical ${net.kind} (one channel per link)`,
      );
      if (plan) {
        lines.push(
          `chosen m = ${plan.groupSize}${forced ? " (forced)" : ""}: ${plan.levels.length} level${plan.levels.length === 1 ? "" : "s"}` +
            `${plan.useShortcut ? ", top level as one all-to-all" : ""}, ${plan.steps} steps, ${count(planWavelengths(plan))}, ` +
            `${formatTime(plan.time)} for ${formatSize(w)} (lockstep, no contention)`,
        );
        if (nearTies.length > 1) {
          const least = Math.min(...nearTies.map((c) => c.time));
          lines.push(
            `near ties: m = ${ranges(nearTies.map((c) => c.groupSize))} all come within 0.1% of the least time (${formatTime(least)}); ` +
              `among them m = ${plan.groupSize} needs the fewest ${channels} (${planWavelengths(plan)}), then the shortest lightpaths (${planHops(plan)} hops), then the smallest m`,
          );
        }
        lines.push("");
        lines.push(levelTable(plan, optical));
        const sc = plan.shortcut;
        lines.push("");
        lines.push(
          `top-level all-to-all among ${sc.participants}: ${sc.transfers} transfers, ${count(sc.wavelengths)}, ${sc.maxHops} hops: ` +
            (plan.useShortcut ? "used" : sc.problem ? `not possible (${sc.problem})` : cfg.shortcut === "off" ? "not used (--shortcut off)" : "not faster"),
        );
      } else {
        lines.push(`no group size is feasible: every m from ${candidates[0].groupSize} to ${candidates[candidates.length - 1].groupSize} breaks a limit (reasons below)`);
      }
      if (candidates.length > 1 || !plan) {
        lines.push("");
        lines.push(plan ? "every group size considered:" : "every group size considered, and why it cannot run:");
        const tie = new Set(nearTies);
        lines.push(
          formatTable(
            ["m", "levels", "steps", channels, "longest path (hops)", "time", "versus chosen"],
            candidates.map((c) => [
              String(c.groupSize),
              String(c.levels.length),
              String(c.steps),
              String(planWavelengths(c)),
              String(planHops(c)),
              c.feasible ? formatTime(c.time) : "-",
              c === plan ? "chosen" : !c.feasible ? `infeasible: ${c.problem}` : plan ? `+${formatTime(c.time - plan.time)}${tie.has(c) ? " (near tie)" : ""}` : "-",
            ]),
          ),
        );
      }
      process.stdout.write(lines.join("\n") + "\n");
    });
}

function levelTable(plan: WrhtPlan, optical: boolean): string {
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
  return formatTable(["level", "participants", "groups", "group size", optical ? "wavelengths" : "channels", "longest path (hops)", "loss", "steps"], rows);
}

/** 2,3,4,7 -> "2..4, 7". */
function ranges(ms: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ms.length; ) {
    let j = i;
    while (j + 1 < ms.length && ms[j + 1] === ms[j] + 1) j++;
    out.push(j === i ? String(ms[i]) : `${ms[i]}..${ms[j]}`);
    i = j + 1;
  }
  return out.join(", ");
}

function summary(p: WrhtPlan) {
  return {
    groupSize: p.groupSize,
    levels: p.levels.length,
    steps: p.steps,
    shortcut: p.useShortcut,
    time: p.feasible ? p.time : null,
    wavelengths: planWavelengths(p),
    maxHops: planHops(p),
    feasible: p.feasible,
    problem: p.problem ?? null,
    perLevel: p.levels.map((l) => ({
      level: l.level, participants: l.participants, groups: l.groups, largestGroup: l.largestGroup, transfers: l.transfers,
      wavelengths: l.wavelengths, maxHops: l.maxHops, lossDb: l.lossDb, reduceTime: l.reduceTime, broadcastTime: l.broadcastTime, problem: l.problem ?? null,
    })),
    allToAll: { ...p.shortcut, problem: p.shortcut.problem ?? null },
  };
}
