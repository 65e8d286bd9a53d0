// Sweep files: a base of fixed settings and axes over any run setting (lists, linear and log
// ranges), crossed, with optional zipped axes that vary together. Expansion is deterministic:
// the first axis varies slowest, and every point has a stable index and id.
import { createHash } from "node:crypto";
import { z } from "zod";
import { runFields } from "../config/runConfig.js";
import { trainFields } from "../config/trainConfig.js";
import { InputError } from "../core/errors.js";
import { closestName } from "../core/suggest.js";
import { validateSweep } from "./validate.js";
import { FAULT_KEYS } from "../config/faultConfig.js";
import { readDataFile } from "../io/dataFile.js";
import { parseBandwidth, parseBytes, parseCount, parseNumber, parseTime } from "../core/units.js";

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** An axis value; null leaves the setting unset at that point (one that does not apply there). */
const axisValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const rangeEnd = z.union([z.string(), z.number()]);

const axisSchema = z.union([
  z.array(axisValue).min(1),
  z.object({ from: rangeEnd, to: rangeEnd, step: rangeEnd.optional(), points: z.number().int().min(1).optional(), round: z.number().positive().optional() }).strict(),
  z.object({ log: z.tuple([rangeEnd, rangeEnd]), points: z.number().int().min(2), round: z.number().positive().optional() }).strict(),
]);

const plotSchema = z
  .object({
    file: z.string().min(1),
    x: z.string(),
    y: z.string().default("time"),
    color: z.string().optional(),
    facet: z.string().optional(),
    logX: z.boolean().default(false),
    logY: z.boolean().default(false),
    title: z.string().optional(),
  })
  .strict();

export const sweepSchema = z
  .object({
    name: z.string().regex(/^[\w.-]+$/, "a name of letters, digits, '.', '_' or '-'").optional(),
    description: z.string().optional(),
    base: z.record(z.string(), scalar).default({}),
    axes: z.record(z.string(), axisSchema).refine((a) => Object.keys(a).length > 0, "at least one axis"),
    zip: z.array(z.array(z.string()).min(2)).default([]),
    output: z.string().optional(),
    plots: z.array(plotSchema).default([]),
  })
  .strict();

export type SweepFile = z.output<typeof sweepSchema>;
export type PlotSpec = z.output<typeof plotSchema>;

export interface SweepPoint {
  /** Position in the expanded sweep (first axis slowest). */
  index: number;
  /** Hash of the point's full settings. */
  id: string;
  /** The axis values of this point, as expanded (null: the setting is left unset). */
  values: Record<string, string | number | boolean | null>;
  /** base + values: what the simulation is given. */
  settings: Record<string, string | number | boolean>;
}

export interface Sweep {
  file: SweepFile;
  /** Whether the sweep names a collective (in base or axes): its rows then say which. */
  namesCollective: boolean;
  /** Whether the sweep names a training strategy (in base or axes): its points are training iterations. */
  training: boolean;
  /** Whether the sweep sets faults or variability (in base or axes): its rows then carry a faults column. */
  faulty: boolean;
  /** Hash of base, axes and zip: rows carry it, so resume and merge never mix sweeps. */
  hash: string;
  axisNames: string[];
  points: SweepPoint[];
}

/** Largest sweep expanded in memory (points are small; this guards against typos like 1e9 points). */
export const MAX_POINTS = 1_000_000;

const KNOWN = new Set([...Object.keys(runFields), ...Object.keys(trainFields)]);

/** Algorithm names a sweep's base or axis gives (a single value or a list): the file: ones must be loaded before the points are checked. */
export function algorithmsNamed(...values: unknown[]): string[] {
  return values.flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v])).filter((v): v is string => typeof v === "string");
}

export function readSweepFile(path: string): SweepFile {
  return parseSweep(readDataFile(path, "sweep file", "JSON or YAML file"));
}

