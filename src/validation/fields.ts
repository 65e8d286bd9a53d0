// Zod field types for the one validation layer: numbers with units, integers in range, names.
// Each accepts a number (base units: seconds, bits/s, bytes) or a string with units.
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { closestName } from "../core/suggest.js";
import { parseBandwidth, parseBytes, parseCount, parseNumber, parseTime } from "../core/units.js";

/** Largest node count any network accepts. */
export const MAX_NODES = 1 << 24;

/** Runs a unit parser inside zod; whatever fails, the issue says what the field accepts. */
function unitField(parse: (raw: string | number) => number, check: (v: number) => boolean, accepted: string) {
  // any input type reaches the parser, so NaN or an object gets the same message as a typo
  return z.unknown().transform((raw, ctx) => {
    let v: number;
    try {
      if (typeof raw !== "number" && typeof raw !== "string") throw new TypeError("not a number or string");
      v = parse(raw);
    } catch {
      ctx.issues.push({ code: "custom", message: accepted, input: raw });
      return z.NEVER;
    }
    if (!check(v)) {
      ctx.issues.push({ code: "custom", message: accepted, input: raw });
      return z.NEVER;
    }
    return v;
  });
}

export const positiveTime = (accepted = "a time of at least 0 with a unit, such as 20us, 10ns or 1.5ms") =>
  unitField((r) => parseTime(r), (v) => v >= 0 && Number.isFinite(v), accepted);

export const bandwidth = () =>
  unitField((r) => parseBandwidth(r), (v) => v > 0 && Number.isFinite(v), "a rate above 0 with a unit, such as 100Gbps, 400Gb/s or 12.5GB/s");

export const byteSize = () =>
  unitField((r) => parseBytes(r), (v) => v > 0 && Number.isFinite(v), "a size above 0 in bytes, such as 100MB (SI), 64MiB (IEC) or 4096; parameter counts go to --params");

/**
 * A size that must carry its unit (`25MiB`, `50MB`): where a bare number is a likely mistake, as
 * PyTorch's bucket_cap_mb=25 means 25 MiB while a bare 25 here would be 25 bytes.
 */
export const byteSizeWithUnit = (accepted: string) =>
  unitField(
    (r) => {
      if (typeof r === "number" || /^\s*[+-]?[\d.]+(e[+-]?\d+)?\s*$/i.test(r)) throw new TypeError("no unit");
      return parseBytes(r);
    },
    (v) => v > 0 && Number.isFinite(v),
    accepted,
  );

export const count = (min: number, max: number, what = "an integer") =>
  unitField(
    (r) => parseCount(r),
    (v) => Number.isInteger(v) && v >= min && v <= max,
    `${what} from ${min} to ${max}`,
  );

/** An integer count in [min, max], or the word "auto" (the program chooses). */
export const countOrAuto = (min: number, max: number, what: string) =>
  unitField(
    (r) => (r === "auto" ? NaN : parseCount(r)),
    (v) => Number.isNaN(v) || (Number.isInteger(v) && v >= min && v <= max),
    `auto or ${what} from ${min} to ${max}`,
  ).transform((v) => (Number.isNaN(v) ? ("auto" as const) : v));

/** A plain number in [min, max] (dB, dBm, ratios). */
export const numberIn = (min: number, max: number, what: string) =>
  unitField((r) => parseNumber(r, what), (v) => v >= min && v <= max, `${what} from ${min} to ${max}`);

export const decibels = (min = -1000, max = 1000, what = "a number of dB") => numberIn(min, max, what);

export const perByteTime = () =>
  unitField((r) => parseTime(r), (v) => v >= 0 && Number.isFinite(v), "a time per byte of at least 0 with a unit, such as 0.1ns");

/** One of a list of names; a typo is answered with the name it probably meant. */
export const choice = <T extends string>(values: readonly [T, ...T[]]) =>
  z.string().superRefine((v, ctx) => {
    if ((values as readonly string[]).includes(v)) return;
    ctx.addIssue({ code: "custom", message: `one of ${values.join(", ")}`, input: v, params: { suggestion: closestName(v, values) } });
  }) as unknown as z.ZodType<T>;

/** Parses `data` with `schema`, or throws an InputError for the first issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, fieldName: (path: string) => string = (p) => p): z.output<S> {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.map(String).join(".");
  let value: unknown = issue.input;
  let accepted = issue.message;
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as { keys: string[] }).keys;
    const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
    const suggestion = shape && !path ? closestName(keys[0], Object.keys(shape)) : undefined;
    throw new InputError(fieldName(path ? `${path}.${keys[0]}` : keys[0]), value === undefined ? keys[0] : "an unknown setting", "a known setting (see --help)", undefined, suggestion);
  }
  if (issue.code === "invalid_type" && issue.input === undefined) {
    value = undefined;
    accepted = `a value (${issue.message.replace(/^Invalid input: /, "")})`;
  }
  const suggestion = (issue as { params?: { suggestion?: string } }).params?.suggestion;
  throw new InputError(fieldName(path || "input"), value, accepted, undefined, suggestion);
}

/** `hopLatency` -> `--hop-latency`. */
export function flagName(key: string): string {
  return "--" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/** The entries of `o` that are not undefined (so spreading it over defaults keeps the defaults). */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A yes/no setting: true or false (or the words, as sweep files and environment give them). */
export const flag = () =>
  z.unknown().transform((raw, ctx) => {
    if (raw === true || raw === "true") return true;
    if (raw === false || raw === "false") return false;
    ctx.issues.push({ code: "custom", message: "true or false", input: raw });
    return z.NEVER;
  });
