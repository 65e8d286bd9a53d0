// Limits before work: how many transfers a run has and how much memory its engine will hold,
// estimated from the schedule's shape before anything is allocated.
import type { EngineName } from "../engine/engine.js";
import { STREAM_WINDOW } from "../engine/engine.js";
import { InfeasibleError } from "../core/errors.js";
import type { Network } from "../network/network.js";
import type { Schedule } from "../core/schedule.js";
import { formatBytes, formatDuration } from "../core/units.js";

/** Default ceiling on one simulation's memory. */
export const DEFAULT_MAX_MEMORY = 4 * 2 ** 30;
/** Default ceiling on one simulation's transfers: about ten minutes of engine work. */
export const DEFAULT_MAX_TRANSFERS = 1e10;
/**
 * Transfers per second the engines sustain on this kind of machine, conservatively (long
 * lightpaths and heavy contention are slower than Ring's one-hop grants): for time estimates.
 */
export const ENGINE_RATE = { wasm: 20e6, js: 0.2e6 } as const;
/** The WebAssembly kernel's linear memory cannot exceed the 32-bit address space. */
export const WASM_ADDRESS_SPACE = 4 * 2 ** 30 - 2 ** 16;

export interface RunEstimate {
  transfers: number;
  largestStep: number;
  /** Bytes the engine allocates, and the main parts of it. */
  memory: number;
  parts: { channels: number; transfers: number; nodes: number };
}

function pow2AtLeast(x: number): number {
  let c = 1024;
  while (c < x) c *= 2;
  return c;
}

export function estimateRun(net: Network, schedule: Schedule, engine: EngineName): RunEstimate {
  let transfers = 0;
  let largestStep = 0;
  for (let s = 0; s < schedule.steps; s++) {
    const n = schedule.stepSize(s);
    transfers += n;
    largestStep = Math.max(largestStep, n);
  }
  // transfers held at once: the window plus a step or two beyond it, at most the whole schedule
  const live = Math.min(transfers, STREAM_WINDOW + 2 * largestStep);
  let parts;
  if (engine === "wasm") {
    // slots (96 B) and queue (32 B) in a ring buffer of a power-of-two capacity; growing leaves
    // the outgrown buffer behind, so count it twice
    const capacity = pow2AtLeast(Math.max(2 * net.nodes, 2 * live));
    parts = {
      channels: net.channels * net.links * 8,
      transfers: 2 * capacity * (96 + 32),
      nodes: net.nodes * (32 + 8 * (net.tx + net.rx)) + schedule.steps * 28,
    };
  } else {
    parts = {
      channels: net.links * (net.channels * 8 + 96),
      transfers: live * 600,
      nodes: net.nodes * (160 + 8 * (net.tx + net.rx)) + schedule.steps * 16,
    };
  }
  return { transfers, largestStep, memory: parts.channels + parts.transfers + parts.nodes, parts };
}

/** Seconds of engine work a run is expected to take (an order of magnitude, not a promise). */
export function estimateSeconds(est: Pick<RunEstimate, "transfers">, engine: EngineName): number {
  return est.transfers / ENGINE_RATE[engine];
}

/**
 * A run beyond the limits (transfers, memory): valid settings that this run will not take on, so
 * comparisons and sweeps keep it as a row with the reason, and the way to lift the limit.
 */
export class LimitError extends InfeasibleError {
  constructor(field: string, value: unknown, accepted: string, message?: string) {
    super(field, value, accepted, message);
    this.name = "LimitError";
  }
}

/**
 * Refuses, with the estimate and the limit, a run that would not fit or would run too long;
 * `fieldName` names the settings that lift the limits as the caller's user knows them.
 */
export function checkLimits(est: RunEstimate, engine: EngineName, maxMemory: number, maxTransfers = DEFAULT_MAX_TRANSFERS, fieldName: (key: string) => string = (k) => k): void {
  if (est.transfers > maxTransfers) {
    const at = (n: number) => formatDuration(n / ENGINE_RATE[engine]);
    throw new LimitError(
      "transfers",
      est.transfers,
      `at most ${maxTransfers.toLocaleString("en-US")}`,
      `transfers: this run has ${est.transfers.toLocaleString("en-US")} transfers, about ${at(est.transfers)} of ${engine} engine work; ` +
        `the limit is ${maxTransfers.toLocaleString("en-US")} (about ${at(maxTransfers)}): raise ${fieldName("maxTransfers")} to run it anyway`,
    );
  }
  const detail = `about ${formatBytes(est.memory)} (channel table ${formatBytes(est.parts.channels)}, transfers in flight ${formatBytes(est.parts.transfers)}) for ${est.transfers.toLocaleString("en-US")} transfers`;
  if (engine === "wasm" && est.memory > WASM_ADDRESS_SPACE) {
    throw new LimitError("memory", `${detail}`, `at most ${formatBytes(WASM_ADDRESS_SPACE)}, the WebAssembly kernel's address space: use fewer wavelengths or nodes, or ${fieldName("engine")} js`);
  }
  if (est.memory > maxMemory) {
    throw new LimitError("memory", detail, `at most ${formatBytes(maxMemory)}; raise ${fieldName("maxMemory")} if the machine has it`);
  }
}
