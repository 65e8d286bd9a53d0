// `wrht-sim run`: one simulation, as a table, JSON, and optional traces.
import type { Command } from "commander";
import type { TransferRecord } from "../engine/engine.js";
import { flagName } from "../config/fields.js";
import { type RunConfig, buildNetwork, parseRunConfig, workloadOf } from "../config/runConfig.js";
import { type SimulationResult, simulate } from "../simulate.js";
import { ChromeTrace } from "../trace/chromeTrace.js";
import { JsonlTrace } from "../trace/jsonlTrace.js";
import { formatBytes, formatTime } from "../units.js";
import { formatPairs, int } from "./table.js";

/** Flags of `run` that are settings of the simulation (the rest choose outputs). */
export function addSimulationOptions(cmd: Command): Command {
  return cmd
    .option("-a, --algorithm <name>", "all-reduce algorithm (default ring)")
    .option("-n, --nodes <n>", "number of nodes (default 1024)")
    .option("-w, --wavelengths <w>", "wavelengths per directed link (default 64)")
    .option("--direction <dir>", "bidirectional | unidirectional (default bidirectional)")
    .option("-b, --bandwidth <rate>", "per-wavelength rate, e.g. 100Gbps (default 100Gbps)")
    .option("--alpha <time>", "per-transfer overhead, e.g. 20us (default 20us)")
    .option("--hop-latency <time>", "per-hop latency, e.g. 10ns (default 10ns)")
    .option("--gamma <time>", "reduction cost per byte at the receiver (default 0)")
    .option("--tx <n>", "transmitters per node, 0 = unlimited (default 0)")
    .option("--rx <n>", "receivers per node, 0 = unlimited (default 0)")
    .option("--laser-dbm <dBm>", "laser power per wavelength (default 10)")
    .option("--sensitivity-dbm <dBm>", "receiver sensitivity (default -20)")
    .option("--modulator-db <dB>", "modulator insertion loss (default 1)")
    .option("--drop-db <dB>", "drop filter loss (default 0.5)")
    .option("--coupler-db <dB>", "coupler loss, paid twice (default 1)")
    .option("--through-db <dB>", "loss per hop (default 0.01)")
    .option("-s, --size <bytes>", "vector size per node, e.g. 64MB or 1GiB (default 100MB)")
    .option("--elements <n>", "vector length in elements (instead of --size)")
    .option("--params <n>", "parameter count, e.g. 25.6M (instead of --size)")
    .option("--dtype <type>", "fp32 | fp16 | bf16 | fp64 | fp8 | int8 (default fp32)")
    .option("--mode <mode>", "async | lockstep (default async)")
    .option("--engine <engine>", "wasm | js (default wasm)");
}

const OUTPUT_FLAGS = new Set(["json", "trace", "chromeTrace"]);

export function simulationSettings(opts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(opts).filter(([k, v]) => !OUTPUT_FLAGS.has(k) && v !== undefined));
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
          params: {},
        },
        network,
      )
    : undefined;
  const chrome = chromePath ? new ChromeTrace(chromePath, `${cfg.algorithm} all-reduce, ${cfg.nodes} nodes`, cfg.nodes) : undefined;
  const sinks = [jsonl?.onTransfer, chrome?.onTransfer].filter((f): f is (t: TransferRecord) => void => f !== undefined);
  try {
    const result = simulate({
      network,
      algorithm: cfg.algorithm,
      elements: w.elements,
      elementBytes: w.elementBytes,
      mode: cfg.mode,
      engine: cfg.engine,
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
  const title =
    net.type === "optical-ring"
      ? `${r.algorithm} all-reduce on a ${r.nodes}-node optical ring (${net.direction}, ${net.wavelengths} wavelengths x ${Number(net.bandwidth) / 1e9} Gb/s)`
      : `${r.algorithm} all-reduce on a ${r.nodes}-node ${net.type} network`;
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(", ");
  const pairs: [string, string][] = [
    ["vector", `${formatBytes(r.size)} (${int(r.elements)} x ${r.elementBytes}-byte elements)`],
    ["mode / engine", `${r.mode} / ${r.engine}`],
    ["time", formatTime(r.time)],
    ["closed form", r.closedForm === null ? "-" : `${formatTime(r.closedForm)} (lockstep, no contention)`],
    ["steps", int(r.steps)],
    ["transfers", int(r.transfers)],
    ["bytes moved", formatBytes(r.bytesMoved)],
    ["peak wavelengths", `${r.peakWavelengths} of ${net.wavelengths ?? 1}`],
    ["waiting for channels", formatTime(r.waitTime) + " (summed over transfers)"],
    ["longest lightpath", `${r.maxHops} hop${r.maxHops === 1 ? "" : "s"}, ${r.maxHopLossDb.toFixed(2)} dB loss`],
  ];
  if (params) pairs.splice(2, 0, ["parameters", params]);
  return `${title}\n${formatPairs(pairs)}`;
}
