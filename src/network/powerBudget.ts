// Insertion loss of a lightpath and the hop limit it implies (docs/MODEL.md, "Power budget").

export interface PowerBudget {
  /** Laser power per wavelength at the transmitter, dBm. */
  readonly laserDbm: number;
  /** Receiver sensitivity at the line rate, dBm. */
  readonly sensitivityDbm: number;
  /** Modulator insertion loss, dB (once per lightpath). */
  readonly modulatorDb: number;
  /** Drop filter loss at the receiver, dB (once per lightpath). */
  readonly dropDb: number;
  /** Coupler loss, dB (twice per lightpath: onto and off the ring). */
  readonly couplerDb: number;
  /** Loss per hop: passing one node's off-resonance rings plus the span to the next node, dB. */
  readonly throughDbPerHop: number;
}

export const DEFAULT_POWER_BUDGET: PowerBudget = {
  laserDbm: 10,
  sensitivityDbm: -20,
  modulatorDb: 1,
  dropDb: 0.5,
  couplerDb: 1,
  throughDbPerHop: 0.01,
};

/** modulatorDb + dropDb + 2*couplerDb + hops*throughDbPerHop. */
export function insertionLossDb(p: PowerBudget, hops: number): number {
  return p.modulatorDb + p.dropDb + 2 * p.couplerDb + hops * p.throughDbPerHop;
}

export function budgetDb(p: PowerBudget): number {
  return p.laserDbm - p.sensitivityDbm;
}

/** Largest hop count whose loss fits the budget; -1 means no limit (no per-hop loss). */
export function hopLimit(p: PowerBudget): number {
  const budget = budgetDb(p);
  if (insertionLossDb(p, 0) > budget) return 0;
  if (p.throughDbPerHop <= 0) return -1;
  let h = Math.floor((budget - insertionLossDb(p, 0)) / p.throughDbPerHop);
  // settle rounding at the boundary with the loss function itself
  while (insertionLossDb(p, h + 1) <= budget) h++;
  while (h > 0 && insertionLossDb(p, h) > budget) h--;
  return Math.min(h, 2 ** 31 - 1);
}
