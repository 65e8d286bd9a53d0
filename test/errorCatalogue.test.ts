// Every bad input gets one line naming the field, the value and what is accepted; exit code 2;
// no stack trace; no output file created, and none truncated.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { cli } from "./helpers/cli.js";

const SWEEP = "axes:\n  algorithm: [ring]\n  nodes: [8, 16]\n";
const OUT = ["--trace", "t.jsonl", "--chrome-trace", "c.json"];

// [arguments, what stderr must say]
const CATALOGUE: [string[], RegExp][] = [
  [["run", "--nodes", "1", ...OUT], /^wrht-sim: --nodes: "1" is not accepted; expected a node count from 2 to 16777216$/],
  [["run", "--nodes", "NaN", ...OUT], /--nodes: "NaN" .*node count/],
  [["run", "--nodes", "99999999", ...OUT], /--nodes: "99999999" .*to 16777216/],
  [["run", "--wavelengths", "0", ...OUT], /--wavelengths: "0" .*from 1 to 4096/],
  [["run", "--wavelengths", "2.5", ...OUT], /--wavelengths: "2.5"/],
  [["run", "--bandwidth", "100", ...OUT], /--bandwidth: "100" .*with a unit, such as 100Gbps/],
  [["run", "--bandwidth", "100Gbs", ...OUT], /--bandwidth: "100Gbs"/],
  [["run", "--bandwidth", "-5Gbps", ...OUT], /--bandwidth: "-5Gbps" .*above 0/],
  [["run", "--alpha", "20", ...OUT], /--alpha: "20" .*with a unit, such as 20us/],
  [["run", "--hop-latency", "10parsecs", ...OUT], /--hop-latency: "10parsecs"/],
  [["run", "--gamma", "-1ns", ...OUT], /--gamma: "-1ns"/],
  [["run", "--size", "64M", ...OUT], /--size: "64M" .*in bytes, such as 100MB .*--params/],
  [["run", "--size", "10B", ...OUT], /--size: "10B" .*whole number of 4-byte fp32 elements/],
  [["run", "--size", "1MB", "--elements", "4", ...OUT], /--elements: "4" .*only one of --size, --elements/],
  [["run", "--elements", "0", ...OUT], /--elements: "0"/],
  [["run", "--params", "1.5X", ...OUT], /--params: "1.5X"/],
  [["run", "--model", "resnet", ...OUT], /--model: "resnet" .*resnet50/],
  [["run", "--dtype", "fp33", ...OUT], /--dtype: "fp33" .*fp32, fp16/],
  [["run", "--algorithm", "allgather", ...OUT], /--algorithm: "allgather" .*wrht/],
  [["run", "--network", "token-ring", ...OUT], /--network: "token-ring" .*optical-ring, star, leaf-spine/],
  [["run", "--preset", "nope", ...OUT], /--preset: "nope" .*paper-optical/],
  [["run", "--direction", "sideways", ...OUT], /--direction: "sideways"/],
  [["run", "--mode", "fast", ...OUT], /--mode: "fast" .*async, lockstep/],
  [["run", "--engine", "gpu", ...OUT], /--engine: "gpu" .*wasm, js/],
  [["run", "--tx", "-1", ...OUT], /--tx: "-1"/],
  [["run", "--through-db", "-1", ...OUT], /--through-db: "-1"/],
  [["run", "--laser-dbm", "abc", ...OUT], /--laser-dbm: "abc"/],
  [["run", "--network", "leaf-spine", "--leaf-size", "0", ...OUT], /--leaf-size: "0"/],
  [["run", "--network", "leaf-spine", "--oversubscription", "0.5", ...OUT], /--oversubscription: "0.5" .*from 1/],
  [["run", "-a", "wrht", "-n", "8", "--group-size", "9", ...OUT], /--group-size: "9" .*from 2 to the node count 8/],
  [["run", "-a", "wrht", "-n", "64", "-w", "2", "--group-size", "10", ...OUT], /--group-size: 10 .*needs 5 wavelengths/],
  [["run", "-a", "wrht", "--shortcut", "maybe", ...OUT], /--shortcut: "maybe"/],
  [["run", "-a", "hring", "-n", "12", "--hring-group", "5", ...OUT], /--hring-group: "5" .*divisor of the node count 12/],
  [["run", "-n", "64", "--through-db", "30", ...OUT], /power budget: step 0 transfer 0->1 crosses 1 hops/],
  [["run", "-n", "4000", "--max-memory", "1MB", ...OUT], /memory: "about .* for 31,992,000 transfers" .*at most 1MB/],
  [["run", "--max-memory", "lots", ...OUT], /--max-memory: "lots"/],
  [["run", "-n", "8", "--trace", "no/such/dir/t.jsonl"], /--trace: "no\/such\/dir\/t.jsonl" .*existing directory/],
  [["run", "--nodez", "4", ...OUT], /unknown option '--nodez'/],
  [["run", "--tx", "2", "--tuning-time", "-1us", ...OUT], /--tuning-time: "-1us" .*at least 0/],
  [["run", "--tuning-time", "5us", ...OUT], /--tuning-time: "5us" applies to tunable transceivers, .* add --tx or --rx/],
  [["run", "--network", "star", "--regenerate", ...OUT], /--regenerate: true sets optical-ring networks only/],
  [["run", "--regenerate", "--regen-latency", "100", ...OUT], /--regen-latency: "100" .*with a unit/],
  [["run", "--regen-latency", "100ns", ...OUT], /--regen-latency: "100ns" applies to regenerated lightpaths; add --regenerate/],
  [["run", "--grants", "lazy", ...OUT], /--grants: "lazy" .*greedy, reservation/],
  [["run", "--routing", "random", ...OUT], /--routing: "random" .*balanced, clockwise, adaptive/],
  [["run", "--wall-plug-efficiency", "2", ...OUT], /--wall-plug-efficiency: "2" .*from 0.001 to 1/],
  [["run", "--network", "star", "--modulator-pj", "1", ...OUT], /--modulator-pj: "1" sets optical-ring networks only/],
  // fair sharing, ports and static energy
  [["run", "--sharing", "fair", ...OUT], /^wrht-sim: --sharing: "fair" sets star or leaf-spine networks only, and this run is on an optical-ring network; drop it or choose another network$/],
  [["run", "--network", "star", "--sharing", "fairly", ...OUT], /--sharing: "fairly" .*did you mean fair\?.*fair, exclusive/],
  [["run", "--network", "star", "--ports", "0", ...OUT], /^wrht-sim: --ports: "0" is not accepted; expected ports per node from 1 to 1024$/],
  [["run", "--network", "leaf-spine", "--ports", "-2", ...OUT], /--ports: "-2" .*from 1 to 1024/],
  [["run", "--network", "star", "--grants", "reservation", ...OUT], /--grants: "reservation" reserves links, .*add --sharing exclusive/],
  [["run", "--ring-heater-mw", "-1", ...OUT], /--ring-heater-mw: "-1" .*mW per ring from 0/],
  [["run", "--laser-idle", "-0.5", ...OUT], /--laser-idle: "-0.5" .*from 0 to 1/],
  [["run", "--network", "star", "--serdes-idle", "-1", ...OUT], /--serdes-idle: "-1" .*from 0 to 1/],
  [["run", "--network", "star", "--switch-idle", "1.5", ...OUT], /--switch-idle: "1.5" .*from 0 to 1/],
  [["compare", "--networks", "paper-optical:ports=2", "--plot", "p.svg"], /ports: "2" sets star or leaf-spine networks only, and preset paper-optical is an optical-ring network/],
  // faults and variability
  [["run", "-n", "64", "--cut", "64", ...OUT], /^wrht-sim: --cut: "64" is not accepted; expected ring gaps from 0 to 63 \(gap i joins nodes i and i\+1\), comma-separated$/],
  [["run", "--network", "star", "--cut", "3", ...OUT], /--cut: "3" sets optical-ring networks only, and this run is on a star network/],
  [["run", "-n", "16", "--direction", "unidirectional", "--cut", "5", ...OUT], /schedule step \d+: transfer 5->6 cannot be routed: the ring is cut between nodes 5\|6, and the ring runs clockwise only/],
  [["run", "-n", "16", "--cut", "3,9", ...OUT], /transfer 3->4 cannot be routed: the ring is cut between nodes 3\|4, 9\|10, and no direction from 3 to 4 avoids them all/],
  [["run", "-n", "16", "--slow", "3:0", ...OUT], /--slow: "3:0" .*NODE:FACTOR \(node 0 to 15, factor above 0/],
  [["run", "-n", "16", "--slow", "16:2", ...OUT], /--slow: "16:2" .*node 0 to 15/],
  [["run", "-n", "16", "--slow", "3:-1", ...OUT], /--slow: "3:-1"/],
  [["run", "--jitter", "lognormal:-0.1", ...OUT], /--jitter: "lognormal:-0.1" .*sigma from 0 to 3/],
  [["run", "--jitter", "0.9,0,1.1", ...OUT], /--jitter: "0.9,0,1.1" .*factors above 0/],
  [["run", "--fault-rate", "wavelength:1.5", ...OUT], /--fault-rate: "wavelength:1.5" .*probability from 0 to 1/],
  [["run", "--fault-rate", "links:0.1", ...OUT], /--fault-rate: "links:0.1" .*KIND link, wavelength or transceiver/],
  [["run", "--failed-transceivers", "3:tx:0", ...OUT], /--failed-transceivers: "3:tx:0" fails transceiver units, and this run has unlimited fixed ones; add --tx or --rx/],
  [["run", "-w", "8", "--lost-wavelengths", "3:8", ...OUT], /--lost-wavelengths: "3:8" .*wavelengths 0 to 7/],
  [["run", "--seed", "-1", ...OUT], /--seed: "-1" .*whole number from 0 to 4294967295/],
  [["run", "-n", "8", "-w", "2", "-a", "rd", "--size", "1MB", "--lost-wavelengths", "0:0,1:1,2:0,3:1,4:0,5:1,6:0,7:1", ...OUT], /transfer 0->2 can never start: no wavelength is left on every link of its path/],
  [["train", "-m", "resnet50", "-n", "16", "--jitter-compute"], /--jitter-compute: draws each layer's compute from the jitter, and none is set; add --jitter lognormal:0.1/],
  [["compare", "--networks", "paper-optical", "--models", "resnet50", "--seeds", "1..10", "--plot", "p.svg"], /--seeds: .*every seed gives the same result without jitter or random faults; add --jitter/],
  [["compare", "--networks", "paper-optical", "--models", "resnet50", "--jitter", "lognormal:0.1", "--seeds", "9..1", "--plot", "p.svg"], /--seeds: "9..1" .*range FIRST..LAST/],
  [["sweep", "s.yaml", "--seeds", "1..x"], /--seeds: "1..x"/],
  [["compare", "--strategy", "ddp", "--models", "resnet50", "--jitter", "lognormal:0.1", "--seeds", "1..5"], /--seeds: summarises comparisons of collectives; for training iterations over seeds, sweep them \(wrht-sim sweep FILE --seeds 1..5/],
  [["frobnicate"], /unknown command 'frobnicate'/],
  [["compare", "--sizes", "1MB,12QB", "--plot", "p.svg"], /--sizes: "12QB"/],
  [["compare", "--models", "resnet51", "--plot", "p.svg"], /--models: "resnet51"/],
  [["plan", "-n", "64", "--group-size", "70"], /--group-size: "70"/],
  [["crossover", "--algorithms", "ring"], /--algorithms: "ring" .*two algorithm names/],
  [["crossover", "--from", "1GB", "--to", "1MB"], /--to: "1MB" .*above --from/],
  [["sweep", "s.yaml", "--threads", "0"], /--threads: "0" .*from 1 to 1024/],
  [["sweep", "s.yaml", "--shard", "3/2"], /--shard: "3\/2"/],
  [["sweep", "s.yaml", "--out", "r.txt"], /--out: ".*r.txt" .*\.csv or \.jsonl/],
  [["sweep", "missing.yaml"], /sweep file: "missing.yaml" .*readable/],
  [["sweep", "bad.yaml"], /sweep setting: "nodez"/],
  [["merge", "-o", "m.csv", "missing.csv"], /results file: "missing.csv"/],
  [["merge", "-o", "m.txt", "keep.csv"], /--out: "m.txt"/],
  [["plot", "keep.csv", "--x", "nodez"], /--x: "nodez" .*a column of keep.csv/],
  [["plot", "keep.csv", "--x", "nodes", "-o", "p.png"], /--out: "p.png" .*\.svg/],
];

test(`the error catalogue: ${CATALOGUE.length} bad inputs, each one line, exit 2, no output written`, () => {
  expect(CATALOGUE.length).toBeGreaterThanOrEqual(30);
  for (const [args, message] of CATALOGUE) {
    const dir = mkdtempSync(join(tmpdir(), "wrht-err-"));
    writeFileSync(join(dir, "s.yaml"), SWEEP);
    writeFileSync(join(dir, "bad.yaml"), "axes: { nodez: [4] }\n");
    writeFileSync(join(dir, "keep.csv"), "sweep,point,id,nodes,time\nabc,0,x,8,1\n");
    const before = readdirSync(dir).sort();
    const r = cli(args, dir);
    const what = args.join(" ");
    expect(r.code, what).toBe(2);
    expect(r.stdout, what).toBe("");
    expect(r.stderr.endsWith("\n"), what).toBe(true);
    expect(r.stderr.trimEnd().split("\n"), what).toHaveLength(1);
    expect(r.stderr.trimEnd(), what).toMatch(message);
    expect(r.stderr, what).not.toMatch(/at \S+ \(|node:internal|\.js:\d+|Error:/);
    expect(readdirSync(dir).sort(), what).toEqual(before);
    expect(readFileSync(join(dir, "keep.csv"), "utf8"), what).toBe("sweep,point,id,nodes,time\nabc,0,x,8,1\n");
  }
});
