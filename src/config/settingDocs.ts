// Every setting of one simulation as people meet it: its flag, the value it takes and one line of
// help. The CLI builds its options from this list and the web explorer its controls, so the two
// always offer the same settings with the same words (src/config/applicability.ts says which
// networks and algorithms each one applies to).
import { COLLECTIVES } from "../core/collectives.js";

export interface SettingDoc {
  /** The run setting's key (parseRunConfig's), camelCase; the flag is its kebab-case. */
  key: string;
  /** One-letter CLI alias. */
  short?: string;
  /** What the value is (`<n>`, `<time>`); none for a yes/no flag. */
  value?: string;
  help: string;
  /** The values it accepts, when they are a short list. */
  choices?: readonly string[];
}

/** Flags that set the network, the algorithms' options and the engine, in help order. */
export const NETWORK_SETTINGS: readonly SettingDoc[] = [
  { key: "preset", value: "name", help: "named network settings (see wrht-sim presets); flags override them" },
  { key: "network", value: "type", help: "optical-ring | star | leaf-spine (default optical-ring)", choices: ["optical-ring", "star", "leaf-spine"] },
  { key: "nodes", short: "n", value: "n", help: "number of nodes (default 1024)" },
  { key: "wavelengths", short: "w", value: "w", help: "optical: wavelengths per directed link (default 64)" },
  { key: "direction", value: "dir", help: "optical: bidirectional | unidirectional (default bidirectional)", choices: ["bidirectional", "unidirectional"] },
  { key: "bandwidth", short: "b", value: "rate", help: "per-wavelength or per-link rate, e.g. 100Gbps (default 100Gbps)" },
  { key: "alpha", value: "time", help: "per-transfer overhead (default 20us optical, 10us electrical)" },
  { key: "hopLatency", value: "time", help: "optical: per-hop latency (default 10ns)" },
  { key: "gamma", value: "time", help: "reduction cost per byte at the receiver (default 0)" },
  { key: "tx", value: "n", help: "transmitters per node, 0 = unlimited (default 0)" },
  { key: "rx", value: "n", help: "receivers per node, 0 = unlimited (default 0)" },
  { key: "laserDbm", value: "dBm", help: "optical: laser power per wavelength (default 10)" },
  { key: "sensitivityDbm", value: "dBm", help: "optical: receiver sensitivity (default -20)" },
  { key: "modulatorDb", value: "dB", help: "optical: modulator insertion loss (default 1)" },
  { key: "dropDb", value: "dB", help: "optical: drop filter loss (default 0.5)" },
  { key: "couplerDb", value: "dB", help: "optical: coupler loss, paid twice (default 1)" },
  { key: "throughDb", value: "dB", help: "optical: loss per hop (default 0.01)" },
  { key: "routing", value: "policy", help: "optical: balanced | clockwise | adaptive (default balanced)", choices: ["balanced", "clockwise", "adaptive"] },
  { key: "tuningTime", value: "time", help: "optical: retuning time of a tunable transceiver, with --tx/--rx (default 0)" },
  { key: "regenerate", help: "optical: cut lightpaths beyond the power budget at 3R regenerators instead of refusing them" },
  { key: "regenLatency", value: "time", help: "optical: latency of each regeneration, with --regenerate (default 100ns)" },
  { key: "wallPlugEfficiency", value: "ratio", help: "optical energy: laser wall-plug efficiency (default 0.1)" },
  { key: "modulatorPj", value: "pJ", help: "optical energy: modulator and driver, pJ per bit (default 0.5)" },
  { key: "receiverPj", value: "pJ", help: "optical energy: receiver, pJ per bit (default 0.5)" },
  { key: "retuneNj", value: "nJ", help: "optical energy: one transceiver retune, nJ (default 10)" },
  { key: "regenPj", value: "pJ", help: "optical energy: one regeneration, pJ per bit (default 1)" },
  { key: "laserIdle", value: "share", help: "optical static energy: share of its power a laser draws while it carries nothing, 0 to 1 (default 1: lasers stay lit)" },
  { key: "ringHeaterMw", value: "mW", help: "optical static energy: heater power holding each microring on its channel (default 0.5)" },
  { key: "switchLatency", value: "time", help: "electrical: per-switch latency (default 500ns)" },
  { key: "sharing", value: "rule", help: "electrical: how messages share a link: fair (max-min, as packet networks do) | exclusive (a message holds its links) (default fair)", choices: ["fair", "exclusive"] },
  { key: "ports", value: "k", help: "electrical: links per node to its switch, each of --bandwidth, so k ports give k x the injection bandwidth (default 1)" },
  { key: "serdesPj", value: "pJ", help: "electrical energy: NIC and SerDes, pJ per bit per link crossed (default 5)" },
  { key: "switchPj", value: "pJ", help: "electrical energy: switch core, pJ per bit per switch crossed (default 10)" },
  { key: "serdesIdle", value: "share", help: "electrical static energy: share of their busy power SerDes draw while idle, 0 to 1 (default 1: links stay up)" },
  { key: "switchIdle", value: "share", help: "electrical static energy: share of its busy power a switch core draws while idle, 0 to 1 (default 1)" },
  { key: "leafSize", value: "n", help: "leaf-spine: nodes per leaf (default 32)" },
  { key: "spines", value: "n", help: "leaf-spine: spine switches (default: the leaf size)" },
  { key: "oversubscription", value: "ratio", help: "leaf-spine: leaf down:up capacity ratio (default 1)" },
  { key: "uplinkBandwidth", value: "rate", help: "leaf-spine: leaf-spine link rate (default from the oversubscription)" },
  { key: "groupSize", value: "m", help: "wrht, optree: force the group size or radix m (default: the best feasible)" },
  { key: "shortcut", value: "mode", help: "wrht: top-level all-to-all auto | on | off (default auto)", choices: ["auto", "on", "off"] },
  { key: "hringGroup", value: "g", help: "hring: nodes per group, a divisor of N (default: nearest sqrt N)" },
  { key: "chunks", value: "c", help: "chain: pipeline chunks (default: the count with the least time); wrht all-reduce: pieces pipelined through the levels, k or auto (default 1: WRHT as published)" },
  { key: "root", value: "node", help: "broadcast, reduce: the root node (default 0)" },
  { key: "mode", value: "mode", help: "async | lockstep (default async)", choices: ["async", "lockstep"] },
  { key: "grants", value: "policy", help: "greedy (work-conserving, default) | reservation (the first release's rule)", choices: ["greedy", "reservation"] },
  { key: "engine", value: "engine", help: "wasm | js (default wasm)", choices: ["wasm", "js"] },
  { key: "maxMemory", value: "bytes", help: "refuse a simulation needing more memory than this (default 4GiB)" },
  { key: "maxTransfers", value: "n", help: "refuse a simulation of more transfers than this (default 1e10, about 10 minutes of work)" },
];

