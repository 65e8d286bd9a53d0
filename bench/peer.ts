// The peer benchmark: the same all-reduce patterns on SimGrid (S4U, a star of full-duplex links,
// CM02 with cross-traffic and TCP gamma off: exactly the alpha-beta model) and on WRHT-Sim's
// electrical star, in one run. Checks that the simulated times agree, then times Ring on 1024 and
// 2048 nodes: SimGrid's process against WRHT-Sim's command line and an in-process simulate().
// Skipped, saying so, when SimGrid (Debian's libsimgrid-dev) or g++ is not installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Star } from "../src/network/star.js";
import { simulate } from "../src/api/simulate.js";

const SIMGRID_CFG = ["--cfg=network/model:CM02", "--cfg=network/crosstraffic:0", "--cfg=network/TCP-gamma:0", "--log=root.thres:critical"];
/** Per-link latency (a path crosses two links: alpha = 2 x this), rate in bytes/s. */
const LATENCY = 5e-6;
const BYTES_PER_S = 12.5e9;

export interface PeerResult {
  agreement: string[][];
  speed: string[][];
}

/** Compiles the SimGrid side; undefined (with the reason printed) when it cannot. */
function compile(): string | undefined {
  if (!existsSync("/usr/include/simgrid/s4u.hpp")) {
    console.log("\nPeer benchmark skipped: SimGrid is not installed (apt-get install libsimgrid-dev)");
    return undefined;
  }
  const source = fileURLToPath(new URL("../../bench/simgrid/collectives.cpp", import.meta.url));
  const binary = join(mkdtempSync(join(tmpdir(), "wrht-simgrid-")), "collectives");
  const r = spawnSync("g++", ["-O2", "-o", binary, source, "-lsimgrid"], { encoding: "utf8" });
  if (r.status !== 0) {
    console.log(`\nPeer benchmark skipped: the SimGrid program did not compile (${(r.stderr || r.error?.message || "").split("\n")[0]})`);
    return undefined;
  }
  return binary;
}

function simgrid(binary: string, pattern: string, n: number, bytes: number): { time: number; messages: number; wall: number } {
  const started = performance.now();
  const out = execFileSync(binary, [pattern, String(n), String(bytes), String(BYTES_PER_S), String(LATENCY), ...SIMGRID_CFG], { encoding: "utf8", maxBuffer: 1 << 20 });
  const wall = (performance.now() - started) / 1000;
  return { ...JSON.parse(out.trim().split("\n").pop() as string), wall };
}

const star = (n: number) => new Star({ nodes: n, alpha: 2 * LATENCY, switchLatency: 0, bandwidth: 8 * BYTES_PER_S });

export function peerBenchmark(quick: boolean): PeerResult | undefined {
  const binary = compile();
  if (!binary) return undefined;
  const algorithms: Record<string, string> = { ring: "ring", rd: "rd", bt: "bt" };
  const agreement: string[][] = [];
  for (const n of quick ? [64] : [64, 256]) {
    for (const pattern of ["ring", "rd", "bt"]) {
      // a size every chunk divides exactly: no rounding between the two
      const bytes = n * 4 * 25_000;
      const sg = simgrid(binary, pattern, n, bytes);
      const ours = simulate({ network: star(n), algorithm: algorithms[pattern], elements: bytes / 4 });
      const rel = Math.abs(ours.time - sg.time) / sg.time;
      agreement.push([pattern, String(n), sg.time.toPrecision(10), ours.time.toPrecision(10), rel.toExponential(1), String(sg.messages === ours.transfers)]);
    }
  }
  const speed: string[][] = [];
  const cli = fileURLToPath(new URL("../cli/main.js", import.meta.url));
  for (const n of quick ? [1024] : [1024, 2048]) {
    const bytes = 100e6;
    const sg = simgrid(binary, "ring", n, bytes);
    let started = performance.now();
    execFileSync(process.execPath, [cli, "run", "--network", "star", "-n", String(n), "--alpha", "10us", "--switch-latency", "0", "--size", "100MB", "--json"], { encoding: "utf8" });
    const cliWall = (performance.now() - started) / 1000;
    const net = star(n);
    simulate({ network: net, algorithm: "ring", elements: bytes / 4 }); // warm
    started = performance.now();
    const r = simulate({ network: net, algorithm: "ring", elements: bytes / 4 });
    const inProcess = (performance.now() - started) / 1000;
    const m = r.transfers;
    const rate = (s: number) => (m / s / 1e6).toFixed(2);
    speed.push([`ring N=${n}`, m.toLocaleString("en-US"), sg.wall.toFixed(2), rate(sg.wall), cliWall.toFixed(3), rate(cliWall), `${(sg.wall / cliWall).toFixed(0)}x`, inProcess.toFixed(3), rate(inProcess), `${(sg.wall / inProcess).toFixed(0)}x`]);
  }
  return { agreement, speed };
}
