// The kernel on its own: examples/embed.mjs drives build/engine.wasm from plain JavaScript; its
// results must match the reference engine on the same schedule.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import type { TransferRecord } from "../src/engine/engine.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { ExplicitSchedule, OP_COPY, OP_REDUCE, PIN_AUTO, PIN_CCW } from "../src/core/schedule.js";

test("examples/embed.mjs, copied with engine.wasm outside the repository, runs the kernel and agrees with the reference engine", () => {
  // a folder with nothing but the two files: no node_modules, no package.json
  const dir = mkdtempSync(join(tmpdir(), "wrht-embed-"));
  copyFileSync(join(__dirname, "..", "examples", "embed.mjs"), join(dir, "embed.mjs"));
  copyFileSync(join(__dirname, "..", "build", "engine.wasm"), join(dir, "engine.wasm"));
  const r = spawnSync(process.execPath, ["embed.mjs"], { encoding: "utf8", cwd: dir });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  const summary = lines.pop();

  const network = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 8, wavelengths: 2, power: { ...OPTICAL_RING_DEFAULTS.power, throughDbPerHop: 0 } });
  const v = { begin: 0, end: 1000 };
  const schedule = new ExplicitSchedule(8, 1000, [
    [0, 1, 2].map((src) => ({ src, dst: 4, ...v, op: OP_REDUCE, pin: PIN_AUTO })),
    [{ src: 4, dst: 0, ...v, op: OP_COPY, pin: PIN_CCW }],
  ]);
  const records: TransferRecord[] = [];
  const out = new ReferenceEngine().run({ network, schedule, mode: "async", elementBytes: 4, onTransfer: (t) => records.push(t) });
  expect(lines).toEqual(records.map((t) => ({ step: t.step, src: t.src, dst: t.dst, dir: t.dir, hops: t.hops, channel: t.channel, ready: t.ready, start: t.start, finish: t.finish })));
  expect(summary).toEqual({ time: out.time, transfers: 4, peakWavelengths: out.peakWavelengths, waitTime: out.waitTime });
  // the example's schedule does contend: two of three lightpaths into node 4 share a wavelength
  expect(out.waitTime).toBeGreaterThan(0);
});
