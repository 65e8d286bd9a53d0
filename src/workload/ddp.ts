// PyTorch DDP's iteration: forward, then backward; the gradients are all-reduced bucket by bucket
// (ddpBuckets.ts) on one communication stream, each bucket released the moment the backward pass
// has produced its last gradient, so it overlaps the rest of the backward pass. Compute never
// waits for communication inside the iteration: the next forward waits for every bucket, so the
// iteration ends when both the backward pass and the last all-reduce are done.
import { ddpBuckets } from "./ddpBuckets.js";
import { type CollectiveCall, type IterationPlan, type LayerTimes, computeTimeline } from "./iteration.js";
import type { LayeredModel } from "./layers.js";

/** `bucketBytes`: the cap the user set, or undefined for DDP's default (ddpBuckets.ts). */
export function ddpIteration(model: LayeredModel, times: LayerTimes, elementBytes: number, bucketBytes?: number): IterationPlan {
  const L = model.layers.length;
  const slices = computeTimeline(model, times, () => -1, () => NaN);
  // backward of layer i is slice 2L-1-i
  const backwardEnd = (i: number): number => slices[2 * L - 1 - i].end;
  const calls: CollectiveCall[] = ddpBuckets(model.layers, elementBytes, bucketBytes).map((b, k) => {
    const first = Math.min(...b.layers);
    const last = Math.max(...b.layers);
    const span = first === last ? model.layers[first].name : `${model.layers[last].name} .. ${model.layers[first].name}`;
    return { collective: "allreduce", elements: b.elements, stream: 0, release: backwardEnd(b.readyAfter), label: `bucket ${k}: ${span}` };
  });
  return { strategy: "ddp", calls, compute: () => slices };
}
