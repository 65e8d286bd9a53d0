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