/** Faults and variability (every command that runs a network takes them). */
export const FAULT_SETTINGS: readonly SettingDoc[] = [
  { key: "cut", value: "gaps", help: "optical: fibre cuts, both directions, between node i and i+1, e.g. 511 or 3,700 (lightpaths go the intact way round; planners plan on the cut ring)" },
  { key: "lostWavelengths", value: "list", help: "optical: wavelengths lost on both links of a gap, GAP:W or GAP:FIRST-LAST, * for every gap, e.g. *:0-7" },
  { key: "failedTransceivers", value: "list", help: "failed transceiver units, NODE:tx:UNIT or NODE:rx:UNIT, with --tx/--rx" },
  { key: "slow", value: "list", help: "stragglers, NODE:FACTOR, e.g. 7:2 (node 7's transfers, and in training its compute, take twice as long)" },
  { key: "jitter", value: "dist", help: "each transfer's duration times a draw of mean 1: lognormal:SIGMA, or a list of factors rescaled to mean 1, e.g. 0.9,1,1.4" },
  { key: "faultRate", value: "list", help: "random faults, KIND:PROBABILITY with KIND link (a cut per gap), wavelength (per link and wavelength) or transceiver, e.g. wavelength:0.1" },
  { key: "seed", value: "s", help: "seed of jitter and random faults (default 1, and said on stderr when they are on)" },
];

/** Flags that set the vector being reduced. */
export const WORKLOAD_SETTINGS: readonly SettingDoc[] = [
  { key: "size", short: "s", value: "bytes", help: "vector size per node, e.g. 64MB or 1GiB (default 100MB)" },
  { key: "elements", value: "n", help: "vector length in elements (instead of --size)" },
  { key: "params", value: "n", help: "parameter count, e.g. 25.6M (instead of --size)" },
  { key: "model", short: "m", value: "name", help: "a DNN from the catalogue, e.g. resnet50 (see wrht-sim models)" },
  { key: "dtype", value: "type", help: "fp32 | fp16 | bf16 | fp64 | fp8 | int8 (default fp32)", choices: ["fp32", "fp16", "bf16", "fp64", "fp8", "int8"] },
];

/** The collective and its algorithm. */
export const COLLECTIVE_SETTINGS: readonly SettingDoc[] = [
  { key: "collective", short: "c", value: "name", help: `${COLLECTIVES.join(" | ")} (default allreduce)`, choices: COLLECTIVES },
  { key: "algorithm", short: "a", value: "name", help: "the collective's algorithm (default ring; alltoall pairwise, broadcast/reduce bt)" },
];

/** The default a help line states, `(default 64)` -> `64`, for a control's placeholder. */
export function statedDefault(doc: SettingDoc): string | undefined {
  return /\(default:? ([^)]*)\)/.exec(doc.help)?.[1];
}
