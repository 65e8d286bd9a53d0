// Energy of a run, by component, from per-bit and per-event costs (docs/MODEL.md, "Energy", gives
// each default its source). The engines sum what the costs multiply: lightpath-seconds (a
// lightpath's duration times its segments, each segment having its own laser), bytes times
// segments (each segment modulates and receives), bytes times hops (links crossed), bytes times
// regenerations, and transceiver retunes.
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
}

/** Electrical costs. */
export interface ElectricalEnergy {
  /** NIC and SerDes at both ends of a link, pJ per bit per link crossed. */
  readonly serdesPj: number;
  /** Switch core (buffers, crossbar, lookup), pJ per bit per switch crossed. */
  readonly switchPj: number;
}

export const OPTICAL_ENERGY_DEFAULTS: OpticalEnergy = {
  wallPlugEfficiency: 0.1,
  modulatorPj: 0.5,
  receiverPj: 0.5,
  retuneNj: 10,
  regenPj: 1,
};

export const ELECTRICAL_ENERGY_DEFAULTS: ElectricalEnergy = {
  serdesPj: 5,
  switchPj: 10,
};

export const opticalEnergySchema = {
  wallPlugEfficiency: numberIn(0.001, 1, "a laser wall-plug efficiency"),
  modulatorPj: numberIn(0, 1e6, "pJ per bit"),
  receiverPj: numberIn(0, 1e6, "pJ per bit"),
  retuneNj: numberIn(0, 1e9, "nJ per retune"),
  regenPj: numberIn(0, 1e6, "pJ per bit"),
};

export const electricalEnergySchema = {
  serdesPj: numberIn(0, 1e6, "pJ per bit"),
  switchPj: numberIn(0, 1e6, "pJ per bit"),
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
  /** Total joules. */
  total: number;
  /** Picojoules per bit delivered (total / (8 x bytes moved)). */
  pjPerBit: number;
  /** Joules per component (components of the other kind of network are absent). */
  parts: Record<string, number>;
}

/** Optical: laser, modulator, receiver, retunes, regeneration. */
export function opticalEnergy(e: OpticalEnergy, laserDbm: number, sums: EnergySums, bytesMoved: number): EnergyReport {
  const laserWatts = 10 ** (laserDbm / 10) / 1000 / e.wallPlugEfficiency;
  const parts = {
    laser: sums.lightpathSeconds * laserWatts,
    modulator: sums.byteSegments * 8 * e.modulatorPj * 1e-12,
    receiver: sums.byteSegments * 8 * e.receiverPj * 1e-12,
    retune: sums.retunes * e.retuneNj * 1e-9,
    regeneration: sums.byteRegens * 8 * e.regenPj * 1e-12,
  };
  return report(parts, bytesMoved);
}

/** Electrical: NIC/SerDes per link crossed, switching per switch crossed (links - 1 on a path). */
export function electricalEnergy(e: ElectricalEnergy, sums: EnergySums, bytesMoved: number): EnergyReport {
  const parts = {
    serdes: sums.byteHops * 8 * e.serdesPj * 1e-12,
    switching: (sums.byteHops - bytesMoved) * 8 * e.switchPj * 1e-12,
  };
  return report(parts, bytesMoved);
}

function report(parts: Record<string, number>, bytesMoved: number): EnergyReport {
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { total, pjPerBit: bytesMoved > 0 ? (total / (bytesMoved * 8)) * 1e12 : 0, parts };
}
