// One simulation as people read it: a title and label/value lines, every setting that shapes the
// time and every result. `wrht-sim run` prints it as a table, the web explorer as a list.
import { faultsText } from "../faults/faultSet.js";
import type { EnergyReport } from "../network/energy.js";
import { COLLECTIVE_NAMES, isRooted } from "../core/collectives.js";
import { type RunConfig, formatSize, workloadOf } from "../config/runConfig.js";
import type { SimulationResult } from "./simulate.js";
import { formatBytes, formatEnergyPerBit, formatJoules, formatRate, formatTime } from "../core/units.js";

export interface RunSummary {
  /** "wrht all-reduce on a 64-node optical ring". */
  title: string;
  pairs: [string, string][];
}

const int = (n: number) => n.toLocaleString("en-US");

/**
 * The network's lines of a summary: every parameter that shapes times and routes (transceivers,
 * tuning, routing, the power budget and regeneration), from the network's own description.
 */
export function networkPairs(net: Record<string, string | number | boolean>, injection?: { bandwidth: number; text: string }): [string, string][] {
  const optical = net.type === "optical-ring";
  const transceivers = Number(net.tx) === 0 && Number(net.rx) === 0 ? "unlimited transceivers" : `${Number(net.tx) || "unlimited"} transmitters and ${Number(net.rx) || "unlimited"} receivers per node`;
  const tuning = optical && Number(net.tuningTime) > 0 ? ` (retuning in ${formatTime(Number(net.tuningTime))})` : "";
  const networkLine = optical
    ? `${net.direction}, ${net.wavelengths} wavelengths x ${formatRate(Number(net.bandwidth))}, alpha ${formatTime(Number(net.alpha))}, ` +
      `${formatTime(Number(net.hopLatency))} per hop, ${transceivers}${tuning}, ${net.routing} routing`
    : `${formatRate(Number(net.bandwidth))} links ${net.sharing === "exclusive" ? "held by one message at a time" : "shared fairly"}, alpha ${formatTime(Number(net.alpha))}, ` +
      `${formatTime(Number(net.switchLatency))} per switch, ${transceivers}` +
      (net.type === "leaf-spine" ? `, ${net.leafSize} nodes per leaf, ${net.spines} spines at ${formatRate(Number(net.uplinkBandwidth))}` : "");
  const budget = optical
    ? Number(net.hopLimit) < 0
      ? "no per-hop loss: every lightpath fits"
      : `${(Number(net.laserDbm) - Number(net.sensitivityDbm)).toFixed(2)} dB: lightpaths of at most ${int(Number(net.hopLimit))} hops` +
        (net.regenerate ? `, longer ones regenerated every ${int(Number(net.hopLimit))} hops (${formatTime(Number(net.regenLatency))} each)` : "")
    : undefined;
  const pairs: [string, string][] = [["network", networkLine]];
  if (injection) pairs.push(["per-node injection", `${formatRate(injection.bandwidth)} (${injection.text})`]);
  if (budget) pairs.push(["power budget", budget]);
  return pairs;
}

/** The run as a person reads it: what was simulated, with every setting that shapes the time. */
export function summarizeRun(r: SimulationResult, cfg?: RunConfig): RunSummary {
  const net = r.network;
  const optical = net.type === "optical-ring";
  const w = cfg ? workloadOf(cfg) : undefined;
  const what = `${r.algorithm} ${r.collective === "none" ? "(its own postcondition)" : COLLECTIVE_NAMES[r.collective]}${r.root !== undefined ? ` from root ${r.root}` : ""}`;
  const title = optical ? `${what} on a ${r.nodes}-node optical ring` : `${what} on ${r.nodes} nodes of an electrical ${net.type}`;
  const dtype = cfg?.dtype ?? `${r.elementBytes}-byte`;
  const vector = w?.model
    ? `${w.model} gradients: ${formatBytes(r.size)} (${int(r.elements)} x ${r.elementBytes}-byte ${dtype} elements)`
    : `${w ? formatSize(w) : formatBytes(r.size)} (${int(r.size)} bytes = ${int(r.elements)} x ${r.elementBytes}-byte ${dtype} elements)`;
  const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(", ");
  const pairs = networkPairs(net, { bandwidth: r.injectionBandwidth, text: r.injection });
  const faults = faultsText(r.faults, r.nodes);
  if (faults) pairs.push(["faults", faults]);
  pairs.push(["vector", vector], ["mode / grants / engine", `${r.mode} / ${r.grants} / ${r.engine}`]);
  if (params) pairs.push(["parameters", params]);
  pairs.push(
    ["time", formatTime(r.time)],
    ["bandwidth", `${formatBytes(r.algBandwidth)}/s algorithm, ${formatBytes(r.busBandwidth)}/s bus (nccl-tests: size / time, x ${busFactorText(r)})`],
    ["closed form", r.closedForm === null ? "-" : `${formatTime(r.closedForm)} (${closedFormKind(r)})`],
    r.dependencies ? ["depth", `${int(r.steps)} (the longest chain of transfers; a dependency schedule has no steps)`] : ["steps", int(r.steps)],
    ["transfers", int(r.transfers)],
    ["bytes moved", formatBytes(r.bytesMoved)],
  );
  if (optical) {
    pairs.push(["wavelengths used", `${r.peakWavelengths} of ${net.wavelengths} (the highest first fit touched on any link)`]);
    pairs.push(["wavelengths needed", `${r.wavelengthsNeeded} (the fewest with which a lockstep run never waits for one)`]);
  }
  pairs.push(
    ["waiting for channels", formatTime(r.waitTime) + " (summed over transfers)"],
    optical
      ? ["longest lightpath", `${r.maxHops} hop${r.maxHops === 1 ? "" : "s"}, ${r.maxHopLossDb.toFixed(2)} dB loss${r.maxHops > Number(net.hopLimit) && Number(net.hopLimit) >= 0 ? " per segment" : ""}`]
      : ["longest path", `${r.maxHops} links`],
  );
  if (optical && (Number(net.tx) > 0 || Number(net.rx) > 0)) pairs.push(["retunes", int(r.retunes)]);
  pairs.push(["energy", describeEnergy(r.energy)]);
  return { title, pairs };
}

/** "16.4 J (2.00 pJ/bit delivered): dynamic 8.21 J (laser 4.1 J, ...), static 8.2 J (idle lasers ...)", parts that are not zero. */
export function describeEnergy(e: EnergyReport): string {
  const list = (parts: Record<string, number>) => Object.entries(parts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${formatJoules(v)}`).join(", ");
  const side = (name: string, total: number, parts: Record<string, number>) => `${name} ${formatJoules(total)}${list(parts) ? ` (${list(parts)})` : ""}`;
  return `${formatJoules(e.total)} (${formatEnergyPerBit(e.pjPerBit)} delivered): ${side("dynamic", e.dynamic, e.parts)}; ${side("static", e.static, e.staticParts)}`;
}

/** What the closed form is: lockstep without contention, or for a dependency schedule its estimate. */
function closedFormKind(r: SimulationResult): string {
  if (!r.dependencies) return "lockstep, no contention";
  if (r.params.chunks !== undefined && r.params.estimate !== undefined) return "pipeline estimate, no contention";
  return "critical path: each transfer alone on its path, async";
}

function busFactorText(r: SimulationResult): string {
  if (r.collective === "allreduce") return "2(N-1)/N";
  return r.collective === "none" || isRooted(r.collective) ? "1" : "(N-1)/N";
}
