// Contended runs, pinned: the SHA-256 of the JSONL trace of 23 configurations where contention,
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
  "star direct all-to-all": ["-c", "alltoall", "-a", "direct", "-n", "32", "--network", "star", "--size", "1MB", "--sharing", "exclusive"],
  "leaf-spine direct all-to-all reservation": ["-c", "alltoall", "-a", "direct", "-n", "16", "--network", "leaf-spine", "--leaf-size", "4", "--size", "1MB", "--grants", "reservation", "--sharing", "exclusive"],
  "leaf-spine 3:1 hd": ["-a", "hd", "-n", "64", "--network", "leaf-spine", "--leaf-size", "8", "--spines", "2", "--oversubscription", "3", "--size", "2MB", "--sharing", "exclusive"],
  // fair sharing: nothing waits, links are shared
  "star direct all-to-all, fair": ["-c", "alltoall", "-a", "direct", "-n", "32", "--network", "star", "--size", "1MB"],
  "leaf-spine 3:1 hd, fair, 2 ports": ["-a", "hd", "-n", "64", "--network", "leaf-spine", "--leaf-size", "8", "--spines", "2", "--oversubscription", "3", "--size", "2MB", "--ports", "2"],
  "star direct all-to-all, fair, tx/rx limits": ["-c", "alltoall", "-a", "direct", "-n", "24", "--network", "star", "--size", "1MB", "--tx", "3", "--rx", "2"],
};

const FIXTURE = join(__dirname, "fixtures", "trace-checksums.json");

test("23 contended configurations give the same traces, byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), "wrht-checksums-"));
  const sums: Record<string, string> = {};
  for (const [name, args] of Object.entries(CONTENDED)) {
    const trace = join(dir, "t.jsonl");
    const r = cli(["run", ...args, "--trace", trace]);
    expect(r.code, `${name}: ${r.stderr}`).toBe(0);
    const text = readFileSync(trace, "utf8");
    // each is contended: some transfer waited for a channel or transceiver, or (fair sharing) flowed
    // slower than its path's bandwidth
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    const summary = lines[lines.length - 1];
    const shared = lines.some((t) => t.flowStart !== undefined && t.finish - t.flowStart > ((8 * t.bytes) / 100e9) * (1 + 1e-9));
    expect(summary.waitTime > 0 || shared, name).toBe(true);
    sums[name] = createHash("sha256").update(text).digest("hex");
  }
  if (process.env.UPDATE_TRACE_CHECKSUMS === "1") writeFileSync(FIXTURE, JSON.stringify(sums, null, 2) + "\n");
  expect(sums).toEqual(JSON.parse(readFileSync(FIXTURE, "utf8")));
}, 120_000);
