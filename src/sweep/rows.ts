// Sweep result rows: one per point, the same columns in CSV and JSONL, sorted by point index.
// Rows hold no wall-clock data, so the same sweep gives byte-identical files however it ran.
import { readFileSync } from "node:fs";
import { csvFormatRows, csvParse } from "d3-dsv";
import { InputError } from "../core/errors.js";

/** A cell: a value, or (params) an object, written as JSON text in CSV and as an object in JSONL. */
export type Cell = string | number | boolean | null | Record<string, unknown>;
export type Row = Record<string, Cell>;

/** What a simulation contributes to a row, after the sweep, point, id and axis columns. */
export const RESULT_COLUMNS = [
  "algorithm", "network", "nodes", "size", "dtype", "status", "time", "closedForm", "steps", "transfers", "bytesMoved",
  "waitTime", "peakWavelengths", "wavelengthsNeeded", "maxHops", "maxHopLossDb", "retunes", "energy", "energyDynamic", "energyStatic", "pjPerBit", "energyParts", "params", "error",
] as const;

/** Columns a sweep that names a collective adds before the algorithm: which, and nccl-tests' bus bandwidth (bytes/s). */
export const COLLECTIVE_COLUMNS = ["collective", "busBandwidth"] as const;

/** What a training iteration contributes to a row (sweeps that name a strategy). */
export const TRAIN_COLUMNS = [
  "model", "strategy", "algorithm", "network", "nodes", "batch", "deviceTflops", "bucketBytes", "status", "iteration", "compute", "communication", "exposed", "overlap",
  "collectives", "transfers", "bytesMoved", "waitTime", "peakWavelengths", "energy", "energyDynamic", "energyStatic", "error",
] as const;

/**
 * The columns of a sweep's rows. Sweeps of all-reduce alone (no collective in base or axes) keep
 * the first release's columns, so their results files stay comparable.
 */
export function columnsFor(axisNames: readonly string[], withCollective = false, training = false, withFaults = false): string[] {
  const head = ["sweep", "point", "id", ...axisNames];
  const results: string[] = training ? [...TRAIN_COLUMNS] : withCollective ? [...COLLECTIVE_COLUMNS, ...RESULT_COLUMNS] : [...RESULT_COLUMNS];
  // sweeps with faults or variability say which were in force (random ones as drawn)
  if (withFaults) results.splice(results.indexOf("error"), 0, "faults");
  return [...head, ...results.filter((c) => !head.includes(c))];
}

export type Format = "csv" | "jsonl";

export function formatOf(path: string): Format {
  if (/\.csv$/i.test(path)) return "csv";
  if (/\.jsonl$/i.test(path)) return "jsonl";
  throw new InputError("--out", path, "a file name ending in .csv or .jsonl");
}

/** One row as a JSON line, keys in column order. */
export function jsonLine(row: Row, columns: readonly string[]): string {
  return JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c] ?? null]))) + "\n";
}

export function renderRows(rows: Row[], columns: readonly string[], format: Format): string {
  const sorted = [...rows].sort((a, b) => Number(a.point) - Number(b.point));
  if (format === "jsonl") return sorted.map((r) => jsonLine(r, columns)).join("");
  const cell = (v: Cell | undefined) => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
  return csvFormatRows([[...columns], ...sorted.map((r) => columns.map((c) => cell(r[c])))]) + "\n";
}

/** Rows of a results file (CSV cells stay strings, so rewriting reproduces them byte for byte). */
export function readRows(path: string): { columns: string[]; rows: Row[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new InputError("results file", path, "a readable .csv or .jsonl file");
  }
  if (formatOf(path) === "csv") {
    const parsed = csvParse(text);
    return { columns: parsed.columns, rows: parsed.map((r) => ({ ...r }) as Row) };
  }
  const rows = parseJsonLines(text, path);
  return { columns: rows.length > 0 ? Object.keys(rows[0]) : [], rows };
}

/** Complete JSON lines; a torn last line (a write cut short by kill -9) is dropped. */
export function parseJsonLines(text: string, path = "journal"): Row[] {
  const rows: Row[] = [];
  // the piece after the last newline is empty, or a line cut short: either way not a row
  const complete = text.split("\n").slice(0, -1);
  complete.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      rows.push(JSON.parse(line) as Row);
    } catch {
      throw new InputError(path, `line ${i + 1}`, "one JSON object per line");
    }
  });
  return rows;
}
