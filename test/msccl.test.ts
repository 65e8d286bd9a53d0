// MSCCL XML import, on XML that msccl-tools itself generated from its own example programs
// (test/fixtures/msccl/README.md): every file holds its collective on real vectors, runs on the
// optical ring and the star with both engines agreeing, and leaves a trace the independent replay
// accepts; mutations fail verification with the first wrong element or the race named; bad files
// are refused in one line naming the file and the place.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DependencySchedule, type Operation } from "../src/core/dependencySchedule.js";
import { verifySchedule } from "../src/api/verify.js";
import { mscclSchedule, parseMsccl } from "../src/import/msccl.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { JsonlTrace } from "../src/trace/jsonlTrace.js";
import { OPTICAL_RING_DEFAULTS, OpticalRing } from "../src/network/opticalRing.js";
import { Star } from "../src/network/star.js";
import type { Network } from "../src/network/network.js";
import { checkTrace, parseTrace } from "./helpers/traceCheck.js";
import { expectEnginesAgree } from "./helpers/bothEngines.js";
import { cli } from "./helpers/cli.js";

const DIR = join(__dirname, "fixtures", "msccl");
const FILES = readdirSync(DIR).filter((f) => f.endsWith(".xml")).sort();
const load = (f: string) => parseMsccl(readFileSync(join(DIR, f), "utf8"), f);

function networks(n: number): Network[] {
  return [
    new OpticalRing({ ...OPTICAL_RING_DEFAULTS, nodes: n, wavelengths: 2 }),
    new Star({ nodes: n, alpha: 2e-6, bandwidth: 100e9, switchLatency: 100e-9, gamma: 0, tx: 0, rx: 0 }),
  ];
}

function traced(net: Network, schedule: DependencySchedule): string {
  const path = join(mkdtempSync(join(tmpdir(), "wrht-msccl-")), "t.jsonl");
  const header = { type: "header" as const, version: 1 as const, collective: schedule.collective ?? "allreduce", algorithm: schedule.algorithm, nodes: net.nodes, elements: schedule.elements, elementBytes: 4, network: net.describe(), mode: "async", grants: "greedy", params: {} };
  const trace = new JsonlTrace(path, header, net, schedule);
  const out = new WasmEngine().run({ network: net, schedule, mode: "async", elementBytes: 4, onTransfer: trace.onTransfer });
  trace.commit({ time: out.time, transfers: out.transfers });
  return readFileSync(path, "utf8");
}