/** What each part of a sweep file holds, in plain words (for errors). */
function expected(path: (string | number)[]): string {
  const [top, , third] = path;
  switch (top) {
    case undefined:
      return "a sweep: a mapping with axes (and optionally name, description, base, zip, output, plots)";
    case "name":
      return "a name of letters, digits, '.', '_' or '-'";
    case "description":
    case "output":
      return "a string";
    case "base":
      return "a mapping of run settings to single values, e.g. base: { nodes: 1024 }";
    case "axes":
      return "a mapping of run settings to a list of values, a linear range { from, to, step } or { from, to, points }, or a log range { log: [from, to], points }";
    case "zip":
      return "a list of lists of axis names, e.g. zip: [[alpha, hopLatency]]";
    case "plots":
      return third === undefined
        ? "a list of plots, each { file, x, y, color, facet, logX, logY, title }"
        : `${String(third)} as in { file: x.svg, x: size, y: time, color: algorithm, facet: nodes, logX: true, logY: true, title: "..." }`;
    default:
      return "name, description, base, axes, zip, output, plots";
  }
}

export function parseSweep(raw: unknown): SweepFile {
  if (raw === undefined || raw === null) throw new InputError("sweep file", "an empty file", expected([]), `sweep file: it is empty; expected ${expected([])}`);
  const r = sweepSchema.safeParse(raw, { reportInput: true });
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path as (string | number)[];
    if (issue.code === "unrecognized_keys") {
      const key = (issue as { keys: string[] }).keys[0];
      const where = path.length === 0 ? "sweep" : `sweep ${path.join(".")}`;
      throw new InputError(where, key, path.length === 0 ? "name, description, base, axes, zip, output, plots" : expected(path));
    }
    // a missing key is reported at the key itself
    const value = issue.input === undefined ? "nothing" : issue.input;
    throw new InputError(`sweep ${path.join(".") || "file"}`, value, issue.code === "custom" && path[0] === "axes" && path.length === 1 ? "at least one axis" : expected(path));
  }
  const file = r.data;
  for (const key of [...Object.keys(file.base), ...Object.keys(file.axes)]) {
    if (!KNOWN.has(key)) throw new InputError(`sweep setting`, key, `a run setting (${[...KNOWN].join(", ")})`, undefined, closestName(key, [...KNOWN]));
  }
  for (const key of Object.keys(file.axes)) if (key in file.base) throw new InputError(`sweep axes.${key}`, key, "a setting not also fixed in base");
  const zipped = new Set<string>();
  for (const group of file.zip) {
    for (const key of group) {
      if (!(key in file.axes)) throw new InputError("sweep zip", key, "the name of an axis");
      if (zipped.has(key)) throw new InputError("sweep zip", key, "an axis in at most one zip group");
      zipped.add(key);
    }
  }
  return file;
}

/** Numeric value of a range end: units allowed for sizes, rates and times. */
function rangeNumber(key: string, v: string | number): number {
  if (typeof v === "number") return v;
  const field = `sweep axes.${key}`;
  if (key === "size") return parseBytes(v, field);
  if (/bandwidth/i.test(key)) return parseBandwidth(v, field);
  if (["alpha", "hopLatency", "switchLatency", "gamma"].includes(key)) return parseTime(v, field);
  if (INTEGER_KEYS.has(key)) return parseCount(v, field);
  return parseNumber(v, field);
}

/** Integer settings whose ranges round to whole numbers. */
const INTEGER_KEYS = new Set(["seed", "nodes", "wavelengths", "tx", "rx", "leafSize", "spines", "elements", "params", "groupSize", "hringGroup"]);

/**
 * Range values are decimals, as if typed: a linear range's float noise is dropped (1us + 3*1us is
 * 4e-6, not 4.000000000000001e-6) and a log range keeps 12 significant digits (1us..100us in
 * three points is 1e-6, 1e-5, 1e-4). Integer settings round to integers, sizes to 8 bytes, or to
 * the axis's own `round`.
 */
function decimal(v: number, digits: number): number {
  return Number(v.toPrecision(digits));
}

