// Which settings mean something for which runs. A setting the user gives that cannot apply (an
// optical loss on an electrical star, a WRHT group size for Ring) is refused rather than ignored,
// so no number is ever printed for a run other than the one the user described.
import { InputError, formatValue } from "../core/errors.js";

export type NetworkType = "optical-ring" | "star" | "leaf-spine";

interface Scope {
  networks?: readonly NetworkType[];
  algorithms?: readonly string[];
}

const OPTICAL: Scope = { networks: ["optical-ring"] };
const ELECTRICAL: Scope = { networks: ["star", "leaf-spine"] };
const LEAF_SPINE: Scope = { networks: ["leaf-spine"] };

/** Settings that apply only to some networks or algorithms; every other setting applies to all. */
export const SCOPES: Readonly<Record<string, Scope>> = {
  wavelengths: OPTICAL,
  direction: OPTICAL,
  hopLatency: OPTICAL,
  laserDbm: OPTICAL,
  sensitivityDbm: OPTICAL,
  modulatorDb: OPTICAL,
  dropDb: OPTICAL,
  couplerDb: OPTICAL,
  throughDb: OPTICAL,
  routing: OPTICAL,
  tuningTime: OPTICAL,
  regenerate: OPTICAL,
  regenLatency: OPTICAL,
  wallPlugEfficiency: OPTICAL,
  modulatorPj: OPTICAL,
  receiverPj: OPTICAL,
  retuneNj: OPTICAL,
  regenPj: OPTICAL,
  laserIdle: OPTICAL,
  ringHeaterMw: OPTICAL,
  cut: OPTICAL,
  lostWavelengths: OPTICAL,
  switchLatency: ELECTRICAL,
  sharing: ELECTRICAL,
  ports: ELECTRICAL,
  serdesPj: ELECTRICAL,
  switchPj: ELECTRICAL,
  serdesIdle: ELECTRICAL,
  switchIdle: ELECTRICAL,
  leafSize: LEAF_SPINE,
  spines: LEAF_SPINE,
  oversubscription: LEAF_SPINE,
  uplinkBandwidth: LEAF_SPINE,
  groupSize: { algorithms: ["wrht", "optree"] },
  shortcut: { algorithms: ["wrht"] },
  hringGroup: { algorithms: ["hring"] },
  chunks: { algorithms: ["chain", "wrht"] },
};

export function appliesToNetwork(key: string, network: NetworkType): boolean {
  const s = SCOPES[key];
  return s?.networks === undefined || s.networks.includes(network);
}

export function appliesToAlgorithm(key: string, algorithm: string): boolean {
  const s = SCOPES[key];
  return s?.algorithms === undefined || s.algorithms.includes(algorithm);
}

function list(names: readonly string[]): string {
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** Why setting `key` (shown as `field`) cannot apply to a network of type `network`; `where` is "this run is on" or "preset X is". */
export function networkMismatch(key: string, field: string, value: unknown, network: NetworkType, where: string): InputError {
  const scope = SCOPES[key]?.networks ?? [];
  return new InputError(
    field,
    value,
    `a setting of ${list(scope)} networks`,
    `${field}: ${formatValue(value)} sets ${list(scope)} networks only, and ${where} ${network === "optical-ring" ? "an" : "a"} ${network} network; drop it or choose another network`,
  );
}

/** Why `key` cannot apply to algorithm `algorithm`. */
export function algorithmMismatch(field: string, value: unknown, key: string, algorithm: string): InputError {
  const scope = SCOPES[key]?.algorithms ?? [];
  return new InputError(
    field,
    value,
    `a setting of ${list(scope)}`,
    `${field}: ${formatValue(value)} is a setting of ${list(scope)} only; the algorithm here is ${algorithm}`,
  );
}
