// Writes test/fixtures/simgrid-contended.json: SimGrid's simulated times of the contended patterns
// (bench/peerPatterns.ts) at 16, 64 and 256 nodes, each with the command that produced it, so that
// test/peer.test.ts can hold WRHT-Sim to them on machines without SimGrid.
// Run: npm run build:ts && node dist/bench/simgridFixture.js
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PEER_PATTERNS, peerBytes } from "./peerPatterns.js";
import { compileSimgrid, simgrid, simgridArgs } from "./peer.js";

const binary = compileSimgrid("contended");
if (!binary) process.exit(1);
const version = execFileSync("dpkg-query", ["-W", "-f=${Version}", "libsimgrid-dev"], { encoding: "utf8" }).trim();
const runs = [];
for (const p of PEER_PATTERNS) {
  for (const nodes of [16, 64, 256]) {
    const bytes = peerBytes(nodes);
    const { time, messages } = simgrid(binary, p.simgrid, nodes, bytes);
    runs.push({ pattern: p.simgrid, nodes, bytes, time, messages, command: ["contended", ...simgridArgs(p.simgrid, nodes, bytes)].join(" ") });
  }
}
const fixture = {
  about: "SimGrid's simulated times of bench/peerPatterns.ts's patterns; program bench/simgrid/contended.cpp, compiled with g++ -O2 -lsimgrid",
  simgrid: `libsimgrid-dev ${version} (Debian)`,
  runs,
};
const out = fileURLToPath(new URL("../../test/fixtures/simgrid-contended.json", import.meta.url));
writeFileSync(out, JSON.stringify(fixture, null, 2) + "\n");
console.log(`wrote ${runs.length} SimGrid runs to ${out}`);
