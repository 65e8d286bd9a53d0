// Contended runs, pinned: the SHA-256 of the JSONL trace of 20 configurations where contention,
// long lightpaths, transceiver limits and regeneration decide every grant. Work on the engine's
// speed (channel state, wake-ups) must leave each trace byte for byte as it is; a change of
// semantics must say why and update test/fixtures/trace-checksums.json (`UPDATE_TRACE_CHECKSUMS=1`).
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { cli } from "./helpers/cli.js";

export const CONTENDED: Record<string, string[]> = {
  "wrht ring 3 wavelengths": ["-a", "wrht", "-n", "48", "-w", "3", "--size", "4MB"],
  "pairwise all-to-all 1 wavelength": ["-c", "alltoall", "-a", "pairwise", "-n", "24", "-w", "1", "--size", "1MB"],
  "hring 2 wavelengths": ["-a", "hring", "-n", "36", "-w", "2", "--size", "2MB"],
  "bt unidirectional 1 wavelength": ["-a", "bt", "-n", "40", "-w", "1", "--direction", "unidirectional", "--size", "1MB"],
  "rd 2 wavelengths greedy": ["-a", "rd", "-n", "64", "-w", "2", "--size", "2MB"],
  "rd 2 wavelengths reservation": ["-a", "rd", "-n", "64", "-w", "2", "--size", "2MB", "--grants", "reservation"],
  "hd 4 wavelengths greedy": ["-a", "hd", "-n", "128", "-w", "4", "--size", "8MB"],
  "hd 4 wavelengths reservation": ["-a", "hd", "-n", "128", "-w", "4", "--size", "8MB", "--grants", "reservation"],
  "rd adaptive routing": ["-a", "rd", "-n", "48", "-w", "3", "--size", "1MB", "--routing", "adaptive"],
  "direct all-to-all tunable tx/rx": ["-c", "alltoall", "-a", "direct", "-n", "16", "-w", "8", "--tx", "2", "--rx", "2", "--tuning-time", "2us", "--size", "1MB"],
  "hd tunable tx/rx reservation": ["-a", "hd", "-n", "32", "-w", "4", "--tx", "1", "--rx", "2", "--tuning-time", "1us", "--size", "1MB", "--grants", "reservation"],
  "rd regenerated": ["-a", "rd", "-n", "64", "-w", "4", "--through-db", "2", "--regenerate", "--size", "1MB"],
  "wrht regenerated unidirectional": ["-a", "wrht", "-n", "60", "-w", "6", "--direction", "unidirectional", "--through-db", "1.5", "--regenerate", "--size", "1MB"],
  "direct all-to-all 2 wavelengths": ["-c", "alltoall", "-a", "direct", "-n", "24", "-w", "2", "--size", "1MB"],
  "direct all-to-all reservation": ["-c", "alltoall", "-a", "direct", "-n", "24", "-w", "2", "--size", "1MB", "--grants", "reservation"],
  "optree all-gather 4 wavelengths": ["-c", "allgather", "-a", "optree", "-n", "64", "-w", "4", "--size", "4MB"],
  "rd lockstep 1 wavelength": ["-a", "rd", "-n", "32", "-w", "1", "--size", "1MB", "--mode", "lockstep"],
  "star direct all-to-all": ["-c", "alltoall", "-a", "direct", "-n", "32", "--network", "star", "--size", "1MB"],
  "leaf-spine direct all-to-all reservation": ["-c", "alltoall", "-a", "direct", "-n", "16", "--network", "leaf-spine", "--leaf-size", "4", "--size", "1MB", "--grants", "reservation"],
  "leaf-spine 3:1 hd": ["-a", "hd", "-n", "64", "--network", "leaf-spine", "--leaf-size", "8", "--spines", "2", "--oversubscription", "3", "--size", "2MB"],
};

const FIXTURE = join(__dirname, "fixtures", "trace-checksums.json");

test("20 contended configurations give the same traces, byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), "wrht-checksums-"));
  const sums: Record<string, string> = {};
  for (const [name, args] of Object.entries(CONTENDED)) {
    const trace = join(dir, "t.jsonl");
    const r = cli(["run", ...args, "--trace", trace]);
    expect(r.code, `${name}: ${r.stderr}`).toBe(0);
    const text = readFileSync(trace, "utf8");
    // each is contended: some transfer waited for a channel or transceiver
    const summary = JSON.parse(text.trimEnd().split("\n").pop() as string);
    expect(summary.waitTime, name).toBeGreaterThan(0);
    sums[name] = createHash("sha256").update(text).digest("hex");
  }
  if (process.env.UPDATE_TRACE_CHECKSUMS === "1") writeFileSync(FIXTURE, JSON.stringify(sums, null, 2) + "\n");
  expect(sums).toEqual(JSON.parse(readFileSync(FIXTURE, "utf8")));
}, 120_000);
