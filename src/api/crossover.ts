// Where two algorithms trade places: the vector size at which their completion times are equal,
// found by bisection on the element count (each probe a full simulation).
import { algorithmMismatch, appliesToAlgorithm } from "../config/applicability.js";
import { type RunConfig, parseRunConfig, simulateConfig, workloadOf } from "../config/runConfig.js";
import { InputError } from "../core/errors.js";

export interface Crossover {
  a: string;
  b: string;
  /** Smallest size probed and largest, bytes. */
  from: number;
  to: number;
  /** Size at which the faster algorithm changes, bytes (null if it never does in range). */
  size: number | null;
  /** Which is faster below and above the crossover. */
  below: string;
  above: string;
  probes: number;
}

export function timeOf(cfg: RunConfig, algorithm: string, elements: number): number {
  return simulateConfig({ ...cfg, algorithm }, { elements }).time;
}

/** Bisects [from, to] bytes to within `tolerance` (relative) for the size where a and b swap. */
export function crossover(
  settings: Record<string, unknown>, a: string, b: string, from: number, to: number, tolerance = 1e-3, fieldName: (k: string) => string = (k) => k,
  onProbe?: (probes: number) => void,
): Crossover {
  if (a === b) throw new InputError(fieldName("algorithms"), `${a},${b}`, "two different algorithms", `${fieldName("algorithms")}: "${a},${b}" names one algorithm twice; a crossover needs two different ones`);
  // an algorithm's own settings (WRHT's group size) go to that algorithm only
  const own = (alg: string) => Object.fromEntries(Object.entries(settings).filter(([k]) => appliesToAlgorithm(k, alg)));
  for (const [k, v] of Object.entries(settings)) {
    if (!appliesToAlgorithm(k, a) && !appliesToAlgorithm(k, b)) throw algorithmMismatch(fieldName(k), v, k, `${a} or ${b}`);
  }
  // the pair is one setting, --algorithms: a refusal of either names it
  const field = (k: string) => fieldName(k === "algorithm" ? "algorithms" : k);
  const cfgA = parseRunConfig({ ...own(a), algorithm: a }, field);
  const cfgB = parseRunConfig({ ...own(b), algorithm: b }, field);
  const eb = workloadOf(cfgA).elementBytes;
  let probes = 0;
  const diff = (elements: number) => {
    probes += 2;
    const d = timeOf(cfgA, a, elements) - timeOf(cfgB, b, elements);
    onProbe?.(probes);
    return d;
  };
  let lo = Math.max(1, Math.floor(from / eb));
  let hi = Math.max(lo + 1, Math.ceil(to / eb));
  const dLo = diff(lo);
  const dHi = diff(hi);
  const name = (d: number) => (d < 0 ? a : b);
  if (Math.sign(dLo) === Math.sign(dHi) || dLo === 0 || dHi === 0) {
    return { a, b, from: lo * eb, to: hi * eb, size: null, below: name(dLo), above: name(dHi), probes };
  }
  while (hi - lo > Math.max(1, lo * tolerance)) {
    const mid = Math.round(Math.sqrt(lo * hi)); // geometric: sizes span decades
    const m = mid <= lo ? lo + 1 : mid >= hi ? hi - 1 : mid;
    if (Math.sign(diff(m)) === Math.sign(dLo)) lo = m;
    else hi = m;
  }
  return { a, b, from, to, size: hi * eb, below: name(dLo), above: name(dHi), probes };
}
