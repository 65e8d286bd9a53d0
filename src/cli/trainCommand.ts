// `wrht-sim train`: one training iteration (DDP or FSDP) of a layer-wise model on a network.
import { faultsText } from "../faults/faultSet.js";
import type { Command } from "commander";
import { csvFormatRows } from "d3-dsv";
import { type TrainConfig, DEFAULT_TRAIN_ALGORITHM, DEFAULT_TRAIN_MODEL, STRATEGY_COLLECTIVES, parseTrainConfig, trainConfigured } from "../config/trainConfig.js";
import { buildNetwork } from "../config/runConfig.js";
import type { TransferRecord } from "../engine/engine.js";
import { ChromeTrace } from "../trace/chromeTrace.js";
import { JsonlTrace } from "../trace/jsonlTrace.js";
import { DEFAULT_DEVICE_TFLOPS, type TrainResult } from "../api/train.js";
import { flagName } from "../validation/fields.js";
import { formatBytes, formatTime } from "../core/units.js";
import { describeEnergy, networkPairs } from "../api/runSummary.js";
import { type Progress, progressBar } from "./progress.js";
import { addNetworkOptions, isSlow, noteDefaultSeed, simulationSettings } from "./runCommand.js";
import { formatPairs, formatTable, int } from "./table.js";
import type { Network } from "../network/network.js";
import { COLLECTIVE_NAMES } from "../core/collectives.js";

const OUTPUTS = ["json", "csv", "trace", "chromeTrace", "all", "progress"];

/** What `overlap` measures, where it is printed. */
export const OVERLAP_NOTE =
  "overlap: the time some transfer is in flight while compute runs (the same for every algorithm whose communication outlasts the backward pass, which keeps the stream busy from the first bucket on)";

export function trainCommand(program: Command): void {
  addNetworkOptions(
    program
      .command("train")
      .description("simulate one training iteration: DDP or FSDP collectives overlapping the compute of a layer-wise model")
      .option("-m, --model <name|file>", `a catalogue model or a YAML/JSON file of layers (default ${DEFAULT_TRAIN_MODEL}; see wrht-sim models --layers)`)
      .option("--strategy <name>", "ddp (bucketed all-reduce during backward) | fsdp (ZeRO-3: all-gather before each layer, reduce-scatter after) (default ddp)")
      .option("-a, --algorithm <name>", `the algorithm of every collective the strategy issues (default ${DEFAULT_TRAIN_ALGORITHM})`)
      .option("--collective-algorithms <list>", "per-collective algorithms, e.g. allgather=ring,reducescatter=rh")
      .option("--bucket-size <bytes>", "ddp: gradient bucket cap (default 25MiB, PyTorch's bucket_cap_mb=25)")
      .option("--device-tflops <n>", `sustained device throughput in TFLOP/s (default ${DEFAULT_DEVICE_TFLOPS}: an A100 at 40% of its BF16 peak)`)
      .option("--batch <n>", "samples per device per iteration (default: 32 images or 8 sequences for the catalogue, else 1)")
      .option("--dtype <type>", "gradient and parameter type: fp32 | fp16 | bf16 | fp64 | fp8 | int8 (default fp32)")
      .option("--jitter-compute", "every node's every layer pass draws its time from --jitter too (stragglers in --slow always compute slower)"),
  )
    .option("--json", "print the result as one JSON object (every collective and compute slice)")
    .option("--csv", "print the summary as one CSV row with a header")
    .option("--all", "list every collective (the table shows the first and last 10)")
    .option("--trace <file.jsonl>", "write every transfer as JSON lines, with a schedule index per line (held in memory until the end)")
    .option("--chrome-trace <file.json>", "write a Trace Event Format file: each node's compute and transfers (Perfetto)")
    .option("--progress", "show a progress bar even when stderr is not a terminal")
    .addHelpText(
      "after",
      `
Examples:
  wrht-sim train --model gpt2-xl --strategy ddp -n 1024
  wrht-sim train --model resnet50 --strategy fsdp -a ring --network star -n 64
  wrht-sim train -m bert-large --bucket-size 50MB --device-tflops 300 --json
  wrht-sim train -m examples/transformer-8l.yaml --strategy fsdp --collective-algorithms allgather=ring,reducescatter=rh -n 256
  wrht-sim train -m alexnet -n 16 --chrome-trace iteration.json
  wrht-sim train -m resnet50 -n 1024 --slow 7:2 --jitter lognormal:0.1 --jitter-compute --seed 3`,
    )
    .action((opts: Record<string, unknown>) => {
      const cfg = parseTrainConfig(simulationSettings(opts, OUTPUTS), flagName);
      noteDefaultSeed(cfg.run.faults);
      const network = buildNetwork(cfg.run);
      const result = trainWithTraces(cfg, network, {
        trace: opts.trace as string | undefined, chromeTrace: opts.chromeTrace as string | undefined, progress: opts.progress === true ? true : undefined,
      });
      if (opts.json) process.stdout.write(JSON.stringify({ ...result, network: network.describe(), dtype: cfg.run.dtype }) + "\n");
      else if (opts.csv) process.stdout.write(csvFormatRows([TRAIN_CSV_COLUMNS, trainCsvRow(result, network)]) + "\n");
      else process.stdout.write(describeTraining(result, cfg, network, opts.all === true) + "\n");
    });
}

