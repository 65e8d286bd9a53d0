// A user's DNN as a YAML or JSON file of layers, in forward order:
//   name: my-model
//   sample: 2048-token sequence        (optional: what one sample is)
//   batch: 4                           (optional: samples per device per iteration, default 1)
//   layers:
//     - { name: embed, params: 51.5M, forwardFlops: 0 }
//     - { name: block.0, params: 12.6M, forwardFlops: 52G, backwardFlops: 104G }
// `params` is a count (25.6M, 1.5B or a plain integer); FLOPs are per sample, plain numbers or
// counts with K, M, G or T; backwardFlops defaults to twice the forward. Every field goes through
// the one validation layer, so a bad value is refused naming the layer's field.
import { z } from "zod";
import { InputError } from "../core/errors.js";
import { readDataFile } from "../io/dataFile.js";
import { parseCount } from "../core/units.js";
import { count, parseOrThrow } from "../validation/fields.js";
import { BACKWARD_FACTOR, type LayeredModel } from "./layers.js";

/** A FLOP count: at least 0, a plain number or a count with K, M, G (or B) or T. */
const flops = () =>
  z.unknown().transform((raw, ctx) => {
    let v = Number.NaN;
    try {
      if (typeof raw === "number") v = raw;
      else if (typeof raw === "string") v = parseCount(raw);
    } catch {
      // refused below with the accepted form
    }
    if (!(v >= 0 && Number.isFinite(v))) {
      ctx.issues.push({ code: "custom", message: "a FLOP count of at least 0, such as 4.1G, 350M or 2e9", input: raw });
      return z.NEVER;
    }
    return v;
  });

const LAYER = z
  .object({
    name: z.string().min(1),
    params: count(0, Number.MAX_SAFE_INTEGER, "a parameter count (25.6M, 1.5B or an integer)"),
    forwardFlops: flops(),
    backwardFlops: flops().optional(),
  })
  .strict();

const FILE = z
  .object({
    name: z.string().min(1).optional(),
    sample: z.string().optional(),
    /** Samples per device per iteration (default 1). */
    batch: count(1, 1e9, "a batch size (samples per device)").optional(),
    layers: z.array(LAYER).min(1),
  })
  .strict();

/** Validates a parsed layer file (`source` names it in messages). */
export function layeredModelFrom(data: unknown, source: string): LayeredModel {
  const f = parseOrThrow(FILE, data, (path) => `${source}: ${path.replace(/^layers\.(\d+)/, "layers[$1]")}`);
  const layers = f.layers.map((l) => ({
    name: l.name,
    params: l.params,
    forwardFlops: l.forwardFlops,
    backwardFlops: l.backwardFlops ?? BACKWARD_FACTOR * l.forwardFlops,
  }));
  if (layers.every((l) => l.params === 0)) throw new InputError(`${source}: layers`, "no parameters", "at least one layer with parameters");
  return { name: f.name ?? source, sample: f.sample ?? "sample", ...(f.batch !== undefined ? { batch: f.batch } : {}), layers };
}

/** Reads a layer file (YAML, or JSON by extension); `field` is the flag that named it. */
export function readLayerFile(path: string, field = "--layers"): LayeredModel {
  return layeredModelFrom(readDataFile(path, field, "YAML or JSON file of layers"), path);
}
