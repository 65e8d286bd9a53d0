// The kernel on its own: examples/embed.mjs drives build/engine.wasm from plain JavaScript; its
// results must match the reference engine on the same schedule.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import type { TransferRecord } from "../src/engine/engine.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { ExplicitSchedule, OP_COPY, OP_REDUCE, PIN_AUTO, PIN_CCW, PIN_CW } from "../src/core/schedule.js";

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

test("examples/embed.mjs drains the kernel's results: a schedule of 76,800 transfers (past the 65,536 drain threshold) gives every record, equal to the reference engine's", () => {
  const dir = mkdtempSync(join(tmpdir(), "wrht-embed-"));
  copyFileSync(join(__dirname, "..", "examples", "embed.mjs"), join(dir, "embed.mjs"));
  copyFileSync(join(__dirname, "..", "build", "engine.wasm"), join(dir, "engine.wasm"));
  const nodes = 256;
  const steps = 300;
  const r = spawnSync(process.execPath, ["embed.mjs", "--ring", String(nodes), String(steps)], { encoding: "utf8", cwd: dir, timeout: 60_000, maxBuffer: 1 << 30 });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  const summary = lines.pop();
  expect(lines.length).toBe(nodes * steps);
  expect(lines.length).toBeGreaterThan(65_536);
  const network = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, wavelengths: 2, power: { ...OPTICAL_RING_DEFAULTS.power, throughDbPerHop: 0 } });
  const schedule = new ExplicitSchedule(nodes, 1000, Array.from({ length: steps }, () => Array.from({ length: nodes }, (_, i) => ({ src: i, dst: (i + 1) % nodes, begin: 0, end: 1000, op: OP_REDUCE, pin: PIN_CW }))));
  const records: TransferRecord[] = [];
  const out = new ReferenceEngine().run({ network, schedule, mode: "async", elementBytes: 4, onTransfer: (t) => records.push(t) });
  const key = (t: { step: number; src: number }) => t.step * nodes + t.src;
  const ours = [...lines].sort((a, b) => key(a) - key(b));
  const theirs = records.map((t) => ({ step: t.step, src: t.src, dst: t.dst, dir: t.dir, hops: t.hops, channel: t.channel, ready: t.ready, start: t.start, finish: t.finish })).sort((a, b) => key(a) - key(b));
  expect(ours).toEqual(theirs);
  expect(summary).toEqual({ time: out.time, transfers: nodes * steps, peakWavelengths: out.peakWavelengths, waitTime: out.waitTime });
}, 120_000);

test("docs/KERNEL.md lists every export with exactly the argument and result types of the module's type section (read with binaryen)", async () => {
  const binaryen = (await import("binaryen")).default;
  const module = binaryen.readBinary(readFileSync(join(__dirname, "..", "build", "engine.wasm")));
  const typeName = (t: number) => (t === binaryen.i32 ? "i32" : t === binaryen.f64 ? "f64" : t === binaryen.i64 ? "i64" : t === binaryen.f32 ? "f32" : t === binaryen.none ? "" : `type ${t}`);
  const actual = new Map<string, string>();
  let memory = false;
  for (let i = 0; i < module.getNumExports(); i++) {
    const e = binaryen.getExportInfo(module.getExportByIndex(i));
    if (e.kind === binaryen.ExternalMemory) memory = true;
    if (e.kind !== binaryen.ExternalFunction) continue;
    const f = binaryen.getFunctionInfo(module.getFunction(e.value));
    actual.set(e.name, `(${binaryen.expandType(f.params).map(typeName).join(",")})${typeName(f.results)}`);
  }
  module.dispose();
  const doc = readFileSync(join(__dirname, "..", "docs", "KERNEL.md"), "utf8");
  const documented = new Map<string, string>();
  for (const m of doc.matchAll(/^\| `(\w+)\(([^)]*)\)(?:: (\w+))?` \|/gm)) {
    const params = m[2].trim() === "" ? [] : m[2].split(",").map((p) => p.trim().split(":")[1].trim());
    documented.set(m[1], `(${params.join(",")})${m[3] ?? ""}`);
  }
  expect(memory).toBe(true);
  expect(actual.size).toBeGreaterThan(30);
  expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(actual));
});
