// `wrht-sim plan`: the derivation of an algorithm's parameter for a network: WRHT's group size m
// (each level's needs, the shortcut, why the other m lose), OpTree's stage count and radix, and
// chain's chunk count.
import type { Command } from "commander";
import { type WrhtPlan, planGroupSizes, planHops, planWavelengths } from "../algorithms/wrhtPlan.js";
import { InputError } from "../core/errors.js";
import { flagName } from "../validation/fields.js";
import { planningNetwork, lineOffset } from "../algorithms/cutRingPlan.js";
import type { OpticalRing } from "../network/opticalRing.js";
import { faultsText, summarizeFaults } from "../faults/faultSet.js";
import { buildNetwork, formatSize, parseRunConfig, workloadOf } from "../config/runConfig.js";
import { formatBytes, formatTime, formatTimeDelta } from "../core/units.js";
import { COLLECTIVE_NAMES, type Collective } from "../core/collectives.js";
import type { Network } from "../network/network.js";
import { type OpTreePlan, planOpTree } from "../algorithms/optree.js";
import { planChain } from "../algorithms/chain.js";
import type { Workload } from "../config/runConfig.js";
import { addNetworkOptions, addWorkloadOptions, simulationSettings } from "./runCommand.js";
import { formatTable } from "./table.js";
import { choosePipeline } from "../algorithms/pipelinedWrht.js";
import { planPipeline } from "../api/pipelinePlan.js";
import { simulate } from "../api/simulate.js";

