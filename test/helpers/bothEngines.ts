// Runs one input on the WebAssembly kernel and on the reference engine, requires every record and
// the result to be equal, and returns them.
import { expect } from "vitest";
import type { EngineInput, EngineOutput, TransferRecord } from "../../src/engine/engine.js";
import { ReferenceEngine } from "../../src/engine/referenceEngine.js";
import { WasmEngine } from "../../src/engine/wasmEngine.js";

export function expectEnginesAgree(input: Omit<EngineInput, "onTransfer">): { out: EngineOutput; records: TransferRecord[] } {
  const a: TransferRecord[] = [];
  const b: TransferRecord[] = [];
  const out = new WasmEngine().run({ ...input, onTransfer: (t) => a.push(t) });
  const ref = new ReferenceEngine().run({ ...input, onTransfer: (t) => b.push(t) });
  expect(a).toEqual(b);
  expect(out).toEqual(ref);
  return { out, records: a };
}

/** A run's records and result, or its refusal (records dropped: the kernel reports none then). */
export interface Outcome {
  out?: EngineOutput;
  records: TransferRecord[];
  error?: string;
}

/**
 * Runs one input on both engines, which may refuse it: requires the same refusal, or the same
 * records and result; returns the kernel's outcome.
 */
export function expectSameOutcome(input: Omit<EngineInput, "onTransfer">): Outcome {
  const run = (engine: WasmEngine | ReferenceEngine): Outcome => {
    const records: TransferRecord[] = [];
    try {
      return { out: engine.run({ ...input, onTransfer: (t) => records.push(t) }), records };
    } catch (e) {
      return { records: [], error: (e as Error).message };
    }
  };
  const a = run(new WasmEngine());
  const b = run(new ReferenceEngine());
  expect(a.error).toEqual(b.error);
  expect(a.records).toEqual(b.records);
  expect(a.out).toEqual(b.out);
  return a;
}
