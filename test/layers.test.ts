// Layer-wise models: built from the published architectures, their parameters must add up to the
// catalogue's totals, and their compute must match independently published figures.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { layeredModelFrom } from "../src/workload/layerFile.js";
import { type Layer, layeredModel, totalParams } from "../src/workload/layers.js";
import { MODELS } from "../src/workload/models.js";
import { cli } from "./helpers/cli.js";

const forward = (layers: Layer[]) => layers.reduce((s, l) => s + l.forwardFlops, 0);

describe("layer-wise catalogue models", () => {
  test("every catalogue model's layers add up to its parameter count exactly", () => {
    for (const m of MODELS) {
      const l = layeredModel(m.name);
      expect(l, m.name).toBeDefined();
      expect(totalParams(l!.layers), m.name).toBe(m.params);
      for (const x of l!.layers) {
        expect(x.params).toBeGreaterThanOrEqual(0);
        expect(x.backwardFlops).toBe(2 * x.forwardFlops);
      }
    }
  });

  test("CNN compute equals torchvision's published multiply-adds per 224x224 image (within rounding)", () => {
    // torchvision's model tables list "GFLOPS" counted as multiply-adds: 0.71, 15.47, 4.09, 1.50
    const published: Record<string, number> = { alexnet: 0.71, vgg16: 15.47, resnet50: 4.09, googlenet: 1.5 };
    for (const [name, gmac] of Object.entries(published)) {
      const macs = forward(layeredModel(name)!.layers) / 2 / 1e9;
      expect(Math.abs(macs - gmac), name).toBeLessThan(0.006);
    }
  });

  test("transformer compute equals Narayanan et al.'s closed form per sequence", () => {
    // forward per sequence of s tokens: 24 s l h^2 (1 + s / 6h) for the blocks, plus 2 s h V for the
    // (tied) LM head; BERT adds its pooler (2 h^2 on the first token)
    const gpt = (l: number, h: number, s: number, v: number) => 24 * s * l * h * h * (1 + s / (6 * h)) + 2 * s * h * v;
    expect(forward(layeredModel("gpt2-xl")!.layers) / gpt(48, 1600, 1024, 50257)).toBeCloseTo(1, 12);
    const bert = (l: number, h: number, s: number) => 24 * s * l * h * h * (1 + s / (6 * h)) + 2 * h * h;
    expect(forward(layeredModel("bert-base")!.layers) / bert(12, 768, 512)).toBeCloseTo(1, 12);
    expect(forward(layeredModel("bert-large")!.layers) / bert(24, 1024, 512)).toBeCloseTo(1, 12);
  });
});

describe("layer files", () => {
  test("counts with units, backward defaulting to twice the forward", () => {
    const m = layeredModelFrom({ name: "t", layers: [{ name: "a", params: "1.5M", forwardFlops: "2G" }, { name: "b", params: 7, forwardFlops: 10, backwardFlops: 15 }] }, "t.yaml");
    expect(m.layers).toEqual([
      { name: "a", params: 1_500_000, forwardFlops: 2e9, backwardFlops: 4e9 },
      { name: "b", params: 7, forwardFlops: 10, backwardFlops: 15 },
    ]);
  });

  test("the command line lists a model or a file layer by layer, and refuses bad files in one line", () => {
    const r = cli(["models", "--layers", "resnet50", "--json"]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.layers).toHaveLength(54);
    expect(totalParams(m.layers)).toBe(25_557_032);
    const dir = mkdtempSync(join(tmpdir(), "wrht-layers-"));
    const refused = (text: string, re: RegExp) => {
      const f = join(dir, `f${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(f, text);
      const x = cli(["models", "--layers", f]);
      expect(x.code, text).toBe(2);
      expect(x.stdout).toBe("");
      expect(x.stderr.trimEnd().split("\n"), text).toHaveLength(1);
      expect(x.stderr).toMatch(re);
    };
    refused("layers:\n  - { name: a, params: -3, forwardFlops: 1 }\n", /layers\[0\]\.params: -3 is not accepted; expected a parameter count/);
    refused("layers:\n  - { name: a, forwardFlops: 1 }\n", /layers\[0\]\.params: .* expected a parameter count/);
    refused("layers:\n  - { name: a, params: 5, forwardFlops: -1 }\n", /layers\[0\]\.forwardFlops: -1 is not accepted; expected a FLOP count of at least 0/);
    refused("layers:\n  - { name: a, params: 5, forwardFlops: 1, flops: 3 }\n", /layers\[0\]\.flops/);
    refused("layers: []\n", /layers/);
    refused("layers:\n  - { name: a, params: 0, forwardFlops: 1 }\n", /at least one layer with parameters/);
    refused("layers: [ {name: a\n", /--layers: ".*" is not accepted; expected valid YAML/);
    expect(cli(["models", "--layers", "nosuch"]).stderr).toMatch(/--layers: "nosuch" is not accepted; expected one of alexnet/);
  });
});

describe("DDP buckets", () => {
  test("reverse layer order, each bucket closed at the first tensor that reaches its limit (1 MiB first under the default cap, a set cap for every bucket)", async () => {
    const fc = (await import("fast-check")).default;
    const { ddpBuckets } = await import("../src/workload/ddpBuckets.js");
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 20_000_000 })), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(1, 2, 4),
        fc.option(fc.integer({ min: 1, max: 64 * 1024 * 1024 })),
        (params, eb, given) => {
          const layers = params.map((p, i) => ({ name: `l${i}`, params: p, forwardFlops: 0, backwardFlops: 0 }));
          const buckets = ddpBuckets(layers, eb, given ?? undefined);
          // PyTorch: the 1 MiB first bucket only when bucket_cap_mb is left at its default (25 MiB)
          const cap = given ?? 25 * 1024 * 1024;
          const first = given ?? 1024 * 1024;
          const order = params.map((_, i) => i).reverse().filter((i) => params[i] > 0);
          expect(buckets.flatMap((b) => b.layers)).toEqual(order);
          buckets.forEach((b, k) => {
            const limit = k === 0 ? first : cap;
            const bytes = b.elements * eb;
            expect(b.elements).toBe(b.layers.reduce((s, i) => s + params[i], 0));
            expect(b.readyAfter).toBe(Math.min(...b.layers));
            if (k < buckets.length - 1) expect(bytes).toBeGreaterThanOrEqual(limit);
            // it closed at the first tensor that reached the limit
            expect(bytes - params[b.layers[b.layers.length - 1]] * eb).toBeLessThan(limit);
          });
        },
      ),
      { numRuns: 300 },
    );
    // GPT-2 XL in fp32: the final LayerNorm and the last block share the first bucket, every other
    // block (123 MB, over the cap) has one of its own, and the embeddings come last
    const gpt = ddpBuckets(layeredModel("gpt2-xl")!.layers, 4);
    expect(gpt.length).toBe(49);
    expect(gpt[0].layers).toEqual([49, 48]);
    expect(gpt[48].layers).toEqual([0]);
  });
});