export function planCommand(program: Command): void {
  addWorkloadOptions(addNetworkOptions(program.command("plan").description("derive WRHT's group size (or OpTree's radix, chain's chunks) for a network")))
    .option("-c, --collective <name>", "allreduce | reducescatter | allgather | broadcast | reduce (default allreduce)")
    .option("-a, --algorithm <name>", "wrht | optree (all-gather, reduce-scatter) | chain (broadcast, reduce); default wrht, optree for all-gather and reduce-scatter, chain for broadcast and reduce")
    .option("--json", "print the plan as JSON")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim plan --nodes 1024 --wavelengths 64
  wrht-sim plan --nodes 4096 --wavelengths 16 --direction unidirectional --through-db 0.05
  wrht-sim plan --nodes 1024 --group-size 32 --shortcut off --json
  wrht-sim plan --collective allgather -n 1024
  wrht-sim plan --collective allgather -a wrht -n 1024 --size 64MB
  wrht-sim plan --collective broadcast -n 256 --size 1GB
  wrht-sim plan --nodes 256 --wavelengths 16 --size 100MB --chunks auto`,
    )
    .action((opts: Record<string, unknown>) => {
      const collective = (opts.collective ?? "allreduce") as Collective;
      if (collective === "alltoall") {
        throw new InputError(flagName("collective"), "alltoall", "a collective with a parameter to derive", `${flagName("collective")}: "alltoall" has no parameter to derive (direct, pairwise and bruck choose nothing); plan covers allreduce, reducescatter, allgather, broadcast and reduce`);
      }
      const algorithm = (opts.algorithm as string | undefined) ?? PLANNED[collective] ?? "wrht";
      const cfg = parseRunConfig({ ...simulationSettings(opts), collective, algorithm }, flagName);
      if (!["wrht", "optree", "chain"].includes(cfg.algorithm)) {
        throw new InputError(flagName("algorithm"), cfg.algorithm, "wrht, optree or chain", `${flagName("algorithm")}: "${cfg.algorithm}" has no parameter to derive; plan covers wrht, optree and chain`);
      }
      // a cut ring is planned as the line the cut leaves, positions from the node after the cut
      const real = buildNetwork(cfg);
      const net = planningNetwork(real);
      const cut = real.kind === "optical-ring" && !(real as OpticalRing).ringCuts.empty;
      const lineStart = cut ? lineOffset(real) : undefined;
      const lost = net !== real && net.channels < real.channels ? net.channels : undefined;
      const w = workloadOf(cfg);
      if (cfg.algorithm === "optree") return printOpTree(net, collective as "allgather" | "reducescatter", w, cfg.groupSize, opts.json === true);
      if (cfg.algorithm === "chain") return printChain(net, collective as "broadcast" | "reduce", w, cfg.root ?? 0, opts.json === true);
      const wrhtCollective = collective as Exclude<Collective, "alltoall">;
      const { plan, candidates, nearTies } = planGroupSizes(net, w.size, { groupSize: cfg.groupSize, shortcut: cfg.shortcut, collective: wrhtCollective, elementBytes: w.elementBytes });
      const forced = cfg.groupSize !== undefined;
      if (forced && !plan) throw new InputError(flagName("groupSize"), cfg.groupSize, `a group size WRHT can run: ${candidates[0].problem}`);
      const pipeline = cfg.chunks !== undefined && collective === "allreduce" && plan ? pipelineOf(net, w, cfg.chunks, cfg.groupSize, cfg.shortcut) : undefined;
      if (opts.json) {
        process.stdout.write(
          JSON.stringify({
            network: net.describe(), size: w.size, feasible: plan !== undefined, chosen: plan ? summary(plan) : null,
            nearTies: nearTies.map((c) => c.groupSize), candidates: candidates.map(summary), ...(pipeline ? { pipeline } : {}),
          }) + "\n",
        );
        return;
      }
      const optical = net.kind === "optical-ring";
      const fair = net.fairSharing() !== undefined;
      const channels = optical ? "wavelengths" : "channels";
      // links shared fairly: what a level needs is how many messages its busiest link carries at once
      const count = (n: number) => (fair ? `${n} message${n === 1 ? "" : "s"} on the busiest link` : `${n} ${n === 1 ? channels.slice(0, -1) : channels}`);
      const lines: string[] = [];
      const budget = optical
        ? net.hopLimit < 0
          ? `, no per-hop loss: any lightpath fits the ${net.budgetDb().toFixed(2)} dB power budget`
          : `, power budget ${net.budgetDb().toFixed(2)} dB: lightpaths of at most ${net.hopLimit} hops`
        : "";
      const what = collective === "allreduce" ? "WRHT" : `WRHT ${COLLECTIVE_NAMES[collective]}`;
      lines.push(
        optical
          ? `${what} on a ${net.nodes}-node ${net.unidirectional ? "unidirectional" : "bidirectional"} optical ring, ${net.channels} wavelengths${budget}` +
            (net !== real ? `\nfaults: ${faultsText(summarizeFaults(real.faults), real.nodes)}` : "") +
            (lineStart !== undefined ? `\nplanned on the line the cut leaves, position p being node (p + ${lineStart}) mod ${real.nodes}` : "") +
            (lost !== undefined ? `\nplanned with ${lost} of the ${real.channels} wavelengths: what the link that lost most of them keeps` : "")
          : `${what} on ${net.nodes} nodes of an electrical ${net.kind} (${fair ? "links shared fairly: a level's messages share its leaders' links" : "one channel per link"})`,
      );
      if (plan) {
        lines.push(
          `chosen m = ${plan.groupSize}${forced ? " (forced)" : ""}: ${plan.levels.length} level${plan.levels.length === 1 ? "" : "s"}` +
            `${plan.useShortcut ? ", top level as one all-to-all" : ""}, ${plan.steps} steps, ${count(planWavelengths(plan))}, ` +
            `${formatTime(plan.time)} for ${formatSize(w)} (lockstep, ${fair ? "the shared links weighed" : "no contention"})`,
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
              c === plan ? "chosen" : !c.feasible ? `infeasible: ${c.problem}` : plan ? `${formatTimeDelta(c.time - plan.time)}${tie.has(c) ? " (near tie)" : ""}` : "-",
            ]),
          ),
        );
      }
      if (pipeline) {
        lines.push("");
        lines.push(
          pipeline.chunks === 1
            ? `pipelined (--chunks ${cfg.chunks}): 1 piece is best here: WRHT as above (simulated ${formatTime(pipeline.simulated)})`
            : `pipelined (--chunks ${cfg.chunks}): ${pipeline.chunks} pieces with m = ${pipeline.groupSize}: estimate ${formatTime(pipeline.estimate)} ` +
                `(levels as a pipeline, ${channels} shared on the busiest link), simulated ${formatTime(pipeline.simulated)}; WRHT in one piece ${formatTime(plan?.time ?? NaN)}`,
        );
        if (pipeline.tried.length > 1) {
          lines.push(formatTable(["m", "pieces", "estimate", "simulated"], pipeline.tried.map((t) => [String(t.groupSize), String(t.chunks), formatTime(t.estimate), formatTime(t.simulated)])));
        }
      }
      process.stdout.write(lines.join("\n") + "\n");
    });
}

/** Pipelined WRHT's choice: k and m (auto: by simulating the estimate's shortlist), its estimate and simulated time. */
function pipelineOf(net: Network, w: Workload, chunks: number | "auto", groupSize: number | undefined, shortcut: "auto" | "on" | "off") {
  if (chunks === "auto") {
    const p = planPipeline(net, w.elements, w.elementBytes, { groupSize, shortcut });
    return { chunks: p.chunks, groupSize: p.groupSize, estimate: p.estimate, simulated: p.simulated, tried: [...p.shortlist].sort((a, b) => a.simulated - b.simulated) };
  }
  const c = choosePipeline(net, w.elements, w.elementBytes, { groupSize, chunks, shortcut });
  const r = simulate({ network: net, algorithm: "wrht", elements: w.elements, elementBytes: w.elementBytes, options: { groupSize: c.groupSize, chunks, shortcut } });
  return { chunks, groupSize: c.groupSize, estimate: c.estimate, simulated: r.time, tried: [] as { groupSize: number; chunks: number; estimate: number; simulated: number }[] };
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

/** The algorithm `plan` derives for each collective when none is named. */
const PLANNED: Partial<Record<Collective, string>> = { allreduce: "wrht", allgather: "optree", reducescatter: "optree", broadcast: "chain", reduce: "chain" };

function printOpTree(net: Network, collective: "allgather" | "reducescatter", w: Workload, radix: number | undefined, json: boolean): void {
  const { plan, candidates } = planOpTree(net, collective, w.elements, w.elementBytes, radix);
  if (radix !== undefined && !plan) throw new InputError(flagName("groupSize"), radix, `a radix OpTree can run: ${candidates[0].problem}`);
  if (json) {
    const summary = (p: OpTreePlan) => ({ ...p, problem: p.problem ?? null });
    process.stdout.write(JSON.stringify({ network: net.describe(), collective, size: w.size, feasible: plan !== undefined, chosen: plan ? summary(plan) : null, candidates: candidates.map(summary) }) + "\n");
    return;
  }
  const optical = net.kind === "optical-ring";
  const channels = optical ? "wavelengths" : "channels";
  const lines: string[] = [];
  lines.push(`OpTree ${COLLECTIVE_NAMES[collective]} on ${optical ? `a ${net.nodes}-node ${net.unidirectional ? "unidirectional" : "bidirectional"} optical ring, ${net.channels} wavelengths` : `${net.nodes} nodes of an electrical ${net.kind}`}, ${formatSize(w)}`);
  lines.push("k stages of radix m, the smallest m with m^k >= N; a stage whose lightpaths load a link beyond its " + channels);
  lines.push("(or a node beyond its transceivers) runs in rounds; estimated time = sum over stages of rounds x the stage's slowest transfer.");
  if (plan) {
    lines.push("");
    lines.push(`chosen: ${plan.stages} stage${plan.stages === 1 ? "" : "s"} of radix m = ${plan.radix}${radix !== undefined ? " (forced)" : ""}, estimated ${formatTime(plan.time)} (without contention ${formatTime(plan.closedForm)})`);
    lines.push("");
    lines.push(
      formatTable(
        ["stage", "block (nodes)", "transfers", "largest message", `busiest link (${channels})`, "fan-out", "rounds", "longest path (hops)", "slowest transfer", "estimate"],
        plan.stagePlans.map((p) => [String(p.stage), String(p.span), String(p.transfers), formatBytes(p.bytes), String(p.load), String(p.fanOut), String(p.rounds), String(p.maxHops), formatTime(p.transferTime), formatTime(p.time)]),
      ),
    );
  } else {
    lines.push("");
    lines.push("no stage count is feasible (reasons below)");
  }
  if (candidates.length > 1 || !plan) {
    lines.push("");
    lines.push("every stage count considered:");
    lines.push(
      formatTable(
        ["stages", "m", "most rounds in a stage", "without contention", "estimate", "versus chosen"],
        candidates.map((c) => [
          String(c.stages), String(c.radix), String(Math.max(...c.stagePlans.map((p) => p.rounds))), formatTime(c.closedForm),
          c.feasible ? formatTime(c.time) : "-",
          c === plan ? "chosen" : !c.feasible ? `infeasible: ${c.problem}` : plan ? formatTimeDelta(c.time - plan.time) : "-",
        ]),
      ),
    );
  }
  process.stdout.write(lines.join("\n") + "\n");
}

function printChain(net: Network, collective: "broadcast" | "reduce", w: Workload, root: number, json: boolean): void {
  const p = planChain(net, collective, w.elements, w.elementBytes, root);
  if (json) {
    process.stdout.write(JSON.stringify({ network: net.describe(), collective, size: w.size, root, chosen: { chunks: p.chunks, time: p.time }, ideal: p.ideal, table: p.table }) + "\n");
    return;
  }
  const lines = [
    `chain ${COLLECTIVE_NAMES[collective]} from root ${root} on ${net.kind === "optical-ring" ? `a ${net.nodes}-node optical ring` : `${net.nodes} nodes of an electrical ${net.kind}`}, ${formatSize(w)}`,
    "C chunks pipelined over N-1 hops take C+N-2 steps of one chunk: T(C) = (C + N - 2) x d(E/C); more chunks shorten each step",
    `but add steps; the continuous optimum is sqrt((N-2) x serialisation(D) / per-chunk cost) = ${p.ideal.toFixed(1)} chunks.`,
    "",
    `chosen: C = ${p.chunks} chunks of ${formatBytes(Math.ceil(w.elements / p.chunks) * w.elementBytes)}, ${formatTime(p.time)} (lockstep, no contention)`,
    "",
    formatTable(
      ["chunks", "chunk size", "steps", "time", "versus chosen"],
      p.table.map((r) => [String(r.chunks), formatBytes(Math.ceil(w.elements / r.chunks) * w.elementBytes), String(r.chunks + net.nodes - 2), formatTime(r.time), r.chunks === p.chunks ? "chosen" : `+${formatTime(r.time - p.time)}`]),
    ),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}