function trainWithTraces(cfg: TrainConfig, network: Network, out: { trace?: string; chromeTrace?: string; progress?: boolean }): TrainResult {
  // a bar once the engine reports the iteration's size, when it is long enough to watch (as run's)
  let bar: Progress | undefined;
  const onProgress = (done: number, total: number) => {
    bar ??= progressBar(total, "train", out.progress ?? (isSlow(total, cfg.run.engine) && process.stderr.isTTY === true), "transfers");
    bar.update(done);
  };
  let jsonl: JsonlTrace | undefined;
  // the collectives' labels, filled in once the iteration is planned
  const labels: string[] = [];
  const chrome = out.chromeTrace ? new ChromeTrace(out.chromeTrace, `${cfg.model.name} ${cfg.strategy}, ${network.nodes} nodes`, labels) : undefined;
  const sinks: ((t: TransferRecord) => void)[] = [];
  if (out.trace) {
    jsonl = new JsonlTrace(out.trace, undefined, network);
    sinks.push(jsonl.onTransfer);
  }
  if (chrome) sinks.push(chrome.onTransfer);
  try {
    const result = trainConfigured(cfg, {
      network,
      fieldName: flagName,
      onProgress,
      onTransfer: sinks.length === 0 ? undefined : (t) => sinks.forEach((f) => f(t)),
      onSchedules: (list, calls) => {
        jsonl?.useSchedules(list);
        labels.push(...calls.map((c) => c.label));
      },
    });
    jsonl?.commit(
      { time: Math.max(...result.collectives.map((c) => c.done)), iteration: result.iteration, transfers: result.transfers, bytesMoved: result.bytesMoved, waitTime: result.waitTime, energy: result.energy.total, compute: result.compute, exposed: result.exposed },
      {
        type: "header", version: 1, collective: STRATEGY_COLLECTIVES[cfg.strategy][0], algorithm: cfg.algorithms[STRATEGY_COLLECTIVES[cfg.strategy][0]],
        nodes: network.nodes, elements: Math.max(...result.collectives.map((c) => c.elements)), elementBytes: cfg.elementBytes, network: network.describe(),
        mode: "async", grants: cfg.run.grants, ...(network.kind === "optical-ring" ? { routing: cfg.run.routing } : {}), params: { strategy: cfg.strategy, model: cfg.model.name },
        ...(result.faults ? { faults: result.faults } : {}),
        schedules: result.collectives.map((c) => ({ collective: c.collective, algorithm: c.algorithm, elements: c.elements, release: c.release, stream: c.stream })),
      },
    );
    if (chrome) {
      for (let node = 0; node < network.nodes; node++) {
        for (const s of result.computeSlices) chrome.compute(node, `${s.pass} ${s.name}`, s.start, s.end, { layer: s.layer });
      }
      chrome.commit();
    }
    bar?.stop();
    return result;
  } catch (e) {
    bar?.stop();
    jsonl?.abort();
    chrome?.abort();
    throw e;
  }
}

