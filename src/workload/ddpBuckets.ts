// PyTorch DDP's gradient buckets (torch.nn.parallel.DistributedDataParallel; the Reducer's
// compute_bucket_assignment_by_size): gradients are taken in reverse layer order, the order the
// backward pass produces them, and added to the current bucket; a bucket closes as soon as it
// holds at least its limit, so it may pass the limit by its last tensor, and a tensor larger
// than the limit fills a bucket on its own. When the cap is left at its default (bucket_cap_mb
// not given: 25 MiB), the first bucket's limit is 1 MiB (dist._DEFAULT_FIRST_BUCKET_BYTES), so
// communication starts early; when the user sets a cap, DDP uses that cap for every bucket, the
// first included (bucket_bytes_cap_default is False in torch/nn/parallel/distributed.py). We
// treat each layer's parameters as one tensor.
import type { Layer } from "./layers.js";

export interface Bucket {
  /** Layer indices (forward order numbering), in the order their gradients are added. */
  layers: number[];
  /** Gradient elements. */
  elements: number;
  /** The layer whose gradient completes the bucket (the earliest in forward order). */
  readyAfter: number;
}

/** PyTorch's default cap (bucket_cap_mb = 25, in MiB) and first-bucket limit. */
export const DEFAULT_BUCKET_BYTES = 25 * 1024 * 1024;
export const FIRST_BUCKET_BYTES = 1024 * 1024;

/**
 * DDP's buckets for `layers` with gradients of `elementBytes` each; layers without parameters are
 * skipped. `capBytes` is the cap the user set (every bucket's limit), or undefined for DDP's
 * default (25 MiB, the first bucket 1 MiB).
 */
export function ddpBuckets(layers: readonly Layer[], elementBytes: number, capBytes?: number): Bucket[] {
  const buckets: Bucket[] = [];
  const cap = capBytes ?? DEFAULT_BUCKET_BYTES;
  let limit = capBytes === undefined ? FIRST_BUCKET_BYTES : capBytes;
  let current: Bucket | undefined;
  for (let i = layers.length - 1; i >= 0; i--) {
    const p = layers[i].params;
    if (p === 0) continue;
    current ??= { layers: [], elements: 0, readyAfter: i };
    current.layers.push(i);
    current.elements += p;
    current.readyAfter = i;
    if (current.elements * elementBytes >= limit) {
      buckets.push(current);
      current = undefined;
      limit = cap;
    }
  }
  if (current) buckets.push(current);
  return buckets;
}
