// `wrht-sim run`: one simulation, as a table, JSON, and optional traces.
import { DEFAULT_SEED, type FaultSpec, isRandom, summarizeFaults } from "../faults/faultSet.js";
import type { Command } from "commander";
import type { EngineName, TransferRecord } from "../engine/engine.js";
import { flagName } from "../validation/fields.js";
import { type RunConfig, algorithmOptionsOf, buildNetwork, formatSize, parseRunConfig, simulateConfig, workloadOf } from "../config/runConfig.js";
import { type SimulationResult, buildSchedule } from "../api/simulate.js";
import { ChromeTrace } from "../trace/chromeTrace.js";
import { JsonlTrace } from "../trace/jsonlTrace.js";
import { formatBytes } from "../core/units.js";
import { DEFAULT_MAX_MEMORY, checkLimits, estimateRun, estimateSeconds } from "../api/limits.js";
import { progressBar } from "./progress.js";
import { applyScheduleFile } from "./scheduleOption.js";
import { COLLECTIVE_COLUMNS, RESULT_COLUMNS, renderRows } from "../sweep/rows.js";
import { InputError } from "../core/errors.js";
import { formatPairs, int } from "./table.js";
import { summarizeRun } from "../api/runSummary.js";
import { algorithmNames } from "../algorithms/index.js";
import { COLLECTIVES, COLLECTIVE_NAMES } from "../core/collectives.js";
import { COLLECTIVE_SETTINGS, FAULT_SETTINGS, NETWORK_SETTINGS, type SettingDoc, WORKLOAD_SETTINGS } from "../config/settingDocs.js";

/** One commander option per setting, from the catalogue the web explorer shares. */
function addSettings(cmd: Command, docs: readonly SettingDoc[], help: (d: SettingDoc) => string = (d) => d.help): Command {
  for (const d of docs) {
    const flag = flagName(d.key);
    cmd.option(`${d.short ? `-${d.short}, ` : ""}${flag}${d.value ? ` <${d.value}>` : ""}`, help(d));
  }
  return cmd;
}

/** Flags that set the network, the algorithms' options and the engine. */
export function addNetworkOptions(cmd: Command): Command {
  return addSettings(addSettings(cmd, NETWORK_SETTINGS), FAULT_SETTINGS);
}

/** Flags that set the vector being reduced. */
export function addWorkloadOptions(cmd: Command): Command {
  return addSettings(cmd, WORKLOAD_SETTINGS);
}

/** Every setting of one simulation. */
export function addSimulationOptions(cmd: Command): Command {
  const help = (d: SettingDoc) => (d.key === "algorithm" ? `${d.help}: ${ALGORITHM_LIST}` : d.help);
  return addWorkloadOptions(addNetworkOptions(addSettings(cmd, COLLECTIVE_SETTINGS, help)));
}

/** "allreduce: wrht ring ...; allgather: ..." for help texts. */
const ALGORITHM_LIST = COLLECTIVES.map((c) => `${c} ${algorithmNames(c).join("/")}`).join("; ");

/** The options that are simulation settings: all but the named output flags. */
export function simulationSettings(opts: Record<string, unknown>, outputs: string[] = ["json", "trace", "chromeTrace"]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(opts).filter(([k, v]) => !outputs.includes(k) && v !== undefined));
}

