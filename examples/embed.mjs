// Drive the WRHT-Sim kernel from plain JavaScript, without the rest of the package: this file and
// build/engine.wasm are all it needs (copy them anywhere). The module imports nothing, so a plain
// WebAssembly.instantiate works in Node, a browser or any other host.
// Usage: node embed.mjs [path/to/engine.wasm] [--ring N STEPS]
//   (default path: ../build/engine.wasm, then ./engine.wasm)
//
// Simulates a tiny schedule on an 8-node bidirectional optical ring with 2 wavelengths:
// step 0: nodes 0, 1 and 2 each send 1000 fp32 elements to node 4 (they contend for wavelengths),
// step 1: node 4 sends the vector back to node 0 the long way round (pinned counter-clockwise).
// With --ring N STEPS it simulates instead STEPS steps in which every node i of an N-node ring
// sends 1000 elements to i+1 (N x STEPS transfers: past 65,536 the kernel asks the host to drain).
// Prints one JSON line per transfer, then a summary line. docs/KERNEL.md documents the ABI.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const beside = (rel) => fileURLToPath(new URL(rel, import.meta.url));
const args = process.argv.slice(2);
const ringAt = args.indexOf("--ring");
const ring = ringAt < 0 ? undefined : { nodes: Number(args[ringAt + 1]), steps: Number(args[ringAt + 2]) };
if (ringAt >= 0) args.splice(ringAt, 3);
const wasmPath = args[0] ?? [beside("../build/engine.wasm"), beside("./engine.wasm")].find(existsSync);
if (!wasmPath) throw new Error("engine.wasm not found: pass its path");
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const k = instance.exports;

// Slot layout (bytes): see docs/KERNEL.md; a slot's size is k.recordSize()
const F = { SRC: 0, DST: 4, FLAGS: 8, STEP: 12, BEGIN: 16, END: 24, READY: 40, START: 48, FINISH: 56, CHANNEL: 64, HOPS: 68, DIR: 100 };
const REDUCE = 1, PIN_CW = 1 << 1, PIN_CCW = 2 << 1;

const steps = ring
  ? Array.from({ length: ring.steps }, () => Array.from({ length: ring.nodes }, (_, i) => ({ src: i, dst: (i + 1) % ring.nodes, begin: 0, end: 1000, flags: REDUCE | PIN_CW })))
  : [
      [
        { src: 0, dst: 4, begin: 0, end: 1000, flags: REDUCE },
        { src: 1, dst: 4, begin: 0, end: 1000, flags: REDUCE },
        { src: 2, dst: 4, begin: 0, end: 1000, flags: REDUCE },
      ],
      [{ src: 4, dst: 0, begin: 0, end: 1000, flags: PIN_CCW }],
    ];
const nodes = ring ? ring.nodes : 8;

// kind 0 = optical ring; `nodes` nodes, 2 wavelengths, bidirectional, unlimited tx/rx, (leaf, spines unused),
// mode 0 = async, 2 steps, no hop limit, 4-byte elements, keep results for reading,
// stream 0 = the event loop (with 1 each step is granted as it is committed; see docs/KERNEL.md),
// grants 0 = greedy, routing 0 = balanced, no regeneration, channel state 0 = chosen by size
// elementBytes is an f64 (JavaScript converts numbers by itself; typed hosts must pass 4.0)
check(k.configure(0, nodes, 2, 1, 0, 0, 1, 1, 0, steps.length, -1, 4, 1, 0, 0, 0, 0, 0), "configure");
// alpha, bandwidth, hop latency, gamma, uplink bandwidth, tuning time, regeneration latency
k.setTiming(20e-6, 100e9, 10e-9, 0, 100e9, 0, 100e-9);

let step = 0;
for (;;) {
  const status = k.run();
  if (status === 0) break; // done
  if (status === 2) {
    // DRAIN: 65,536 granted slots (setDrainEvery's default) wait to be read; read and release
    // them, or the kernel says DRAIN again at once
    drain();
    continue;
  }
  if (status !== 1) throw new Error(`kernel error ${status} at transfer ${k.errorTransfer()}`);
  // status 1: the kernel needs the next step
  const transfers = steps[step];
  const first = k.reserve(transfers.length);
  const view = new DataView(k.memory.buffer); // after reserve: memory may have grown
  transfers.forEach((t, j) => {
    const at = k.slotsPtr() + ((first + j) & k.slotMask()) * k.recordSize();
    view.setInt32(at + F.SRC, t.src, true);
    view.setInt32(at + F.DST, t.dst, true);
    view.setInt32(at + F.FLAGS, t.flags, true);
    view.setFloat64(at + F.BEGIN, t.begin, true);
    view.setFloat64(at + F.END, t.end, true);
  });
  check(k.commitStep(step, transfers.length), `commit step ${step}`);
  step++;
}

drain(); // the transfers granted since the last drain
console.log(JSON.stringify({ time: k.makespanTime(), transfers: k.transfersGranted(), peakWavelengths: k.peakChannels(), waitTime: k.waitedTotal() }));

/** Prints the granted transfers not yet read (serials heldFrom .. grantedFront), then releases their slots. */
function drain() {
  const view = new DataView(k.memory.buffer);
  const lines = [];
  const upTo = k.grantedFront();
  for (let serial = k.heldFrom(); serial < upTo; serial++) {
    // the serial-to-slot rule: slotsPtr + (serial & slotMask) * recordSize
    const at = k.slotsPtr() + (serial & k.slotMask()) * k.recordSize();
    const f = (o) => view.getFloat64(at + o, true);
    const i = (o) => view.getInt32(at + o, true);
    lines.push(JSON.stringify({
      step: i(F.STEP), src: i(F.SRC), dst: i(F.DST), dir: ["cw", "ccw"][i(F.DIR)], hops: i(F.HOPS),
      channel: i(F.CHANNEL), ready: f(F.READY), start: f(F.START), finish: f(F.FINISH),
    }));
  }
  if (lines.length > 0) process.stdout.write(lines.join("\n") + "\n");
  k.releaseUpTo(upTo);
}

function check(status, what) {
  if (status !== 0) throw new Error(`${what} failed with status ${status}`);
}
