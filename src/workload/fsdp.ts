// FSDP's iteration (ZeRO-3 style, PyTorch FullyShardedDataParallel with one unit per layer): each
// node keeps 1/N of every layer's parameters. Before a layer's forward, and again before its
// backward, its parameters are all-gathered; the all-gather of the next layer is issued when the
// current layer's compute starts (prefetch of one layer, forward_prefetch and BACKWARD_PRE); after
// a layer's backward its gradients are reduce-scattered, so each node ends with its shard summed.
// All-gathers go on stream 0, reduce-scatters on stream 1 (FSDP's two communication streams), so
// they overlap each other and the compute. Compute waits for its layer's all-gather; the backward
// pass starts by gathering the last layer when the forward pass ends. Layers without parameters
// need no collective.
import { type CollectiveCall, type IterationPlan, type LayerTimes, computeTimeline } from "./iteration.js";
import type { LayeredModel } from "./layers.js";

export const ALLGATHER_STREAM = 0;
export const REDUCESCATTER_STREAM = 1;

export function fsdpIteration(model: LayeredModel, times: LayerTimes): IterationPlan {
  const L = model.layers.length;
  const withParams = model.layers.flatMap((l, i) => (l.params > 0 ? [i] : []));
  // the call each compute slice waits for (slice q < L: forward of layer q; else backward of 2L-1-q)
  const waits = new Array<number>(2 * L).fill(-1);
  const calls: CollectiveCall[] = [];
  const timeline = (done: (k: number) => number, upTo: number) => computeTimeline(model, times, (q) => waits[q], done, upTo);
  /** Released when compute slice `slice` starts or ends: it waits for the gathers of slices up to it. */
  const at = (slice: number, edge: "start" | "end") => ({
    after: waits.slice(0, slice + 1).filter((k) => k >= 0),
    at: (done: (k: number) => number) => timeline(done, slice)[slice][edge],
  });
  const gather = (layer: number, pass: "forward" | "backward", slice: number, edge: "start" | "end" | "zero"): void => {
    const release = edge === "zero" ? 0 : at(slice, edge);
    waits[pass === "forward" ? layer : 2 * L - 1 - layer] = calls.length;
    calls.push({ collective: "allgather", elements: model.layers[layer].params, stream: ALLGATHER_STREAM, release, label: `all-gather ${model.layers[layer].name} (${pass})` });
  };
  // forward: the first gather at 0, each next one when the layer before it starts computing
  gather(withParams[0], "forward", 0, "zero");
  for (let j = 1; j < withParams.length; j++) gather(withParams[j], "forward", withParams[j - 1], "start");
  // backward: the last layer's gather when the forward pass ends, each next one when the layer
  // after it starts its backward; a layer's reduce-scatter when its backward ends
  const last = withParams.length - 1;
  gather(withParams[last], "backward", L - 1, "end");
  for (let j = last; j >= 0; j--) {
    const slice = 2 * L - 1 - withParams[j];
    if (j > 0) gather(withParams[j - 1], "backward", slice, "start");
    calls.push({
      collective: "reducescatter",
      elements: model.layers[withParams[j]].params,
      stream: REDUCESCATTER_STREAM,
      release: at(slice, "end"),
      label: `reduce-scatter ${model.layers[withParams[j]].name}`,
    });
  }
  return { strategy: "fsdp", calls, compute: (done) => timeline(done, 2 * L - 1) };
}
