// Faults (work in progress): lost wavelengths and failed transceivers are never granted, and the
// two engines agree on every transfer under them.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Faults, TransferRecord } from "../src/engine/engine.js";
import { ReferenceEngine } from "../src/engine/referenceEngine.js";
import { WasmEngine } from "../src/engine/wasmEngine.js";
import { networkOf, ringCase, scheduleOf } from "./helpers/arbitraries.js";

/** Random faults that leave every link a wavelength and every node a transmitter and receiver. */
const faultCase = ringCase
  .filter((c) => c.network === "optical-ring")
  .chain((c) =>
    fc.record({
      lost: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 * c.nodes }),
      failed: fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.nat()), { maxLength: c.nodes }),
    }).map(({ lost, failed }) => {
      const links = c.direction === "bidirectional" ? 2 * c.nodes : c.nodes;
      const faults: Faults = {
        lostChannels: c.wavelengths > 1 ? lost.map(([l, w]) => [l % links, w % (c.wavelengths - 1)] as const) : [],
        failedUnits: failed.flatMap(([node, tx, unit]) => {
          const size = tx ? c.tx : c.rx;
          return size > 1 ? [[node % c.nodes, tx ? ("tx" as const) : ("rx" as const), unit % (size - 1)] as const] : [];
        }),
      };
      return { c, faults };
    }),
  );

describe("lost wavelengths and failed transceivers", () => {
  test("both engines agree on every transfer, and no lightpath takes a lost wavelength (300 random cases)", () => {
    let used = 0;
    fc.assert(
      fc.property(faultCase, ({ c, faults }) => {
        const run = (engine: WasmEngine | ReferenceEngine) => {
          const records: TransferRecord[] = [];
          try {
            const out = engine.run({ network: networkOf(c), schedule: scheduleOf(c), mode: c.mode, grants: c.grants, elementBytes: 4, window: c.window, onTransfer: (t) => records.push(t), faults });
            return { out, records };
          } catch (e) {
            return { records: [], error: (e as Error).message };
          }
        };
        const a = run(new WasmEngine());
        const b = run(new ReferenceEngine());
        expect(a.error).toEqual(b.error);
        expect(a.records).toEqual(b.records);
        expect(a.out).toEqual(b.out);
        const net = networkOf(c);
        const lost = new Set((faults.lostChannels ?? []).map(([l, w]) => `${l}:${w}`));
        for (const t of a.records) {
          if (t.segments !== 1) continue;
          const links = net.route(t.src, t.dst, t.dir === "cw" ? 1 : 2).links;
          for (const l of links) expect(lost.has(`${l}:${t.channel}`), `${t.src}->${t.dst} on ${l}:${t.channel}`).toBe(false);
        }
        if (lost.size > 0 && a.records.length > 0) used++;
      }),
      { numRuns: 300, seed: 24 },
    );
    expect(used).toBeGreaterThan(50);
  });
});
