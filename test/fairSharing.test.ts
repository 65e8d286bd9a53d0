// Fair sharing on switched networks: max-min rates against their definition, closed forms for
// messages that share a link, the exclusive result for messages that never share, both engines.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ExplicitSchedule, OP_COPY, PIN_AUTO, type Transfer } from "../src/core/schedule.js";
import { FairSharing } from "../src/engine/fairSharing.js";
import { LeafSpine } from "../src/network/leafSpine.js";
import { Star } from "../src/network/star.js";
import { expectEnginesAgree } from "./helpers/bothEngines.js";

const B = 100e9;
const send = (src: number, dst: number, elements: number, at = 0): Transfer => ({ src, dst, begin: at, end: at + elements, op: OP_COPY, pin: PIN_AUTO });
const run = (network: Star | LeafSpine, steps: Transfer[][], elements: number) =>
  expectEnginesAgree({ network, schedule: new ExplicitSchedule(network.nodes, elements, steps, "test"), mode: "async", elementBytes: 4 });

describe("max-min fair rates (the reference engine's FairSharing; the kernel agrees bit for bit)", () => {
  const ratesOf = (flowLinks: number[][], capacity: number[]) => {
    const fair = new FairSharing(Float64Array.from(capacity));
    const flows = flowLinks.map((links, i) => fair.open(i, links, 1e6, 0, 0, () => 1));
    fair.recompute(0);
    return flows.map((f) => f.rate);
  };

  test("the textbook example: a long flow over two links and one short flow on each", () => {
    // links of 1 and 2 units; flow 0 crosses both, flow 1 the first, flow 2 the second
    expect(ratesOf([[0, 1], [0], [1]], [1, 2])).toEqual([0.5, 0.5, 1.5]);
  });

  test("random flows: every link within its capacity, and every flow held by a full link on which no flow is faster", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.uniqueArray(fc.nat(11), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 12, maxLength: 12 }),
        (links, raw, caps) => {
          const flows = raw.map((ls) => [...new Set(ls.map((l) => l % links))]);
          const capacity = caps.slice(0, links).map((c) => c * 25e9);
          const rates = ratesOf(flows, capacity);
          const used = new Float64Array(links);
          flows.forEach((f, i) => f.forEach((l) => (used[l] += rates[i])));
          for (let l = 0; l < links; l++) expect(used[l]).toBeLessThanOrEqual(capacity[l] * (1 + 1e-12));
          flows.forEach((f, i) => {
            const held = f.some((l) => used[l] >= capacity[l] * (1 - 1e-12) && flows.every((g, j) => !g.includes(l) || rates[j] <= rates[i] * (1 + 1e-12)));
            expect(held, `flow ${i}`).toBe(true);
          });
        },
      ),
      { numRuns: 500, seed: 23 },
    );
  });
});

describe("fair sharing against closed forms, both engines", () => {
  const latency = 10e-6 + 500e-9; // alpha + one switch

  test("N-1 messages of b bytes leaving one node share its up-link and finish together at latency + (N-1)*8b/B", () => {
    for (const n of [2, 3, 17, 64]) {
      const q = 25_000; // elements of 4 bytes per message
      const { records, out } = run(new Star({ nodes: n }), [Array.from({ length: n - 1 }, (_, k) => send(0, k + 1, q))], q);
      const want = latency + ((n - 1) * 8 * 4 * q) / B;
      for (const t of records) {
        expect(t.flowStart).toBe(latency);
        expect(t.finish).toBeCloseTo(want, 15);
        expect(Math.abs(t.finish - want) / want).toBeLessThan(1e-12);
      }
      expect(out.time).toBe(Math.max(...records.map((t) => t.finish)));
    }
  });

  test("N-1 messages into one node share its down-link the same way", () => {
    const n = 33;
    const q = 10_000;
    const { records } = run(new Star({ nodes: n }), [Array.from({ length: n - 1 }, (_, k) => send(k + 1, 0, q))], q);
    for (const t of records) expect(Math.abs(t.finish - (latency + ((n - 1) * 8 * 4 * q) / B))).toBeLessThan(1e-15);
  });

  test("a short and a long message on one up-link: B/2 each until the short one ends, then the long one at B", () => {
    const short = 10_000;
    const long = 40_000;
    const { records } = run(new Star({ nodes: 3 }), [[send(0, 1, short), send(0, 2, long)]], long);
    const [a, b] = records;
    expect(a.finish).toBeCloseTo(latency + (2 * 8 * 4 * short) / B, 15);
    expect(b.finish).toBeCloseTo(latency + (8 * 4 * (short + long)) / B, 15);
  });

  test("latencies overlap: messages that start at once pay theirs side by side, not one after another", () => {
    const { out } = run(new Star({ nodes: 5, alpha: 1e-3 }), [[send(0, 1, 1), send(0, 2, 1), send(0, 3, 1), send(0, 4, 1)]], 1);
    // exclusive sharing queues them: four alphas
    const excl = run(new Star({ nodes: 5, alpha: 1e-3, sharing: "exclusive" }), [[send(0, 1, 1), send(0, 2, 1), send(0, 3, 1), send(0, 4, 1)]], 1).out;
    expect(out.time).toBeCloseTo(1e-3 + 500e-9 + (4 * 32) / B, 15);
    expect(excl.time).toBeGreaterThan(4e-3);
  });

  test("a leaf-spine's oversubscribed uplink: messages crossing it share its capacity, others keep their node link's rate", () => {
    // 2 leaves of 4 nodes, 1 spine, uplinks at B: nodes 0..3 each send to 4..7 across one uplink
    const net = new LeafSpine({ nodes: 8, leafSize: 4, spines: 1, uplinkBandwidth: B });
    const q = 25_000;
    const { records } = run(net, [[send(0, 4, q), send(1, 5, q), send(2, 6, q), send(3, 7, q)]], q);
    const across = 10e-6 + 3 * 500e-9 + (4 * 8 * 4 * q) / B;
    for (const t of records) expect(Math.abs(t.finish - across) / across).toBeLessThan(1e-12);
  });

  test("a message that never shares a link takes the exclusive duration to the bit", () => {
    const steps = [[send(0, 1, 100), send(2, 3, 300)], [send(1, 2, 50)]];
    const fair = run(new Star({ nodes: 4 }), steps, 300).records;
    const excl = run(new Star({ nodes: 4, sharing: "exclusive" }), steps, 300).records;
    expect(fair.map((t) => [t.start, t.finish])).toEqual(excl.map((t) => [t.start, t.finish]));
  });

  test("ports: a node with k ports sends k messages at full rate at once (to destinations on different ports)", () => {
    const q = 25_000;
    const one = run(new Star({ nodes: 5 }), [[send(0, 1, q), send(0, 2, q)]], q).out.time;
    const two = run(new Star({ nodes: 5, ports: 2 }), [[send(0, 1, q), send(0, 2, q)]], q).out.time;
    expect(one).toBeCloseTo(latency + (2 * 8 * 4 * q) / B, 15);
    expect(two).toBeCloseTo(latency + (8 * 4 * q) / B, 15);
  });
});
