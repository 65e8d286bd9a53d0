// `wrht-sim run`: one simulation, as a table, JSON, and optional traces.
import type { Command } from "commander";
import type { TransferRecord } from "../engine/engine.js";
import { flagName } from "../validation/fields.js";
import { type RunConfig, algorithmOptionsOf, buildNetwork, parseRunConfig, simulateConfig, workloadOf } from "../config/runConfig.js";
import { type SimulationResult, buildSchedule } from "../simulate.js";
import { ChromeTrace } from "../trace/chromeTrace.js";
import { JsonlTrace } from "../trace/jsonlTrace.js";
import { formatBytes, formatTime } from "../units.js";
import { formatPairs, int } from "./table.js";

/** Flags that set the network, the algorithms' options and the engine. */
export function addNetworkOptions(cmd: Command): Command {
  return cmd
    .option("--preset <name>", "named network settings (see wrht-sim presets); flags override them")
    .option("--network <type>", "optical-ring | star | leaf-spine (default optical-ring)")
    .option("-n, --nodes <n>", "number of nodes (default 1024)")
    .option("-w, --wavelengths <w>", "optical: wavelengths per directed link (default 64)")
    .option("--direction <dir>", "optical: bidirectional | unidirectional (default bidirectional)")
    .option("-b, --bandwidth <rate>", "per-wavelength or per-link rate, e.g. 100Gbps (default 100Gbps)")
    .option("--alpha <time>", "per-transfer overhead (default 20us optical, 10us electrical)")
    .option("--hop-latency <time>", "optical: per-hop latency (default 10ns)")
    .option("--gamma <time>", "reduction cost per byte at the receiver (default 0)")
    .option("--tx <n>", "transmitters per node, 0 = unlimited (default 0)")
    .option("--rx <n>", "receivers per node, 0 = unlimited (default 0)")
    .option("--laser-dbm <dBm>", "optical: laser power per wavelength (default 10)")
    .option("--sensitivity-dbm <dBm>", "optical: receiver sensitivity (default -20)")
    .option("--modulator-db <dB>", "optical: modulator insertion loss (default 1)")
    .option("--drop-db <dB>", "optical: drop filter loss (default 0.5)")
    .option("--coupler-db <dB>", "optical: coupler loss, paid twice (default 1)")
    .option("--through-db <dB>", "optical: loss per hop (default 0.01)")
    .option("--switch-latency <time>", "electrical: per-switch latency (default 500ns)")
    .option("--leaf-size <n>", "leaf-spine: nodes per leaf (default 32)")
    .option("--spines <n>", "leaf-spine: spine switches (default: the leaf size)")
    .option("--oversubscription <ratio>", "leaf-spine: leaf down:up capacity ratio (default 1)")
    .option("--uplink-bandwidth <rate>", "leaf-spine: leaf-spine link rate (default from the oversubscription)")
    .option("--group-size <m>", "wrht: force the group size (default: the best feasible)")
    .option("--shortcut <mode>", "wrht: top-level all-to-all auto | on | off (default auto)")
    .option("--hring-group <g>", "hring: nodes per group, a divisor of N (default: nearest sqrt N)")
    .option("--mode <mode>", "async | lockstep (default async)")
    .option("--engine <engine>", "wasm | js (default wasm)")
    .option("--max-memory <bytes>", "refuse a simulation needing more memory than this (default 4GiB)");
}

/** Flags that set the vector being reduced. */
export function addWorkloadOptions(cmd: Command): Command {
  return cmd
    .option("-s, --size <bytes>", "vector size per node, e.g. 64MB or 1GiB (default 100MB)")
    .option("--elements <n>", "vector length in elements (instead of --size)")
    .option("--params <n>", "parameter count, e.g. 25.6M (instead of --size)")
    .option("-m, --model <name>", "a DNN from the catalogue, e.g. resnet50 (see wrht-sim models)")
    .option("--dtype <type>", "fp32 | fp16 | bf16 | fp64 | fp8 | int8 (default fp32)");
}

/** Every setting of one simulation. */
export function addSimulationOptions(cmd: Command): Command {
  return addWorkloadOptions(addNetworkOptions(cmd.option("-a, --algorithm <name>", "wrht | ring | hring | bt | rd | hd (default ring)")));
}

/** The options that are simulation settings: all but the named output flags. */
export function simulationSettings(opts: Record<string, unknown>, outputs: string[] = ["json", "trace", "chromeTrace"]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(opts).filter(([k, v]) => !outputs.includes(k) && v !== undefined));
}

