// The real command line, run as a separate process.
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cli } from "./helpers/cli.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";

describe("wrht-sim run", () => {
  test("Ring on 64 nodes, 64MB, lockstep: time = 2(N-1)(alpha + 8D/(NB) + hopLatency) to 1e-9", () => {
    const r = cli(["run", "--algorithm", "ring", "--nodes", "64", "--size", "64MB", "--mode", "lockstep", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const want = 2 * 63 * (20e-6 + (8 * 64e6) / (64 * 100e9) + 10e-9);
    expect(Math.abs(out.time - want) / want).toBeLessThan(1e-9);
    expect(out).toMatchObject({ steps: 126, transfers: 126 * 64, peakWavelengths: 1, algorithm: "ring", params: {} });
  });

  test("units: --bandwidth, --alpha and --hop-latency with units, SI and IEC sizes", () => {
    const a = JSON.parse(cli(["run", "-n", "8", "--size", "64MiB", "--bandwidth", "400Gbps", "--alpha", "5us", "--hop-latency", "2ns", "--mode", "lockstep", "--json"]).stdout);
    const d = 2 ** 26;
    const want = 14 * (5e-6 + (8 * d) / (8 * 400e9) + 2e-9);
    expect(a.size).toBe(d);
    expect(Math.abs(a.time - want) / want).toBeLessThan(1e-9);
  });

  test("the table names the run and its time; the js engine gives the same number", () => {
    const t = cli(["run", "-n", "16", "--size", "1MB"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/ring all-reduce on a 16-node optical ring/);
    const w = JSON.parse(cli(["run", "-n", "16", "--size", "1MB", "--json"]).stdout);
    const j = JSON.parse(cli(["run", "-n", "16", "--size", "1MB", "--json", "--engine", "js"]).stdout);
    expect(j.time).toBe(w.time);
  });

  test("--trace and --chrome-trace write complete files", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-cli-"));
    const r = cli(["run", "-n", "9", "--elements", "40", "-w", "1", "--trace", "t.jsonl", "--chrome-trace", "t.json"], dir);
    expect(r.code).toBe(0);
    expect(checkTrace(parseTrace(readFileSync(join(dir, "t.jsonl"), "utf8")))).toEqual([]);
    const chrome = JSON.parse(readFileSync(join(dir, "t.json"), "utf8"));
    // a slice on the sender and one on the receiver for each of the 2(N-1)N transfers
    expect(chrome.traceEvents.filter((e: { ph: string }) => e.ph === "X")).toHaveLength(2 * 2 * 8 * 9);
    expect(readdirSync(dir).sort()).toEqual(["t.json", "t.jsonl"]);
  });

  test("bad input: one line naming the field, exit 2, no output file", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-bad-"));
    const cases: [string[], RegExp][] = [
      [["--nodes", "1"], /--nodes: "1".*node count from 2/],
      [["--nodes", "abc"], /--nodes: "abc"/],
      [["--size", "64M"], /--size: "64M".*in bytes/],
      [["--bandwidth", "100Gbs"], /--bandwidth: "100Gbs"/],
      [["--alpha", "-1us"], /--alpha: "-1us"/],
      [["--mode", "fast"], /--mode: "fast".*async, lockstep/],
      [["--algorithm", "foo"], /--algorithm: "foo".*ring/],
      [["--through-db", "30"], /power budget: step 0 transfer 0->1 crosses 1 hops/],
      [["--size", "10B", "--dtype", "fp32"], /--size: "10B".*whole number of 4-byte/],
      [["--nodez", "4"], /unknown option '--nodez'/],
    ];
    for (const [args, re] of cases) {
      const r = cli(["run", "-n", r0(args), ...args, "--trace", "out.jsonl", "--chrome-trace", "out.json"], dir);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/at \S+ \(|node:internal|\.js:\d+/);
      expect(readdirSync(dir), args.join(" ")).toEqual([]);
    }
    expect(existsSync(join(dir, "out.jsonl"))).toBe(false);
  });

  test("--help shows examples", () => {
    const r = cli(["run", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/--hop-latency/);
  });
});

/** A small default ring unless the case sets --nodes itself. */
function r0(args: string[]): string {
  return args.includes("--nodes") ? args[args.indexOf("--nodes") + 1] : "8";
}
