// The collectives a schedule can implement, with the conventions nccl-tests uses for their size
// and bus bandwidth (docs/MODEL.md, "Collectives"). The size D is always the per-node buffer:
// all-reduce and broadcast/reduce the whole vector; reduce-scatter and all-gather the whole vector
// of N blocks; all-to-all the send buffer of N blocks of D/N.

export const COLLECTIVES = ["allreduce", "reducescatter", "allgather", "alltoall", "broadcast", "reduce"] as const;
export type Collective = (typeof COLLECTIVES)[number];

/** Human names, for titles. */
export const COLLECTIVE_NAMES: Readonly<Record<Collective, string>> = {
  allreduce: "all-reduce",
  reducescatter: "reduce-scatter",
  allgather: "all-gather",
  alltoall: "all-to-all",
  broadcast: "broadcast",
  reduce: "reduce",
};

/** Whether the collective has a root node (broadcast and reduce). */
export function isRooted(c: Collective): boolean {
  return c === "broadcast" || c === "reduce";
}

/**
 * nccl-tests' bus-bandwidth factor: busbw = algbw x factor, where algbw = D / time. It makes
 * different collectives comparable with the link bandwidth they can use at best.
 */
export function busBandwidthFactor(c: Collective, nodes: number): number {
  if (c === "allreduce") return (2 * (nodes - 1)) / nodes;
  if (c === "reducescatter" || c === "allgather" || c === "alltoall") return (nodes - 1) / nodes;
  return 1;
}
