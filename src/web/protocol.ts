// Messages between the page and the simulation worker. Settings travel as the strings a person
// typed, keyed as the CLI's options are (parseRunConfig validates them in the worker).
import type { SimulationResult } from "../api/simulate.js";
import type { VegaLiteSpec } from "../plot/svg.js";
import type { WrhtPlan } from "../algorithms/wrhtPlan.js";
import type { RunSummary } from "../api/runSummary.js";

export type Settings = Record<string, string>;

export type Request =
  | { type: "run"; id: number; settings: Settings }
  | { type: "step"; id: number; step: number }
  /** Every other algorithm of the collective (the page asks a second worker, so drawing stays quick). */
  | { type: "compare"; id: number; settings: Settings; algorithm: string; time: number; transfers: number };

/** One lightpath of a step, as the ring drawing needs it. */
export interface DrawnPath {
  src: number;
  dst: number;
  hops: number;
  dir: "cw" | "ccw";
  /** One wavelength per segment (several only for regenerated lightpaths). */
  channels: number[];
  /** Hops per segment (the last may be shorter). */
  segmentHops: number;
  start: number;
  finish: number;
}

/** A step's lightpaths: each one, or per link when there are too many to draw one by one. */
export interface StepDrawing {
  step: number;
  /** Lightpaths in the step. */
  count: number;
  start: number | null;
  end: number | null;
  paths?: DrawnPath[];
  /** Aggregated: per direction and link bin, lightpaths crossing and the highest wavelength among them. */
  links?: { bins: number; cw: { count: Int32Array; top: Int32Array }; ccw: { count: Int32Array; top: Int32Array } };
  /** The highest wavelength index in the step, plus one. */
  wavelengths: number;
}

export interface CompareEntry {
  algorithm: string;
  time: number | null;
  transfers?: number;
  /** Why there is no time (infeasible, or too large to run in the page). */
  note?: string;
}

export interface PlanView {
  /** Why there is no plan (alltoall, a network WRHT cannot run on, no feasible m). */
  note?: string;
  plan?: WrhtPlan;
  /** The chosen plan's wavelengths (channels) on its busiest link, over every step it takes. */
  wavelengths?: number;
  candidates?: { groupSize: number; time: number; feasible: boolean; nearTie: boolean; wavelengths: number; hops: number; problem?: string }[];
  forced: boolean;
}

export type Reply =
  | { type: "progress"; id: number; phase: string; done: number; total: number; unit: "transfers" | "algorithms" }
  | { type: "result"; id: number; result: SimulationResult; summary: RunSummary; optical: boolean; stepCounts: number[]; drawable: boolean; note?: string; plan: PlanView; occupancy?: { spec: VegaLiteSpec; note: string } }
  | { type: "compare"; id: number; entries: CompareEntry[]; done: boolean; spec?: VegaLiteSpec }
  | { type: "step"; id: number; drawing: StepDrawing }
  | { type: "error"; id: number; message: string; field?: string };
