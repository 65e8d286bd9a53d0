// `wrht-sim run`: one simulation, as a table, JSON, and optional traces.
import type { Command } from "commander";
import type { TransferRecord } from "../engine/engine.js";
import { flagName } from "../validation/fields.js";
import { type RunConfig, algorithmOptionsOf, buildNetwork, formatSize, parseRunConfig, simulateConfig, workloadOf } from "../config/runConfig.js";
import { type SimulationResult, buildSchedule } from "../simulate.js";
import { ChromeTrace } from "../trace/chromeTrace.js";
import { JsonlTrace } from "../trace/jsonlTrace.js";
import { formatBytes, formatRate, formatTime, parseCount } from "../units.js";
import { DEFAULT_MAX_MEMORY, checkLimits, estimateRun, estimateSeconds } from "../limits.js";
import { progressBar } from "./progress.js";
import { formatPairs, int } from "./table.js";
import { algorithmNames } from "../algorithms/index.js";
import { COLLECTIVES, COLLECTIVE_NAMES, isRooted } from "../collectives.js";
import { COLLECTIVE_SETTINGS, NETWORK_SETTINGS, type SettingDoc, WORKLOAD_SETTINGS } from "../config/settingDocs.js";

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
  return addSettings(cmd, NETWORK_SETTINGS);
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
    .option("--trace <file.jsonl>", "write every transfer as JSON lines: a header, one line per transfer, a summary")
    .option("--chrome-trace <file.json>", "write a Trace Event Format file for Perfetto")
    .option("--max-transfers <n>", "refuse a run of more transfers than this (default 1e10, about 10 minutes)")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim run --algorithm ring --nodes 64 --size 64MB --mode lockstep
  wrht-sim run -n 1024 -w 16 --size 256MiB --json
  wrht-sim run -n 16 --size 1MB --trace ring.jsonl --chrome-trace ring.json
  wrht-sim run --collective allgather -a optree -n 1024 --size 64MB
  wrht-sim run --collective alltoall -a direct -n 64 --size 16MB --network star
  wrht-sim run --collective broadcast -a chain --root 5 -n 128 --size 256MB`,
    )
    .action((opts: Record<string, unknown>) => {
      const cfg = parseRunConfig(simulationSettings(opts, RUN_OUTPUTS), flagName);
      const maxTransfers = opts.maxTransfers === undefined ? undefined : parseCount(String(opts.maxTransfers), "--max-transfers");
      const result = runWithTraces(cfg, {
        trace: opts.trace as string | undefined,
        chromeTrace: opts.chromeTrace as string | undefined,
        maxTransfers,
        progress: opts.progress === true ? true : undefined,
      });
      process.stdout.write(opts.json ? JSON.stringify({ ...result, dtype: cfg.dtype }) + "\n" : describeResult(result, cfg) + "\n");
    });
}

const RUN_OUTPUTS = ["json", "trace", "chromeTrace", "maxTransfers", "progress"];

export interface RunOutputs {
  trace?: string;
  chromeTrace?: string;
  maxTransfers?: number;
  /** Force the progress bar on (true), or leave it to whether stderr is a terminal (undefined). */
  progress?: boolean;
}

/** Bytes a trace line takes, about: JSONL transfer lines, and Chrome's four events per transfer. */
const TRACE_BYTES = { jsonl: 260, chrome: 900 };
/** Traces estimated above this are announced on stderr before anything is written. */
export const TRACE_WARN_BYTES = Number(process.env.WRHT_TRACE_WARN_BYTES ?? 1e9);
/** Runs estimated above this many seconds of engine work show a progress bar on a terminal. */
const PROGRESS_ABOVE_SECONDS = 3;

export function runWithTraces(cfg: RunConfig, out: RunOutputs = {}): SimulationResult {
  const network = buildNetwork(cfg);
  const w = workloadOf(cfg);
  const options = algorithmOptionsOf(cfg);
  const schedule = buildSchedule(network, cfg.algorithm, w.elements, w.elementBytes, options, cfg.collective);
  const estimate = estimateRun(network, schedule, cfg.engine);
  checkLimits(estimate, cfg.engine, cfg.maxMemory ?? DEFAULT_MAX_MEMORY, out.maxTransfers);
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
        },
        network,
        schedule,
      )
    : undefined;
  const chrome = out.chromeTrace ? new ChromeTrace(out.chromeTrace, `${cfg.algorithm} ${COLLECTIVE_NAMES[cfg.collective]}, ${cfg.nodes} nodes`) : undefined;
  const sinks = [jsonl?.onTransfer, chrome?.onTransfer].filter((f): f is (t: TransferRecord) => void => f !== undefined);
  const slow = estimateSeconds(estimate, cfg.engine) > PROGRESS_ABOVE_SECONDS;
  const bar = progressBar(estimate.transfers, "run", out.progress ?? (slow && process.stderr.isTTY === true), "transfers");
  try {
    const result = simulateConfig(cfg, {
      network,
      schedule,
      maxTransfers: out.maxTransfers,
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

/** The run as a person reads it: what was simulated, with every setting that shapes the time. */
export function describeResult(r: SimulationResult, cfg?: RunConfig): string {
  const net = r.network;
  const optical = net.type === "optical-ring";
  const w = cfg ? workloadOf(cfg) : undefined;
  const what = `${r.algorithm} ${COLLECTIVE_NAMES[r.collective]}${r.root !== undefined ? ` from root ${r.root}` : ""}`;
  const title = optical ? `${what} on a ${r.nodes}-node optical ring` : `${what} on ${r.nodes} nodes of an electrical ${net.type}`;
  const transceivers = Number(net.tx) === 0 && Number(net.rx) === 0 ? "unlimited transceivers" : `${Number(net.tx) || "unlimited"} transmitters and ${Number(net.rx) || "unlimited"} receivers per node`;
  const tuning = optical && Number(net.tuningTime) > 0 ? ` (retuning in ${formatTime(Number(net.tuningTime))})` : "";
  const networkLine = optical
    ? `${net.direction}, ${net.wavelengths} wavelengths x ${formatRate(Number(net.bandwidth))}, alpha ${formatTime(Number(net.alpha))}, ` +
      `${formatTime(Number(net.hopLatency))} per hop, ${transceivers}${tuning}, ${net.routing} routing`
    : `${formatRate(Number(net.bandwidth))} links, alpha ${formatTime(Number(net.alpha))}, ${formatTime(Number(net.switchLatency))} per switch, ${transceivers}` +
      (net.type === "leaf-spine" ? `, ${net.leafSize} nodes per leaf, ${net.spines} spines at ${formatRate(Number(net.uplinkBandwidth))}` : "");
  const budget = optical
    ? Number(net.hopLimit) < 0
      ? "no per-hop loss: every lightpath fits"
      : `${(Number(net.laserDbm) - Number(net.sensitivityDbm)).toFixed(2)} dB: lightpaths of at most ${int(Number(net.hopLimit))} hops` +
        (net.regenerate ? `, longer ones regenerated every ${int(Number(net.hopLimit))} hops (${formatTime(Number(net.regenLatency))} each)` : "")
    : undefined;
  const dtype = cfg?.dtype ?? `${r.elementBytes}-byte`;
  const vector = w?.model
    ? `${w.model} gradients: ${formatBytes(r.size)} (${int(r.elements)} x ${r.elementBytes}-byte ${dtype} elements)`
    : `${w ? formatSize(w) : formatBytes(r.size)} (${int(r.size)} bytes = ${int(r.elements)} x ${r.elementBytes}-byte ${dtype} elements)`;
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(", ");
  const pairs: [string, string][] = [["network", networkLine]];
  if (budget) pairs.push(["power budget", budget]);
  pairs.push(["vector", vector], ["mode / grants / engine", `${r.mode} / ${r.grants} / ${r.engine}`]);
  if (params) pairs.push(["parameters", params]);
  pairs.push(
    ["time", formatTime(r.time)],
    ["bandwidth", `${formatBytes(r.algBandwidth)}/s algorithm, ${formatBytes(r.busBandwidth)}/s bus (nccl-tests: size / time, x ${busFactorText(r)})`],
    ["closed form", r.closedForm === null ? "-" : `${formatTime(r.closedForm)} (lockstep, no contention)`],
    ["steps", int(r.steps)],
    ["transfers", int(r.transfers)],
    ["bytes moved", formatBytes(r.bytesMoved)],
  );
  if (optical) {
    pairs.push(["wavelengths used", `${r.peakWavelengths} of ${net.wavelengths} (the highest first fit touched on any link)`]);
    pairs.push(["wavelengths needed", `${r.wavelengthsNeeded} (the fewest with which a lockstep run never waits for one)`]);
  }
  pairs.push(
    ["waiting for channels", formatTime(r.waitTime) + " (summed over transfers)"],
    optical
      ? ["longest lightpath", `${r.maxHops} hop${r.maxHops === 1 ? "" : "s"}, ${r.maxHopLossDb.toFixed(2)} dB loss${r.maxHops > Number(net.hopLimit) && Number(net.hopLimit) >= 0 ? " per segment" : ""}`]
      : ["longest path", `${r.maxHops} links`],
  );
  if (optical && (Number(net.tx) > 0 || Number(net.rx) > 0)) pairs.push(["retunes", int(r.retunes)]);
  pairs.push(["energy", describeEnergy(r.energy)]);
  return `${title}\n${formatPairs(pairs)}`;
}

/** "16.4 J (2.00 pJ/bit): laser 8.21 J, modulator 4.10 J, ..." with the parts that are not zero. */
export function describeEnergy(e: { total: number; pjPerBit: number; parts: Record<string, number> }): string {
  const j = (x: number) => (x >= 1 ? `${Number(x.toPrecision(3))} J` : x >= 1e-3 ? `${Number((x * 1e3).toPrecision(3))} mJ` : `${Number((x * 1e6).toPrecision(3))} uJ`);
  const parts = Object.entries(e.parts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${j(v)}`).join(", ");
  return `${j(e.total)} (${e.pjPerBit.toFixed(2)} pJ per bit delivered)${parts ? `: ${parts}` : ""}`;
}

function busFactorText(r: SimulationResult): string {
  if (r.collective === "allreduce") return "2(N-1)/N";
  return isRooted(r.collective) ? "1" : "(N-1)/N";
}
