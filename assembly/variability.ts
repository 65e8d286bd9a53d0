// Stragglers and jitter (twin: src/engine/variability.ts). A transfer's duration is multiplied by
// its factor: the larger slow factor of its two endpoints, times a jitter draw. The draw is a pure
// function of (seed, transfer serial): a 32-bit hash of the two picks an entry of a table of
// factors the host writes (an empirical list, or a lognormal's quantiles), so no order of
// evaluation, engine, thread or shard can change it, and the kernel needs no floating-point
// function (exp, log) whose last bit could differ from the host's.
//
// Hash: Chris Wellons' "lowbias32" (github.com/skeeto/hash-prospector) on the seed, then on the
// serial's two 32-bit halves; integer multiplication wraps alike here and in Math.imul.
import { alloc } from "./heap";
import { oneHopOff } from "./grants";

let nodes: i32 = 0;
let slow: usize = 0; // f64 per node; 0: no slow node
let table: usize = 0; // f64 jitter factors; 0: no jitter
let tableLen: u32 = 0;
let seedMix: u32 = 0;
let on: bool = false;
let allowed: bool = false; // streaming grants steps on paths that never look at factors

export function variabilityInit(n: i32, streaming: bool): void {
  nodes = n;
  allowed = !streaming;
  slow = 0;
  table = 0;
  tableLen = 0;
  on = false;
}

/** Whether any transfer may take other than its plain duration. */
@inline export function varied(): bool {
  return on;
}

/** Node `node`'s transfers take `factor` (> 0) times as long. 0, or -6 (E_CONFIG) / -1 (E_MEMORY). */
export function setSlow(node: i32, factor: f64): i32 {
  if (!allowed || node < 0 || node >= nodes || !(factor > 0) || factor == Infinity) return -6;
  if (slow == 0) {
    slow = alloc(<f64>nodes * 8);
    if (slow == 0) return -1;
    for (let i = 0; i < nodes; i++) store<f64>(slow + (<usize>i << 3), 1.0);
  }
  store<f64>(slow + (<usize>node << 3), factor);
  on = true;
  oneHopOff(); // the one-hop fast path grants at plain durations
  return 0;
}

/**
 * Jitter: room for `length` factors, returned for the host to fill (0 when memory runs out or
 * `length` < 1); transfer s draws entry lowbias(seed, s) mod length.
 */
export function setJitter(seed: u32, length: i32): usize {
  if (!allowed || length < 1) return 0;
  table = alloc(<f64>length * 8);
  if (table == 0) return 0;
  tableLen = <u32>length;
  seedMix = mix32(seed ^ 0x9e3779b9);
  on = true;
  oneHopOff();
  return table;
}

@inline function mix32(x: u32): u32 {
  x ^= x >>> 16;
  x *= 0x7feb352d;
  x ^= x >>> 15;
  x *= 0x846ca68b;
  x ^= x >>> 16;
  return x;
}

/** The factor of transfer `serial` from `src` to `dst` (1 when nothing varies). */
export function factorOf(serial: i64, src: i32, dst: i32): f64 {
  let f: f64 = 1.0;
  if (slow != 0) {
    const a = load<f64>(slow + (<usize>src << 3));
    const b = load<f64>(slow + (<usize>dst << 3));
    f = a > b ? a : b;
  }
  if (tableLen > 0) {
    let h = mix32(seedMix ^ <u32>serial);
    h = mix32(h ^ <u32>(serial >>> 32) ^ 0x85ebca6b);
    f *= load<f64>(table + (<usize>(h % tableLen) << 3));
  }
  return f;
}
