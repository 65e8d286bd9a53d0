// One measured simulation in a fresh process, for the scaling table: prints a JSON line with the
// run's seconds and the process's peak resident memory. Usage: node dist/bench/point.js ALG N
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { simulate } from "../src/api/simulate.js";

const [algorithm, nodesArg, elementsArg] = process.argv.slice(2);
const nodes = Number(nodesArg);
// the power budget would refuse half-ring lightpaths on rings this large: lossless for timing
const network = new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes, power: { ...OPTICAL_RING_DEFAULTS.power, throughDbPerHop: 0 } });
const elements = Number(elementsArg ?? 25e6);
const t0 = performance.now();
const r = simulate({ network, algorithm, elements, maxMemory: 16 * 2 ** 30 });
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ algorithm, nodes, transfers: r.transfers, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, time: r.time, params: r.params }));
