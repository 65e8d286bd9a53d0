// Tunable transceivers: with a limit of k transmitters (receivers) per node, a transfer needs one
// free at its start. Each unit remembers the wavelength it is tuned to (-1: never used). The
// transfer's wavelength is chosen first (first fit); then the node takes a free unit already
// tuned to it if there is one (the lowest), else the lowest-numbered free unit, which retunes.
// A retune on either side lengthens the transfer by the tuning time, once (both tune together).
// Twin: src/engine/transceivers.ts.

import { alloc } from "./heap";

let nodes: i32 = 0;
let txLimit: i32 = 0;
let rxLimit: i32 = 0;
let txFree: usize = 0; // f64[nodes * txLimit]: when each unit's last transfer finishes
let rxFree: usize = 0;
let txTuned: usize = 0; // i32[nodes * txLimit]: the wavelength each unit is tuned to, -1 none
let rxTuned: usize = 0;
let txOrder: usize = 0; // f64[nodes]: streaming order check
let rxOrder: usize = 0;

/** The units the last choice took, and whether each retunes. */
export let txUnit: i32 = -1;
export let rxUnit: i32 = -1;
export let txRetunes: bool = false;
export let rxRetunes: bool = false;

export function transceiversInit(n: i32, tx: i32, rx: i32, streaming: bool): bool {
  nodes = n;
  txLimit = tx;
  rxLimit = rx;
  txFree = rxFree = txTuned = rxTuned = txOrder = rxOrder = 0;
  if (tx > 0) {
    txFree = alloc(<f64>n * <f64>tx * 8);
    txTuned = alloc(<f64>n * <f64>tx * 4);
    if (txFree == 0 || txTuned == 0) return false;
    memory.fill(txTuned, 0xff, <usize>n * <usize>tx * 4);
    if (streaming && (txOrder = alloc(<f64>n * 8)) == 0) return false;
  }
  if (rx > 0) {
    rxFree = alloc(<f64>n * <f64>rx * 8);
    rxTuned = alloc(<f64>n * <f64>rx * 4);
    if (rxFree == 0 || rxTuned == 0) return false;
    memory.fill(rxTuned, 0xff, <usize>n * <usize>rx * 4);
    if (streaming && (rxOrder = alloc(<f64>n * 8)) == 0) return false;
  }
  return true;
}

/** Faults: unit `unit` of node `node`'s transmitters (side 0) or receivers (1) is never free. */
export function failUnit(node: i32, side: i32, unit: i32): i32 {
  const size = side == 0 ? txLimit : rxLimit;
  if (node < 0 || node >= nodes || unit < 0 || unit >= size) return -6;
  store<f64>((side == 0 ? txFree : rxFree) + ((<usize>node * <usize>size + <usize>unit) << 3), Infinity);
  return 0;
}

@inline export function limited(): bool {
  return txLimit > 0 || rxLimit > 0;
}

/** Earliest time any unit of a pool is free. */
function poolEarliest(free: usize, node: i32, size: i32): f64 {
  let p = free + ((<usize>node * <usize>size) << 3);
  let m = load<f64>(p);
  for (let j = 1; j < size; j++) {
    p += 8;
    const v = load<f64>(p);
    if (v < m) m = v;
  }
  return m;
}

/** The earliest time both src's transmitters and dst's receivers have a unit free (0 when unlimited). */
export function unitsEarliest(src: i32, dst: i32): f64 {
  let t: f64 = 0;
  if (txLimit > 0) t = poolEarliest(txFree, src, txLimit);
  if (rxLimit > 0) {
    const r = poolEarliest(rxFree, dst, rxLimit);
    if (r > t) t = r;
  }
  return t;
}

/** The unit of `node` to take at `t` for `wavelength`: a free one tuned to it, else the lowest free; -1 none. */
function choose(free: usize, tuned: usize, node: i32, size: i32, t: f64, wavelength: i32): i32 {
  const base = <usize>node * <usize>size;
  let lowest = -1;
  for (let j = 0; j < size; j++) {
    if (load<f64>(free + ((base + <usize>j) << 3)) <= t) {
      if (load<i32>(tuned + ((base + <usize>j) << 2)) == wavelength) return j;
      if (lowest < 0) lowest = j;
    }
  }
  return lowest;
}

/**
 * Chooses the units a transfer src -> dst would take at `t`, transmitting on `txWavelength` and
 * receiving on `rxWavelength`. False when a limited side has no unit free at `t`.
 */
export function chooseUnits(src: i32, dst: i32, t: f64, txWavelength: i32, rxWavelength: i32): bool {
  txUnit = rxUnit = -1;
  txRetunes = rxRetunes = false;
  if (txLimit > 0) {
    txUnit = choose(txFree, txTuned, src, txLimit, t, txWavelength);
    if (txUnit < 0) return false;
    txRetunes = load<i32>(txTuned + ((<usize>src * <usize>txLimit + <usize>txUnit) << 2)) != txWavelength;
  }
  if (rxLimit > 0) {
    rxUnit = choose(rxFree, rxTuned, dst, rxLimit, t, rxWavelength);
    if (rxUnit < 0) return false;
    rxRetunes = load<i32>(rxTuned + ((<usize>dst * <usize>rxLimit + <usize>rxUnit) << 2)) != rxWavelength;
  }
  return true;
}

/** Holds the units chosen last until `until`, tuned to the transfer's wavelengths. */
export function takeUnits(src: i32, dst: i32, until: f64, txWavelength: i32, rxWavelength: i32): void {
  if (txUnit >= 0) {
    const i = <usize>src * <usize>txLimit + <usize>txUnit;
    store<f64>(txFree + (i << 3), until);
    store<i32>(txTuned + (i << 2), txWavelength);
  }
  if (rxUnit >= 0) {
    const i = <usize>dst * <usize>rxLimit + <usize>rxUnit;
    store<f64>(rxFree + (i << 3), until);
    store<i32>(rxTuned + (i << 2), rxWavelength);
  }
}

/** Streaming order check on the pools of src and dst; marks them with `ready`. */
export function unitsClaimOrder(src: i32, dst: i32, ready: f64): bool {
  if (txLimit > 0) {
    const o = txOrder + (<usize>src << 3);
    if (load<f64>(o) > ready) return false;
    store<f64>(o, ready);
  }
  if (rxLimit > 0) {
    const o = rxOrder + (<usize>dst << 3);
    if (load<f64>(o) > ready) return false;
    store<f64>(o, ready);
  }
  return true;
}
