// Tunable transceivers (twin of assembly/transceivers.ts). A node with a limit of k units has k
// transmitters (receivers), each remembering the wavelength it is tuned to (none at first). A
// transfer's wavelength is chosen first; then the node takes a free unit already tuned to it if
// there is one (the lowest), else the lowest free unit, which retunes.
export class TransceiverPool {
  private readonly free: Float64Array;
  private readonly tuned: Int32Array;

  constructor(readonly units: number) {
    this.free = new Float64Array(units);
    this.tuned = new Int32Array(units).fill(-1);
  }

  /** Faults: unit `unit` is never free. */
  fail(unit: number): void {
    this.free[unit] = Infinity;
  }

  /** When the first unit frees. */
  earliest(): number {
    return Math.min(...this.free);
  }

  /** The unit to take at `t` for `wavelength`, and whether it retunes; null when none is free. */
  choose(t: number, wavelength: number): { unit: number; retunes: boolean } | null {
    let lowest = -1;
    for (let j = 0; j < this.units; j++) {
      if (this.free[j] > t) continue;
      if (this.tuned[j] === wavelength) return { unit: j, retunes: false };
      if (lowest < 0) lowest = j;
    }
    return lowest < 0 ? null : { unit: lowest, retunes: true };
  }

  take(unit: number, until: number, wavelength: number): void {
    this.free[unit] = until;
    this.tuned[unit] = wavelength;
  }
}
