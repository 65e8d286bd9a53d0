// The library's front door: build a schedule, run it on an engine, report the result.
import { type AlgorithmOptions, getAlgorithm } from "./algorithms/index.js";
import type { EngineName, EngineOutput, Mode, TransferRecord } from "./engine/engine.js";
import { ReferenceEngine } from "./engine/referenceEngine.js";
import { WasmEngine } from "./engine/wasmEngine.js";
import type { Network } from "./network/network.js";
import type { Schedule } from "./schedule.js";

export interface SimulateOptions {
  network: Network;
  /** An algorithm name from the catalogue, or a ready-made schedule. */
  algorithm: string | Schedule;
  /** Vector length in elements. */
  elements: number;
  /** Bytes per element (default 4, fp32). */
  elementBytes?: number;
  mode?: Mode;
  engine?: EngineName;
  options?: AlgorithmOptions;
  /** The schedule already built for `algorithm` (to read its parameters first). */
  schedule?: Schedule;
  onTransfer?: (t: TransferRecord) => void;
}

export interface SimulationResult {
  algorithm: string;
  params: Record<string, number | string | boolean>;
  nodes: number;
  elements: number;
  elementBytes: number;
  /** Vector size D in bytes. */
  size: number;
  mode: Mode;
  engine: EngineName;
  /** Completion time, seconds. */
  time: number;
  /** Closed-form lockstep time without contention, seconds (null for custom schedules). */
  closedForm: number | null;
  steps: number;
  transfers: number;
  bytesMoved: number;
  waitTime: number;
  peakWavelengths: number;
  maxHops: number;
  maxHopLossDb: number;
  stepTimes: { start: number | null; end: number | null }[];
  network: Record<string, string | number | boolean>;
}

export const ENGINES = {
  wasm: () => new WasmEngine(),
  js: () => new ReferenceEngine(),
} as const;

export function buildSchedule(network: Network, algorithm: string, elements: number, elementBytes = 4, options: AlgorithmOptions = {}): Schedule {
  return getAlgorithm(algorithm).build(network, elements, elementBytes, options);
}

export function simulate(o: SimulateOptions): SimulationResult {
  const elementBytes = o.elementBytes ?? 4;
  const mode = o.mode ?? "async";
  const engineName = o.engine ?? "wasm";
  const schedule = o.schedule ?? (typeof o.algorithm === "string" ? buildSchedule(o.network, o.algorithm, o.elements, elementBytes, o.options) : o.algorithm);
  const out: EngineOutput = ENGINES[engineName]().run({ network: o.network, schedule, mode, elementBytes, onTransfer: o.onTransfer });
  const closedForm = typeof o.algorithm === "string" ? getAlgorithm(o.algorithm).closedForm(o.network, schedule, elementBytes) : null;
  return {
    algorithm: schedule.algorithm,
    params: { ...schedule.params },
    nodes: o.network.nodes,
    elements: schedule.elements,
    elementBytes,
    size: schedule.elements * elementBytes,
    mode,
    engine: engineName,
    time: out.time,
    closedForm,
    steps: schedule.steps,
    transfers: out.transfers,
    bytesMoved: out.bytes,
    waitTime: out.waitTime,
    peakWavelengths: out.peakWavelengths,
    maxHops: out.maxHops,
    maxHopLossDb: o.network.lossDb(out.maxHops),
    stepTimes: Array.from(out.stepStart, (s, i) => ({
      start: Number.isNaN(s) ? null : s,
      end: Number.isNaN(out.stepEnd[i]) ? null : out.stepEnd[i],
    })),
    network: o.network.describe(),
  };
}
