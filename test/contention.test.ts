// What the network model must show without being told: wavelength reuse for WRHT, contention for
// recursive doubling when wavelengths run short, indifference of Ring to the wavelength count.
import { describe, expect, test } from "vitest";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { simulate } from "../src/api/simulate.js";

const ring = (nodes: number, wavelengths: number, routing: "balanced" | "clockwise" = "balanced") => new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, wavelengths, routing });

describe("wavelengths on the optical ring", () => {
  test("RD slows as w shrinks and waits for channels; Ring does not change", () => {
    const n = 256;
    const elements = 1e6;
    const ws = [256, 128, 64, 32, 16, 8, 4, 2, 1];
    for (const routing of ["balanced", "clockwise"] as const) {
      const rd = ws.map((w) => simulate({ network: ring(n, w, routing), algorithm: "rd", elements }));
      const rg = ws.map((w) => simulate({ network: ring(n, w, routing), algorithm: "ring", elements }));
      // the last RD step crosses N/2 hops on every link: N/2 lightpaths per link when ties all go
      // clockwise, N/4 per fibre when balanced routing splits them
      const need = routing === "clockwise" ? n / 2 : n / 4;
      const fits = ws.indexOf(need);
      expect(rd[0].waitTime).toBe(0);
      expect(rd[0].peakWavelengths, routing).toBe(need);
      expect(rd[0].wavelengthsNeeded, routing).toBe(need);
      for (let i = 1; i < ws.length; i++) {
        expect(rd[i].time, `${routing} w=${ws[i]}`).toBeGreaterThanOrEqual(rd[i - 1].time);
        if (i <= fits) expect(rd[i].time, `${routing} w=${ws[i]}`).toBe(rd[0].time);
        expect(rg[i].time).toBe(rg[0].time);
      }
      expect(rd[fits + 1].time).toBeGreaterThan(rd[fits].time);
      expect(rd[rd.length - 1].time).toBeGreaterThan(10 * rd[0].time);
      expect(rd[rd.length - 1].waitTime).toBeGreaterThan(0);
      expect(rd[rd.length - 1].peakWavelengths).toBe(1);
      // without contention RD runs at its closed form
      expect(Math.abs(rd[0].time - (rd[0].closedForm as number)) / rd[0].time).toBeLessThan(1e-12);
    }
  });

  test("WRHT groups reuse wavelengths: the peak is one level's need, not the sum over groups", () => {
    const r = simulate({ network: ring(1024, 64), algorithm: "wrht", elements: 1e6, mode: "lockstep", options: { groupSize: 9, shortcut: "off" } });
    // 114 groups of 9 at level 1, each needing ceil(8/2) = 4 wavelengths: reused, so 4 in all
    expect(r.peakWavelengths).toBe(4);
    expect(r.waitTime).toBe(0);
  });
});
