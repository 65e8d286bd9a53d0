// WRHT-Sim's fair sharing against SimGrid's max-min sharing (CM02, cross-traffic and TCP gamma off)
// on contended patterns: direct all-to-all on a star and on an oversubscribed leaf-spine, WRHT's
// fan-in, two overlapping ring streams. The expected times are SimGrid's own, committed with the
// command of each run (bench/simgridFixture.ts); where SimGrid is installed, the smaller runs are
// repeated live so the committed values cannot go stale.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PEER_PATTERNS } from "../bench/peerPatterns.js";
import { compileSimgrid, simgrid } from "../bench/peer.js";

interface Run {
  pattern: string;
  nodes: number;
  bytes: number;
  time: number;
  messages: number;
  command: string;
}
const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "simgrid-contended.json"), "utf8")) as { runs: Run[] };

describe("fair sharing equals SimGrid on contended patterns (relative 1e-9)", () => {
  test("every committed SimGrid run: the same time and the same number of messages", () => {
    expect(new Set(fixture.runs.map((r) => r.pattern))).toEqual(new Set(PEER_PATTERNS.map((p) => p.simgrid)));
    expect(new Set(fixture.runs.map((r) => r.nodes))).toEqual(new Set([16, 64, 256]));
    for (const run of fixture.runs) {
      const ours = (PEER_PATTERNS.find((p) => p.simgrid === run.pattern) as (typeof PEER_PATTERNS)[number]).ours(run.nodes, run.bytes);
      expect(Math.abs(ours.time - run.time) / run.time, `${run.command}: SimGrid ${run.time}, WRHT-Sim ${ours.time}`).toBeLessThan(1e-9);
      expect(ours.messages).toBe(run.messages);
    }
  });

  test("SimGrid, run here where it is installed, still gives the committed times (16 and 64 nodes)", () => {
    const binary = compileSimgrid("contended", true);
    if (binary === undefined) {
      console.log("SimGrid is not installed here: the committed times stand as recorded");
      return;
    }
    for (const run of fixture.runs.filter((r) => r.nodes <= 64)) {
      const live = simgrid(binary, run.pattern, run.nodes, run.bytes);
      expect(live.time, run.command).toBe(run.time);
      expect(live.messages).toBe(run.messages);
    }
  }, 120_000);
});