describe("MSCCL XML import", () => {
  test("the fixtures are the msccl-tools files of the table: nine from msccl-tools' examples, nine more for other GPU counts, channels and instances", () => {
    const table = readFileSync(join(DIR, "README.md"), "utf8");
    const listed = [...table.matchAll(/^\| (\S+\.xml) \|/gm)].map((m) => m[1]).sort();
    expect(FILES).toEqual(listed);
    expect(FILES).toHaveLength(18);
    expect(FILES.some((f) => /_2\.xml$/.test(f) && load(f).nchannels > 1)).toBe(true);
  });

  test.each(FILES)("%s holds its collective on real vectors at several sizes, with no race", (f) => {
    const algo = load(f);
    for (const k of [1, 2, 7]) {
      const report = verifySchedule(mscclSchedule(algo, algo.nchunksperloop * k, f));
      expect(report.verdict).toMatch(/holds on real vectors, and no two operations race/);
      expect(report.ok).toBe(true);
    }
  });

  test.each(FILES)("%s runs on the optical ring and the star: both engines agree and the trace replays", (f) => {
    const algo = load(f);
    const schedule = mscclSchedule(algo, algo.nchunksperloop * 1000, f);
    for (const net of networks(algo.ngpus)) {
      const { records } = expectEnginesAgree({ network: net, schedule, mode: "async", elementBytes: 4 });
      expect(records.length).toBe(schedule.dependencies.transfers.length);
      expect(checkTrace(parseTrace(traced(net, schedule)))).toEqual([]);
    }
  });

  test("mutations fail verify: a dropped send, a wrong offset, a missing dependency (the race named)", () => {
    const f = "allreduce_a100_ring_4_1_1.xml";
    const good = mscclSchedule(load(f), 12, f);
    // a dropped step: one transfer and what its receiver does with it
    const drop = good.dependencies.transfers[5].id;
    const kept = good.operations.filter((o) => o.id !== drop && !(o.deps.length === 1 && o.deps[0] === drop));
    const gone = new Set(good.operations.filter((o) => !kept.includes(o)).map((o) => o.id));
    const dropped = new DependencySchedule({ nodes: 4, elements: 12, algorithm: "dropped", collective: "allreduce", bufferElements: good.bufferElements }, kept.map((o) => ({ ...o, deps: o.deps.filter((d) => !gone.has(d)) }) as Operation));
    const r1 = verifySchedule(dropped);
    expect(r1.ok).toBe(false);
    expect(r1.verdict).toMatch(/all-reduce does not hold: node \d+, element \d+ is -?\d+, expected \d+/);
    // a wrong offset, in the XML: one receive lands a chunk off
    const xml = readFileSync(join(DIR, f), "utf8");
    const shifted = xml.replace('type="r" srcbuf="i" srcoff="2" dstbuf="i" dstoff="2"', 'type="r" srcbuf="i" srcoff="2" dstbuf="i" dstoff="3"');
    expect(shifted).not.toBe(xml);
    const r2 = verifySchedule(mscclSchedule(parseMsccl(shifted, f), 12, f));
    expect(r2.ok).toBe(false);
    expect(r2.mismatch).toBeDefined();
    // a missing dependency: recursive halving-doubling's second send no longer waits for its first receive
    const h = "allreduce_recursive_doubling_halving_4_1.xml";
    const hx = readFileSync(join(DIR, h), "utf8");
    const racy = hx.replace('<step s="0" type="s" srcbuf="i" srcoff="1" dstbuf="i" dstoff="1" cnt="1" depid="1" deps="1"', '<step s="0" type="s" srcbuf="i" srcoff="1" dstbuf="i" dstoff="1" cnt="1" depid="-1" deps="-1"');
    expect(racy).not.toBe(hx);
    const r3 = verifySchedule(mscclSchedule(parseMsccl(racy, h), 4, h));
    expect(r3.ok).toBe(false);
    expect(r3.verdict).toBe('race at node 0, elements [0, 1): local reduce "g0.tb1.s1:recv" and transfer "g0.tb0.s2:send" (0->1 copy) touch them, one writing, and no chain of dependencies orders them');
  });

  test("dropping any one cross-threadblock dependency of any fixture races (named) or still holds: never a silent wrong result", () => {
    let races = 0;
    let holds = 0;
    for (const f of FILES) {
      // parsed once; each step's cross dependency removed in turn, then put back
      const algo = load(f);
      for (const g of algo.gpus) {
        for (const tb of g.tbs) {
          for (const st of tb.steps) {
            if (st.depid < 0) continue;
            const [depid, deps] = [st.depid, st.deps];
            st.depid = st.deps = -1;
            const r = verifySchedule(mscclSchedule(algo, algo.nchunksperloop * 2, f));
            [st.depid, st.deps] = [depid, deps];
            if (r.race) races++;
            else {
              expect(r.ok, `${f} ${st.where}: ${r.verdict}`).toBe(true);
              holds++;
            }
          }
        }
      }
    }
    // msccl-tools writes dependencies our model needs and some it does not (kept for the runtime's threadblocks)
    expect(races).toBe(1880);
    expect(holds).toBe(240);
  });

  test("bad files: one line naming the file and the place, exit 2, no output file", () => {
    const dir = mkdtempSync(join(tmpdir(), "wrht-msccl-bad-"));
    const ring = readFileSync(join(DIR, "allreduce_a100_ring_4_1_1.xml"), "utf8");
    const cases: [string, string, RegExp][] = [
      ["garbage.xml", "<algo ngpus='4' <gpu>", /garbage\.xml: (not well-formed XML|<algo ngpus>)/],
      ["notalgo.xml", "<?xml version='1.0'?><foo/>", /notalgo\.xml: XML without an <algo> root/],
      ["type.xml", ring.replace('type="rrcs"', 'type="rrx"'), /type\.xml: <gpu id="0"> <tb id="0"> <step s="3"> type: "rrx" is not accepted; expected one of s, r, rcs, rrs, rrc, rrcs, cpy, re, nop/],
      ["peer.xml", ring.replace('send="1" recv="3"', 'send="9" recv="3"'), /peer\.xml: <gpu id="0"> <tb id="0"> send: 9 is not accepted; expected a GPU from 0 to 3 other than 0, or -1/],
      ["offset.xml", ring.replace('srcoff="3" dstbuf="i" dstoff="3"', 'srcoff="7" dstbuf="i" dstoff="7"'), /offset\.xml: <gpu id="0"> <tb id="0"> <step s="1">: chunks \[7, 8\) of buffer i are outside its 4 chunks/],
      ["cycle.xml", ring.replace('<step s="0" type="s" srcbuf="i" srcoff="0" dstbuf="i" dstoff="0" cnt="1" depid="-1" deps="-1"', '<step s="0" type="s" srcbuf="i" srcoff="0" dstbuf="i" dstoff="0" cnt="1" depid="0" deps="6"'), /cycle\.xml: the dependencies form a cycle through operation/],
      ["unpaired.xml", ring.replace(/<step s="6" type="r"[^>]*\/>/, ""), /unpaired\.xml: <gpu id="\d"> <tb id="0"> <step s="\d+">: sends to GPU \d on channel 0, and no receive/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), text);
      const out = join(dir, `${name}.jsonl`);
      const r = cli(["run", "--schedule", join(dir, name), "--trace", out]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr, name).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  test("a size that does not split into the chunks per loop is refused naming the multiple", () => {
    const r = cli(["run", "--schedule", join(DIR, "allreduce_a100_allpairs_4_1.xml"), "--elements", "1001"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/size: 1001 elements do not split into the 16 chunks per loop of .*allreduce_a100_allpairs_4_1\.xml; use a multiple of 16 elements \(64 bytes in fp32\)/);
  });
});
