// The library refuses bad input with the same typed, one-line errors as the command line.
import { describe, expect, test } from "vitest";
import { InputError } from "../src/core/errors.js";
import { estimateRun } from "../src/api/limits.js";
import { LeafSpine } from "../src/network/leafSpine.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";
import { buildSchedule, simulate } from "../src/api/simulate.js";
import { parseBandwidth, parseBytes, parseCount, parseTime } from "../src/core/units.js";

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError");
}

describe("units", () => {
  test("SI and IEC sizes, rates and times", () => {
    expect(parseBytes("64MB")).toBe(64e6);
    expect(parseBytes("64MiB")).toBe(2 ** 26);
    expect(parseBytes("1.5GB")).toBe(1.5e9);
    expect(parseBytes("4096")).toBe(4096);
    expect(parseBytes(" 2 KiB ")).toBe(2048);
    expect(parseBandwidth("100Gbps")).toBe(100e9);
    expect(parseBandwidth("12.5GB/s")).toBe(100e9);
    expect(parseBandwidth(1e9)).toBe(1e9);
    expect(parseTime("20us")).toBeCloseTo(20e-6, 18);
    expect(parseTime("10ns")).toBeCloseTo(10e-9, 20);
    expect(parseTime("0")).toBe(0);
    expect(parseTime(0.5)).toBe(0.5);
    expect(parseCount("25.6M")).toBeCloseTo(25.6e6, 3);
    expect(parseCount("1.5B")).toBe(1.5e9);
  });

  test("typos and ambiguous numbers are refused", () => {
    for (const bad of ["64M", "64 MBs", "MB", "", "1e400MB", "NaN"]) expect(() => parseBytes(bad)).toThrow(InputError);
    for (const bad of ["100", "100Gbs", "fast"]) expect(() => parseBandwidth(bad)).toThrow(InputError);
    for (const bad of ["20", "20 parsecs", "us"]) expect(() => parseTime(bad)).toThrow(InputError);
    expect(() => parseBytes(NaN)).toThrow(InputError);
    expect(() => parseTime(Infinity)).toThrow(InputError);
  });
});

describe("library validation", () => {
  test("networks refuse out-of-range, non-integer and NaN parameters, naming them", () => {
    expect(errorOf(() => new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: NaN })).message).toMatch(/^nodes: NaN is not accepted; expected a node count from 2/);
    expect(errorOf(() => new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 8, wavelengths: 1.5 })).message).toMatch(/^wavelengths: 1.5/);
    expect(errorOf(() => new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 8, bandwidth: -1 })).message).toMatch(/^bandwidth: -1/);
    expect(errorOf(() => new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 8, power: { ...OPTICAL_RING_DEFAULTS.power, dropDb: NaN } })).message).toMatch(/^power.dropDb: NaN/);
    expect(errorOf(() => new Star({ nodes: 4, alpha: -1e-6, bandwidth: 1e11, switchLatency: 0, gamma: 0, tx: 0, rx: 0 })).message).toMatch(/^alpha: -0.000001/);
    expect(errorOf(() => new LeafSpine({ nodes: 4, leafSize: 0, spines: 1, uplinkBandwidth: 1e11, alpha: 0, bandwidth: 1e11, switchLatency: 0, gamma: 0, tx: 0, rx: 0 })).message).toMatch(/^leafSize: 0/);
  });

  test("simulate refuses bad sizes, modes, engines and algorithms", () => {
    const network = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 8 });
    expect(errorOf(() => simulate({ network, algorithm: "ring", elements: 0 })).message).toMatch(/^elements: 0/);
    expect(errorOf(() => simulate({ network, algorithm: "ring", elements: 2.5 })).message).toMatch(/^elements: 2.5/);
    expect(errorOf(() => simulate({ network, algorithm: "ring", elements: 8, mode: "fast" as never })).message).toMatch(/^mode: "fast"/);
    expect(errorOf(() => simulate({ network, algorithm: "ring", elements: 8, engine: "gpu" as never })).message).toMatch(/^engine: "gpu"/);
    expect(errorOf(() => simulate({ network, algorithm: "nope", elements: 8 })).message).toMatch(/^algorithm: "nope"/);
    expect(errorOf(() => buildSchedule(network, "hring", 8, 4, { hringGroup: 3 })).message).toMatch(/--hring-group: 3 .*divisor of the node count 8/);
  });

  test("limits before work: the estimate grows with the schedule, and a run past the limit is refused with it", () => {
    const ring = (n: number) => new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: n });
    const small = estimateRun(ring(64), buildSchedule(ring(64), "ring", 64), "wasm");
    const big = estimateRun(ring(4096), buildSchedule(ring(4096), "ring", 4096), "wasm");
    expect(small.transfers).toBe(2 * 63 * 64);
    expect(big.transfers).toBe(2 * 4095 * 4096);
    expect(big.parts.channels).toBe(2 * 4096 * 64 * 8);
    expect(big.memory).toBeGreaterThan(small.memory);
    const e = errorOf(() => simulate({ network: ring(4096), algorithm: "ring", elements: 4096, maxMemory: 1e6 }));
    expect(e.message).toMatch(/^memory: "about [\d.]+MB \(channel table 4.194MB, transfers in flight [\d.]+MB\) for 33,546,240 transfers" is not accepted; expected at most 1MB/);
    // the WebAssembly kernel cannot address more than 4 GiB whatever the limit
    const huge = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: 8_000_000, wavelengths: 64, power: { ...OPTICAL_RING_DEFAULTS.power, throughDbPerHop: 0 } });
    expect(errorOf(() => simulate({ network: huge, algorithm: "wrht", elements: 10, maxMemory: 1e12 })).message).toMatch(/WebAssembly kernel's address space/);
  });
});
