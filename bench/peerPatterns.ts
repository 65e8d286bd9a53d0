// The contended patterns the peer benchmark runs on SimGrid (bench/simgrid/contended.cpp) and on
// WRHT-Sim's fair sharing: the same messages on the same links, so the simulated times must agree
// (SimGrid's max-min solver works to a relative precision of about 1e-9). test/peer.test.ts holds
// WRHT-Sim to SimGrid results committed in test/fixtures/simgrid-contended.json.
import { simulate } from "../src/api/simulate.js";
import { ExplicitSchedule, OP_COPY, OP_REDUCE, type Op, PIN_AUTO, type Transfer } from "../src/core/schedule.js";
import { ScheduleList } from "../src/engine/schedules.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { LeafSpine } from "../src/network/leafSpine.js";
import { Star } from "../src/network/star.js";

/** SimGrid's command-line settings: CM02, cross-traffic and TCP gamma off. */
export const SIMGRID_CFG = ["--cfg=network/model:CM02", "--cfg=network/crosstraffic:0", "--cfg=network/TCP-gamma:0", "--log=root.thres:critical"];
/** Per node-link latency (a path crosses two: alpha = 2 x this), and a link's rate in bytes/s. */
export const LATENCY = 5e-6;
export const BYTES_PER_S = 12.5e9;

export interface PeerPattern {
  /** The SimGrid program's pattern argument. */
  readonly simgrid: string;
  /** What it is, for tables. */
  readonly title: string;
  /** WRHT-Sim's simulated time and message count for n nodes and `bytes` (as the SimGrid program reads them). */
  ours(n: number, bytes: number): { time: number; messages: number };
}

const timing = { alpha: 2 * LATENCY, switchLatency: 0, bandwidth: 8 * BYTES_PER_S };
const star = (n: number) => new Star({ nodes: n, ...timing });
const send = (src: number, dst: number, elements: number, op: Op = OP_COPY): Transfer => ({ src, dst, begin: 0, end: elements, op, pin: PIN_AUTO });

/** Direct all-to-all on a network: every node sends bytes/n to every other at once. */
function allToAll(network: Star | LeafSpine, bytes: number) {
  const r = simulate({ network, collective: "alltoall", algorithm: "direct", elements: bytes / 4 });
  return { time: r.time, messages: r.transfers };
}

export const PEER_PATTERNS: readonly PeerPattern[] = [
  { simgrid: "a2a", title: "direct all-to-all, star", ours: (n, bytes) => allToAll(star(n), bytes) },
  {
    simgrid: "fanin:16",
    title: "WRHT level, groups of 16 into their leader, star",
    ours: (n, bytes) => {
      // groups of 16 consecutive nodes; the lower middle member leads, as in WRHT
      const step: Transfer[] = [];
      for (let first = 0; first < n; first += 16) {
        const size = Math.min(16, n - first);
        const leader = first + Math.floor((size - 1) / 2);
        for (let i = first; i < first + size; i++) if (i !== leader) step.push(send(i, leader, bytes / 4, OP_REDUCE));
      }
      const out = new WasmEngine().run({ network: star(n), schedule: new ExplicitSchedule(n, bytes / 4, [step], "fan-in"), mode: "async", elementBytes: 4 });
      return { time: out.time, messages: out.transfers };
    },
  },
  {
    simgrid: "streams",
    title: "two ring streams at once (FSDP's all-gather and reduce-scatter), star",
    ours: (n, bytes) => {
      const ring = () => new ExplicitSchedule(n, bytes / 4, Array.from({ length: n - 1 }, () => Array.from({ length: n }, (_, i) => send(i, (i + 1) % n, bytes / 4 / n))), "ring");
      const list = new ScheduleList([
        { schedule: ring(), stream: 0, release: 0 },
        { schedule: ring(), stream: 1, release: 0 },
      ]);
      const out = new WasmEngine().run({ network: star(n), schedule: list.combined, schedules: list, mode: "async", elementBytes: 4 });
      return { time: out.time, messages: out.transfers };
    },
  },
  {
    simgrid: "ls-a2a:16:4:25e9",
    title: "direct all-to-all, leaf-spine of 16-node leaves, 4 spines at 200 Gb/s (2:1 oversubscribed)",
    ours: (n, bytes) => allToAll(new LeafSpine({ nodes: n, leafSize: 16, spines: 4, uplinkBandwidth: 8 * 25e9, ...timing }), bytes),
  },
];

/** A size every block divides exactly at every n used (16 to 1,024): no rounding between the two. */
export const peerBytes = (n: number): number => n * 4 * 15_625;