function expandAxis(key: string, axis: SweepFile["axes"][string]): (string | number | boolean | null)[] {
  if (Array.isArray(axis)) return axis;
  const round = (v: number, r?: number, digits = 15) => {
    const unit = r ?? (INTEGER_KEYS.has(key) ? 1 : key === "size" ? 8 : undefined);
    return unit === undefined ? decimal(v, digits) : decimal(Math.round(v / unit) * unit, 15);
  };
  if ("log" in axis) {
    const a = rangeNumber(key, axis.log[0]);
    const b = rangeNumber(key, axis.log[1]);
    if (!(a > 0 && b > 0)) throw new InputError(`sweep axes.${key}.log`, axis.log, "two positive ends");
    const out: number[] = [];
    for (let i = 0; i < axis.points; i++) out.push(round(a * (b / a) ** (i / (axis.points - 1)), axis.round, 12));
    return [...new Set(out)];
  }
  const from = rangeNumber(key, axis.from);
  const to = rangeNumber(key, axis.to);
  if (axis.step !== undefined) {
    const step = rangeNumber(key, axis.step);
    if (!(step > 0) || to < from) throw new InputError(`sweep axes.${key}`, axis, "from <= to and a positive step");
    const count = Math.floor((to - from) / step + 1e-9) + 1;
    if (count > MAX_POINTS) throw new InputError(`sweep axes.${key}`, axis, `at most ${MAX_POINTS} values`);
    return Array.from({ length: count }, (_, i) => round(from + i * step, axis.round));
  }
  const points = axis.points ?? 2;
  return [...new Set(Array.from({ length: points }, (_, i) => round(points === 1 ? from : from + ((to - from) * i) / (points - 1), axis.round)))];
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

export function hashOf(v: unknown): string {
  return createHash("sha256").update(canonical(v)).digest("hex").slice(0, 12);
}

/**
 * Expands the axes into points (a cross product over axes and zip groups) and checks every point
 * and plot (src/sweep/validate.ts) before anything runs.
 */
export function expandSweep(file: SweepFile): Sweep {
  const axisNames = Object.keys(file.axes);
  const values = new Map(axisNames.map((k) => [k, expandAxis(k, file.axes[k])]));
  // dimensions: each zip group once (at its first axis), every other axis alone
  const dims: string[][] = [];
  const seen = new Set<string>();
  for (const key of axisNames) {
    if (seen.has(key)) continue;
    const group = file.zip.find((g) => g.includes(key)) ?? [key];
    const lengths = group.map((k) => (values.get(k) as unknown[]).length);
    if (new Set(lengths).size > 1) throw new InputError("sweep zip", group.join(","), `axes of equal length (they have ${lengths.join(", ")} values)`);
    group.forEach((k) => seen.add(k));
    dims.push(group);
  }
  const total = dims.reduce((n, g) => n * (values.get(g[0]) as unknown[]).length, 1);
  if (total > MAX_POINTS) throw new InputError("sweep axes", `${total} points`, `at most ${MAX_POINTS} points`);
  const points: SweepPoint[] = [];
  for (let index = 0; index < total; index++) {
    let rest = index;
    const v: Record<string, string | number | boolean | null> = {};
    for (let d = dims.length - 1; d >= 0; d--) {
      const len = (values.get(dims[d][0]) as unknown[]).length;
      const i = rest % len;
      rest = Math.floor(rest / len);
      for (const k of dims[d]) v[k] = (values.get(k) as (string | number | boolean | null)[])[i];
    }
    const ordered = Object.fromEntries(axisNames.map((k) => [k, v[k]]));
    const settings = Object.fromEntries(Object.entries({ ...file.base, ...ordered }).filter(([, x]) => x !== null)) as Record<string, string | number | boolean>;
    points.push({ index, id: hashOf(settings), values: ordered, settings });
  }
  const namesCollective = "collective" in file.base || "collective" in file.axes;
  const training = "strategy" in file.base || "strategy" in file.axes;
  const faulty = FAULT_KEYS.some((k) => k in file.base || k in file.axes);
  const sweep: Sweep = { file, namesCollective, training, faulty, hash: hashOf({ base: file.base, axes: file.axes, zip: file.zip }), axisNames, points };
  validateSweep(sweep);
  return sweep;
}