export function runCommand(program: Command): void {
  addSimulationOptions(program.command("run").description("simulate one all-reduce"))
    .option("--json", "print the result as one JSON object")
    .option("--trace <file.jsonl>", "write every transfer as JSON lines (SPEC section 7)")
    .option("--chrome-trace <file.json>", "write a Trace Event Format file for Perfetto")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim run --algorithm ring --nodes 64 --size 64MB --mode lockstep
  wrht-sim run -n 1024 -w 16 --size 256MiB --json
  wrht-sim run -n 16 --size 1MB --trace ring.jsonl --chrome-trace ring.json`,
    )
    .action((opts: Record<string, unknown>) => {
      const cfg = parseRunConfig(simulationSettings(opts), flagName);
      const result = runWithTraces(cfg, opts.trace as string | undefined, opts.chromeTrace as string | undefined);
      process.stdout.write(opts.json ? JSON.stringify(result) + "\n" : describeResult(result) + "\n");
    });
}

export function runWithTraces(cfg: RunConfig, tracePath?: string, chromePath?: string): SimulationResult {
  const network = buildNetwork(cfg);
  const w = workloadOf(cfg);
  const options = algorithmOptionsOf(cfg);
  const schedule = buildSchedule(network, cfg.algorithm, w.elements, w.elementBytes, options);
  const jsonl = tracePath
    ? new JsonlTrace(
        tracePath,
        {
          type: "header",
          version: 1,
          collective: "allreduce",
          algorithm: cfg.algorithm,
          nodes: cfg.nodes,
          elements: w.elements,
          elementBytes: w.elementBytes,
          network: network.describe(),
          mode: cfg.mode,
          params: { ...schedule.params },
        },
        network,
      )
    : undefined;
  const chrome = chromePath ? new ChromeTrace(chromePath, `${cfg.algorithm} all-reduce, ${cfg.nodes} nodes`, cfg.nodes) : undefined;
  const sinks = [jsonl?.onTransfer, chrome?.onTransfer].filter((f): f is (t: TransferRecord) => void => f !== undefined);
  try {
    const result = simulateConfig(cfg, {
      network,
      schedule,
      onTransfer: sinks.length === 0 ? undefined : sinks.length === 1 ? sinks[0] : (t) => sinks.forEach((f) => f(t)),
    });
    jsonl?.commit({ time: result.time, steps: result.steps, transfers: result.transfers, bytesMoved: result.bytesMoved, waitTime: result.waitTime, peakWavelengths: result.peakWavelengths, maxHops: result.maxHops, params: result.params });
    chrome?.commit();
    return result;
  } catch (e) {
    jsonl?.abort();
    chrome?.abort();
    throw e;
  }
}

export function describeResult(r: SimulationResult): string {
  const net = r.network;
  const optical = net.type === "optical-ring";
  const title = optical
    ? `${r.algorithm} all-reduce on a ${r.nodes}-node optical ring (${net.direction}, ${net.wavelengths} wavelengths x ${Number(net.bandwidth) / 1e9} Gb/s)`
    : `${r.algorithm} all-reduce on ${r.nodes} nodes of an electrical ${net.type} (${Number(net.bandwidth) / 1e9} Gb/s links)`;
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(", ");
  const pairs: [string, string][] = [
    ["vector", `${formatBytes(r.size)} (${int(r.elements)} x ${r.elementBytes}-byte elements)`],
    ["mode / engine", `${r.mode} / ${r.engine}`],
    ["time", formatTime(r.time)],
    ["closed form", r.closedForm === null ? "-" : `${formatTime(r.closedForm)} (lockstep, no contention)`],
    ["steps", int(r.steps)],
    ["transfers", int(r.transfers)],
    ["bytes moved", formatBytes(r.bytesMoved)],
    optical ? ["peak wavelengths", `${r.peakWavelengths} of ${net.wavelengths}`] : ["channels per link", "1"],
    ["waiting for channels", formatTime(r.waitTime) + " (summed over transfers)"],
    optical
      ? ["longest lightpath", `${r.maxHops} hop${r.maxHops === 1 ? "" : "s"}, ${r.maxHopLossDb.toFixed(2)} dB loss`]
      : ["longest path", `${r.maxHops} links`],
  ];
  if (params) pairs.splice(2, 0, ["parameters", params]);
  return `${title}\n${formatPairs(pairs)}`;
}