export function runCommand(program: Command): void {
  addSimulationOptions(program.command("run").description("simulate one collective (all-reduce unless --collective says otherwise)"))
    .option("--json", "print the result as one JSON object")
    .option("--csv", "print the result as CSV: a header and one row, the columns of a sweep's results")
    .option("--trace <file.jsonl>", "write every transfer as JSON lines: a header, one line per transfer, a summary")
    .option("--chrome-trace <file.json>", "write a Trace Event Format file for Perfetto")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .option("--schedule <file>", "run your own algorithm instead of --algorithm: a schedule file (JSON or YAML), MSCCL XML or a generator module (.mjs); docs/MODEL.md")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim run --algorithm ring --nodes 64 --size 64MB --mode lockstep
  wrht-sim run -n 1024 -w 16 --size 256MiB --json
  wrht-sim run -n 16 --size 1MB --trace ring.jsonl --chrome-trace ring.json
  wrht-sim run --collective allgather -a optree -n 256 --size 64MB
  wrht-sim run --collective alltoall -a direct -n 64 --size 16MB --network star
  wrht-sim run --collective broadcast -a chain --root 5 -n 128 --size 256MB
  wrht-sim run --schedule examples/schedules/ring-allreduce.yaml --size 64MB --csv
  wrht-sim run --schedule examples/msccl/allreduce_a100_ring_4_1_1.xml --network star --trace msccl.jsonl`,
    )
    .action(async (opts: Record<string, unknown>) => {
      if (opts.json && opts.csv) throw new InputError("--csv", true, "one of --json and --csv", "--csv: give one of --json and --csv");
      const settings = simulationSettings(opts, RUN_OUTPUTS);
      if (opts.schedule !== undefined) await applyScheduleFile(settings, String(opts.schedule));
      const cfg = parseRunConfig(settings, flagName);
      noteDefaultSeed(cfg.faults);
      const result = runWithTraces(cfg, {
        trace: opts.trace as string | undefined,
        chromeTrace: opts.chromeTrace as string | undefined,
        progress: opts.progress === true ? true : undefined,
      });
      // after the run, so that a refused run still prints its one line
      warnIfTiny(workloadOf(cfg).elements, cfg.nodes, formatSize(workloadOf(cfg)));
      if (opts.csv) return void process.stdout.write(csvOf(result, cfg));
      process.stdout.write(opts.json ? JSON.stringify({ ...result, dtype: cfg.dtype }) + "\n" : describeResult(result, cfg) + "\n");
    });
}

const RUN_OUTPUTS = ["json", "csv", "trace", "chromeTrace", "progress", "schedule"];

/** One run as a sweep's results row (src/sweep/rows.ts): a header and one row of CSV. */
function csvOf(r: SimulationResult, cfg: RunConfig): string {
  const row = {
    collective: r.collective, busBandwidth: r.busBandwidth, algorithm: r.algorithm, network: String(r.network.type), nodes: r.nodes, size: r.size, dtype: cfg.dtype,
    status: "ok", time: r.time, closedForm: r.closedForm, steps: r.steps, transfers: r.transfers, bytesMoved: r.bytesMoved, waitTime: r.waitTime,
    peakWavelengths: r.peakWavelengths, wavelengthsNeeded: r.wavelengthsNeeded, maxHops: r.maxHops, maxHopLossDb: r.network.type === "optical-ring" ? r.maxHopLossDb : null,
    retunes: r.retunes, energy: r.energy.total, energyDynamic: r.energy.dynamic, energyStatic: r.energy.static, pjPerBit: r.energy.pjPerBit,
    energyParts: { ...r.energy.parts, ...r.energy.staticParts }, params: r.params, error: null,
  };
  return renderRows([{ point: 0, ...row }], [...COLLECTIVE_COLUMNS, ...RESULT_COLUMNS], "csv");
}

/** One line on stderr when jitter or random faults run on the default seed, so the run can be repeated or varied. */
export function noteDefaultSeed(faults: FaultSpec | undefined): void {
  if (faults && isRandom(faults)) noteSeed(faults.seed !== undefined);
}

/** The note itself, for a command that asks for randomness without a seed (`seeded` false). */
export function noteSeed(seeded: boolean): void {
  if (seeded) return;
  process.stderr.write(`wrht-sim: jitter and random faults drawn with seed ${DEFAULT_SEED} (the default; --seed S draws others)\n`);
}

/** One line on stderr when a vector has fewer elements than there are nodes: most transfers then carry nothing. */
export function warnIfTiny(elements: number, nodes: number, size: string): void {
  if (elements >= nodes) return;
  process.stderr.write(
    `wrht-sim: warning: the vector (${size}, ${elements.toLocaleString("en-US")} element${elements === 1 ? "" : "s"}) has fewer elements than the ${nodes.toLocaleString("en-US")} nodes: most transfers of chunked algorithms carry nothing and cost only their latency\n`,
  );
}

export interface RunOutputs {
  trace?: string;
  chromeTrace?: string;
  /** Force the progress bar on (true), or leave it to whether stderr is a terminal (undefined). */
  progress?: boolean;
}

/** Bytes a trace line takes, about: JSONL transfer lines, and Chrome's four events per transfer. */
const TRACE_BYTES = { jsonl: 260, chrome: 900 };
/** Traces estimated above this are announced on stderr before anything is written. */
export const TRACE_WARN_BYTES = Number(process.env.WRHT_TRACE_WARN_BYTES ?? 1e9);
/** Runs estimated above this many seconds of engine work show a progress bar on a terminal. */
const PROGRESS_ABOVE_SECONDS = 3;

/** Whether a run of `transfers` is long enough that a person watching should see it move. */
export function isSlow(transfers: number, engine: EngineName): boolean {
  return estimateSeconds({ transfers }, engine) > PROGRESS_ABOVE_SECONDS;
}

export function runWithTraces(cfg: RunConfig, out: RunOutputs = {}): SimulationResult {
  const network = buildNetwork(cfg);
  const w = workloadOf(cfg);
  const options = algorithmOptionsOf(cfg);
  const schedule = buildSchedule(network, cfg.algorithm, w.elements, w.elementBytes, options, cfg.collective);
  const estimate = estimateRun(network, schedule, cfg.engine);
  checkLimits(estimate, cfg.engine, cfg.maxMemory ?? DEFAULT_MAX_MEMORY, cfg.maxTransfers, flagName);
  const traceBytes = (out.trace ? TRACE_BYTES.jsonl : 0) * estimate.transfers + (out.chromeTrace ? TRACE_BYTES.chrome : 0) * estimate.transfers;
  if (traceBytes > TRACE_WARN_BYTES) {
    process.stderr.write(`wrht-sim: writing about ${formatBytes(traceBytes)} of traces for ${int(estimate.transfers)} transfers\n`);
  }
  const jsonl = out.trace
    ? new JsonlTrace(
        out.trace,
        {
          type: "header",
          version: 1,
          collective: cfg.collective,
          algorithm: cfg.algorithm,
          ...(schedule.root !== undefined ? { root: schedule.root } : {}),
          nodes: cfg.nodes,
          elements: w.elements,
          elementBytes: w.elementBytes,
          network: network.describe(),
          mode: cfg.mode,
          grants: cfg.grants,
          ...(network.kind === "optical-ring" ? { routing: cfg.routing } : {}),
          params: { ...schedule.params },
          ...(network.faults ? { faults: summarizeFaults(network.faults) } : {}),
        },
        network,
        schedule,
      )
    : undefined;
  const chrome = out.chromeTrace ? new ChromeTrace(out.chromeTrace, `${cfg.algorithm} ${COLLECTIVE_NAMES[cfg.collective]}, ${cfg.nodes} nodes`) : undefined;
  const sinks = [jsonl?.onTransfer, chrome?.onTransfer].filter((f): f is (t: TransferRecord) => void => f !== undefined);
  const bar = progressBar(estimate.transfers, "run", out.progress ?? (isSlow(estimate.transfers, cfg.engine) && process.stderr.isTTY === true), "transfers");
  try {
    const result = simulateConfig(cfg, {
      network,
      schedule,
      fieldName: flagName,
      onProgress: (done) => bar.update(done),
      onTransfer: sinks.length === 0 ? undefined : sinks.length === 1 ? sinks[0] : (t) => sinks.forEach((f) => f(t)),
    });
    bar.stop();
    jsonl?.commit({
      time: result.time, steps: result.steps, transfers: result.transfers, bytesMoved: result.bytesMoved, waitTime: result.waitTime,
      peakWavelengths: result.peakWavelengths, wavelengthsNeeded: result.wavelengthsNeeded, maxHops: result.maxHops, retunes: result.retunes,
      energy: result.energy.total, params: result.params,
    });
    chrome?.commit();
    return result;
  } catch (e) {
    bar.stop();
    jsonl?.abort();
    chrome?.abort();
    throw e;
  }
}

/** The run as a person reads it (src/api/runSummary.ts): a title, then label and value lines. */
export function describeResult(r: SimulationResult, cfg?: RunConfig): string {
  const { title, pairs } = summarizeRun(r, cfg);
  return `${title}\n${formatPairs(pairs)}`;
}
