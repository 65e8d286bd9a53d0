// The peer benchmark: the same patterns on SimGrid (S4U, CM02 with cross-traffic and TCP gamma
// off: the alpha-beta model, links shared max-min fairly) and on WRHT-Sim's electrical networks,
// in one run. Checks that the simulated times agree: all-reduce patterns without contention
// (bench/simgrid/collectives.cpp) and contended ones under fair sharing (bench/peerPatterns.ts,
// bench/simgrid/contended.cpp); then times Ring on 1024 and 2048 nodes and direct all-to-all on
// 256 and 1024: SimGrid's process against WRHT-Sim's command line (and, for Ring, an in-process
// simulate()). Skipped, saying so, when SimGrid (Debian's libsimgrid-dev) or g++ is not installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Star } from "../src/network/star.js";
import { simulate } from "../src/api/simulate.js";
import { BYTES_PER_S, LATENCY, PEER_PATTERNS, SIMGRID_CFG, peerBytes } from "./peerPatterns.js";

export interface PeerResult {
  agreement: string[][];
  contended: string[][];
  speed: string[][];
}

/**
 * Compiles one of bench/simgrid's programs (`collectives` or `contended`); undefined, with the
 * reason printed, when SimGrid or g++ is missing or it does not compile.
 */
export function compileSimgrid(name: "collectives" | "contended", quiet = false): string | undefined {
  const say = (why: string) => quiet || console.log(`\nPeer benchmark skipped: ${why}`);
  if (!existsSync("/usr/include/simgrid/s4u.hpp")) {
    say("SimGrid is not installed (apt-get install libsimgrid-dev)");
    return undefined;
  }
  // beside this file when run from source (tests), two levels up when compiled to dist/bench
  const source = [new URL(`./simgrid/${name}.cpp`, import.meta.url), new URL(`../../bench/simgrid/${name}.cpp`, import.meta.url)].map((u) => fileURLToPath(u)).find(existsSync) as string;
  const binary = join(mkdtempSync(join(tmpdir(), "wrht-simgrid-")), name);
  const r = spawnSync("g++", ["-O2", "-o", binary, source, "-lsimgrid"], { encoding: "utf8" });
  if (r.status !== 0) {
    say(`the SimGrid program did not compile (${(r.stderr || r.error?.message || "").split("\n")[0]})`);
    return undefined;
  }
  return binary;
}

/** The command line of one SimGrid run (its program's name first). */
export function simgridArgs(pattern: string, n: number, bytes: number): string[] {
  return [pattern, String(n), String(bytes), String(BYTES_PER_S), String(LATENCY), ...SIMGRID_CFG];
}

export function simgrid(binary: string, pattern: string, n: number, bytes: number): { time: number; messages: number; wall: number } {
  const started = performance.now();
  const out = execFileSync(binary, simgridArgs(pattern, n, bytes), { encoding: "utf8", maxBuffer: 1 << 20 });
  const wall = (performance.now() - started) / 1000;
  return { ...JSON.parse(out.trim().split("\n").pop() as string), wall };
}

const star = (n: number) => new Star({ nodes: n, alpha: 2 * LATENCY, switchLatency: 0, bandwidth: 8 * BYTES_PER_S });

export function peerBenchmark(quick: boolean): PeerResult | undefined {
  const binary = compileSimgrid("collectives");
  const contendedBinary = binary && compileSimgrid("contended");
  if (!binary || !contendedBinary) return undefined;
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
  // contended patterns under fair sharing
  const contended: string[][] = [];
  for (const n of quick ? [16, 64] : [16, 64, 256]) {
    for (const p of PEER_PATTERNS) {
      const bytes = peerBytes(n);
      const sg = simgrid(contendedBinary, p.simgrid, n, bytes);
      const ours = p.ours(n, bytes);
      const rel = Math.abs(ours.time - sg.time) / sg.time;
      contended.push([p.title, String(n), sg.time.toPrecision(10), ours.time.toPrecision(10), rel.toExponential(1), String(sg.messages === ours.messages)]);
    }
  }
  const speed: string[][] = [];
  const cli = fileURLToPath(new URL("../cli/main.js", import.meta.url));
  // direct all-to-all of 1 GB per node under fair sharing: SimGrid against the command line
  for (const n of quick ? [256] : [256, 1024]) {
    const bytes = 1e9 - (1e9 % (4 * n));
    const sg = simgrid(contendedBinary, "a2a", n, bytes);
    const started = performance.now();
    const out = execFileSync(process.execPath, [cli, "run", "-c", "alltoall", "-a", "direct", "--network", "star", "-n", String(n), "--alpha", "10us", "--switch-latency", "0", "--elements", String(bytes / 4), "--json"], { encoding: "utf8", maxBuffer: 1 << 26 });
    const cliWall = (performance.now() - started) / 1000;
    const ours = JSON.parse(out);
    if (Math.abs(ours.time - sg.time) / sg.time > 1e-9) throw new Error(`direct all-to-all N=${n}: SimGrid ${sg.time} s, WRHT-Sim ${ours.time} s`);
    const m = n * (n - 1);
    const rate = (s: number) => (m / s / 1e6).toFixed(2);
    speed.push([`direct all-to-all N=${n}, 1 GB`, m.toLocaleString("en-US"), sg.wall.toFixed(2), rate(sg.wall), cliWall.toFixed(3), rate(cliWall), `${(sg.wall / cliWall).toFixed(0)}x`, "", "", ""]);
  }
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
  return { agreement, contended, speed };
}
