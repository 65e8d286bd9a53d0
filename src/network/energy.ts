// Energy of a run, by component, from per-bit and per-event costs (docs/MODEL.md, "Energy", gives
// each default its source). The engines sum what the costs multiply: lightpath-seconds (a
// lightpath's duration times its segments, each segment having its own laser), bytes times
// segments (each segment modulates and receives), bytes times hops (links crossed), bytes times
// regenerations, and transceiver retunes. That is the dynamic energy: what the traffic costs.
// Static energy is what the hardware draws for the run's length whatever it carries: lasers lit
// while they carry nothing, heaters holding microrings on their channels, SerDes lanes and switch
// cores that stay up while idle. Each idle draw is a share of the active one, so static energy is
// that share of the capacity the run left unused (no second count of the busy part).
import { numberIn } from "../validation/fields.js";

/** Optical costs. */
export interface OpticalEnergy {
  /** Laser wall-plug efficiency: electrical power drawn = optical power / this. */
  readonly wallPlugEfficiency: number;
  /** Modulator and its driver, pJ per bit transmitted (per segment). */
  readonly modulatorPj: number;
  /** Receiver (photodiode, TIA, clock recovery), pJ per bit received (per segment). */
  readonly receiverPj: number;
  /** One transceiver retune (thermal tuning of its microring), nJ. */
  readonly retuneNj: number;
  /** One 3R regeneration with wavelength conversion, pJ per bit (the laser is counted per segment). */
  readonly regenPj: number;
  /** Share of its power a laser draws while it carries no lightpath (1: always lit, 0: gated off). */
  readonly laserIdle: number;
  /** Heater power holding one microring on its channel, mW (every ring, all the time). */
  readonly ringHeaterMw: number;
}

/** Electrical costs. */
export interface ElectricalEnergy {
  /** NIC and SerDes at both ends of a link, pJ per bit per link crossed. */
  readonly serdesPj: number;
  /** Switch core (buffers, crossbar, lookup), pJ per bit per switch crossed. */
  readonly switchPj: number;
  /** Share of their busy power SerDes lanes draw while idle (1: always up, as links are). */
  readonly serdesIdle: number;
  /** Share of its busy power a switch core draws while idle. */
  readonly switchIdle: number;
}

export const OPTICAL_ENERGY_DEFAULTS: OpticalEnergy = {
  wallPlugEfficiency: 0.1,
  modulatorPj: 0.5,
  receiverPj: 0.5,
  retuneNj: 10,
  regenPj: 1,
  laserIdle: 1,
  ringHeaterMw: 0.5,
};

export const ELECTRICAL_ENERGY_DEFAULTS: ElectricalEnergy = {
  serdesPj: 5,
  switchPj: 10,
  serdesIdle: 1,
  switchIdle: 1,
};

export const opticalEnergySchema = {
  wallPlugEfficiency: numberIn(0.001, 1, "a laser wall-plug efficiency"),
  modulatorPj: numberIn(0, 1e6, "pJ per bit"),
  receiverPj: numberIn(0, 1e6, "pJ per bit"),
  retuneNj: numberIn(0, 1e9, "nJ per retune"),
  regenPj: numberIn(0, 1e6, "pJ per bit"),
  laserIdle: numberIn(0, 1, "a share of the laser's power"),
  ringHeaterMw: numberIn(0, 1e6, "mW per ring"),
};

export const electricalEnergySchema = {
  serdesPj: numberIn(0, 1e6, "pJ per bit"),
  switchPj: numberIn(0, 1e6, "pJ per bit"),
  serdesIdle: numberIn(0, 1, "a share of the busy power"),
  switchIdle: numberIn(0, 1, "a share of the busy power"),
};

/** What the engines sum for the energy model, in serial order. */
export interface EnergySums {
  /** Sum over transfers of duration x segments, seconds. */
  lightpathSeconds: number;
  /** Sum over transfers of bytes x segments. */
  byteSegments: number;
  /** Sum over transfers of bytes x hops (links crossed). */
  byteHops: number;
  /** Sum over transfers of bytes x regenerations. */
  byteRegens: number;
  /** Transceiver retunes (a transfer retuning both ends counts two). */
  retunes: number;
}