export const TRAIN_CSV_COLUMNS = [
  "model", "strategy", "network", "nodes", "injectionBandwidth", "algorithms", "batch", "deviceTflops", "bucketBytes", "iteration", "compute", "communication", "exposed", "overlap",
  "collectives", "transfers", "bytesMoved", "waitTime", "peakWavelengths", "energy", "energyDynamic", "energyStatic",
];

function trainCsvRow(r: TrainResult, network: Network): string[] {
  const algorithms = STRATEGY_COLLECTIVES[r.strategy].map((c) => `${c}=${r.algorithms[c]}`).join(" ");
  const cells = [
    r.model, r.strategy, network.kind, r.nodes, r.injectionBandwidth, algorithms, r.batch, r.deviceTflops, r.bucketBytes ?? null, r.iteration, r.compute, r.communication, r.exposed, r.overlap,
    r.collectives.length, r.transfers, r.bytesMoved, r.waitTime, r.peakWavelengths, r.energy.total, r.energy.dynamic, r.energy.static,
  ];
  return cells.map((v) => (v === null ? "" : String(v)));
}

export function describeTraining(r: TrainResult, cfg: TrainConfig, network: Network, all: boolean): string {
  const issued = STRATEGY_COLLECTIVES[r.strategy].map((c) => `${r.algorithms[c]} ${COLLECTIVE_NAMES[c]}`).join(", ");
  const where = network.kind === "optical-ring" ? `an optical ring of ${r.nodes} nodes, ${cfg.run.wavelengths} wavelengths` : `a ${network.kind} of ${r.nodes} nodes`;
  const cap = cfg.bucketSize ?? "25MiB (the first 1MiB)";
  const what = r.strategy === "ddp" ? `${r.collectives.length} buckets, cap ${cap}` : `${r.collectives.length} collectives on 2 streams`;
  const pct = (x: number) => `${((100 * x) / r.iteration).toFixed(1)}% of the iteration`;
  const lines = [
    `${r.model}, ${r.strategy.toUpperCase()} on ${where}: ${issued}; ${what}`,
    formatPairs([
      ...networkPairs(network.describe(), { bandwidth: r.injectionBandwidth, text: r.injection }),
      ...(r.faults ? [["faults", faultsText(r.faults, network.nodes) ?? ""] as [string, string]] : []),
      ["grants", `${cfg.run.grants}${cfg.run.engine === "js" ? " (reference engine)" : ""}`],
      ["iteration", formatTime(r.iteration)],
      ["compute", `${formatTime(r.compute)}  (${r.batch} x ${cfg.model.sample} per device at ${r.deviceTflops} TFLOP/s; ${pct(r.compute)})`],
      ["communication", `${formatTime(r.communication)}  (some transfer in flight)`],
      ["exposed", `${formatTime(r.exposed)}  (the iteration minus compute: ${pct(r.exposed)})`],
      ["overlap", `${formatTime(r.overlap)}  (transfers in flight while compute runs)`],
      ["transfers", int(r.transfers)],
      ...(r.peakWavelengths !== null ? ([["peak wavelengths", `${r.peakWavelengths} of ${cfg.run.wavelengths}`]] as [string, string][]) : []),
      ["energy", `${describeEnergy(r.energy)}; the network's, over the whole iteration`],
    ]),
  ];
  const rows = r.collectives.map((c, k) => [String(k), c.label, c.algorithm, String(c.stream), formatBytes(c.bytes), formatTime(c.release), formatTime(c.done), formatTime(c.time)]);
  const shown = all || rows.length <= 20 ? rows : [...rows.slice(0, 10), ["...", `${rows.length - 20} more (--all lists them)`, "", "", "", "", "", ""], ...rows.slice(-10)];
  lines.push("", formatTable(["#", "collective", "algorithm", "stream", "size", "released", "done", "time"], shown));
  return lines.join("\n");
}