/** Joules, by component, and per delivered bit. */
export interface EnergyReport {
  /** Total joules: dynamic + static. */
  total: number;
  /** Joules the traffic cost (per bit, per lightpath-second, per event). */
  dynamic: number;
  /** Joules drawn for the run's length whatever it carried. */
  static: number;
  /** Picojoules per bit delivered (total / (8 x bytes moved)). */
  pjPerBit: number;
  /** Dynamic joules per component (components of the other kind of network are absent). */
  parts: Record<string, number>;
  /** Static joules per component. */
  staticParts: Record<string, number>;
}

/** What an optical ring holds for static power: lasers and microrings per node. */
export interface OpticalHardware {
  readonly nodes: number;
  /** Laser sources per node: one per fixed transmitter, or one per tunable one. */
  readonly lasers: number;
  /** Microrings per node: a modulator per transmitter and a drop filter per receiver. */
  readonly rings: number;
}

/** What a switched network holds for static power. */
export interface SwitchedHardware {
  /** Sum over directed links of their capacity, bits/s (SerDes lanes). */
  readonly linkCapacity: number;
  /** Sum over switches of the bits/s they can take in (switch cores). */
  readonly switchCapacity: number;
}

/** Optical: laser, modulator, receiver, retunes, regeneration; static: idle lasers, ring heaters. */
export function opticalEnergy(e: OpticalEnergy, laserDbm: number, sums: EnergySums, bytesMoved: number, seconds: number, hw: OpticalHardware): EnergyReport {
  const laserWatts = 10 ** (laserDbm / 10) / 1000 / e.wallPlugEfficiency;
  const parts = {
    laser: sums.lightpathSeconds * laserWatts,
    modulator: sums.byteSegments * 8 * e.modulatorPj * 1e-12,
    receiver: sums.byteSegments * 8 * e.receiverPj * 1e-12,
    retune: sums.retunes * e.retuneNj * 1e-9,
    regeneration: sums.byteRegens * 8 * e.regenPj * 1e-12,
  };
  const staticParts = {
    // laser-seconds lit without a lightpath (regenerators' lasers are counted with their segments)
    "idle lasers": e.laserIdle * laserWatts * Math.max(0, hw.nodes * hw.lasers * seconds - sums.lightpathSeconds),
    "ring heaters": hw.nodes * hw.rings * e.ringHeaterMw * 1e-3 * seconds,
  };
  return report(parts, staticParts, bytesMoved);
}

/** Electrical: NIC/SerDes per link crossed, switching per switch crossed (links - 1 on a path); static: idle lanes and cores. */
export function electricalEnergy(e: ElectricalEnergy, sums: EnergySums, bytesMoved: number, seconds: number, hw: SwitchedHardware): EnergyReport {
  const linkBits = sums.byteHops * 8;
  const switchBits = (sums.byteHops - bytesMoved) * 8;
  const parts = {
    serdes: linkBits * e.serdesPj * 1e-12,
    switching: switchBits * e.switchPj * 1e-12,
  };
  const staticParts = {
    // the share of the busy power drawn over the capacity left idle
    "idle serdes": e.serdesIdle * e.serdesPj * 1e-12 * Math.max(0, hw.linkCapacity * seconds - linkBits),
    "idle switches": e.switchIdle * e.switchPj * 1e-12 * Math.max(0, hw.switchCapacity * seconds - switchBits),
  };
  return report(parts, staticParts, bytesMoved);
}

function report(parts: Record<string, number>, staticParts: Record<string, number>, bytesMoved: number): EnergyReport {
  const dynamic = Object.values(parts).reduce((a, b) => a + b, 0);
  const stat = Object.values(staticParts).reduce((a, b) => a + b, 0);
  const total = dynamic + stat;
  return { total, dynamic, static: stat, pjPerBit: bytesMoved > 0 ? (total / (bytesMoved * 8)) * 1e12 : 0, parts, staticParts };
}
