// Bump allocator over the kernel's linear memory.
//
// The kernel keeps every table (nodes, channels, steps, transfer slots, queue) in flat regions it
// carves out of linear memory itself, so the hot loop never allocates and the layout is stable
// for embedders. Regions are released all at once by `resetHeap` when a new simulation is set up.

let top: usize = 0;
// Highest address ever handed out: memory below it may hold data from an earlier simulation in
// the same instance and must be cleared; memory above it is fresh from memory.grow (zeroed).
let dirtyEnd: usize = 0;

export function resetHeap(): void {
  top = (__heap_base + 15) & ~(<usize>15);
}

/** Allocates `bytes` zeroed bytes aligned to 16, growing memory as needed; 0 when memory is exhausted. */
export function alloc(bytes: f64): usize {
  const p = (top + 15) & ~(<usize>15);
  const end = <f64>p + bytes;
  if (end > 4294901760.0) return 0; // beyond the 4 GiB wasm32 address space
  const endU = <usize>end;
  const pagesNeeded = <i32>((endU + 0xffff) >>> 16);
  const have = memory.size();
  if (pagesNeeded > have) {
    // Grow by at least an eighth of the memory (capped at the 4 GiB limit): every memory.grow makes
    // the host re-examine its heap (a full garbage collection in V8), and run lists that grow a
    // block at a time would otherwise call it thousands of times. Untouched pages cost no RSS.
    let extra = pagesNeeded - have;
    const geometric = have >> 3;
    if (geometric > extra) extra = geometric < 65535 - have ? geometric : 65535 - have;
    if (extra < pagesNeeded - have) extra = pagesNeeded - have;
    if (memory.grow(extra) < 0 && memory.grow(pagesNeeded - have) < 0) return 0;
  }
  if (p < dirtyEnd) {
    const clearEnd = endU < dirtyEnd ? endU : dirtyEnd;
    memory.fill(p, 0, clearEnd - p);
  }
  top = endU;
  if (top > dirtyEnd) dirtyEnd = top;
  return p;
}

export function heapTop(): usize {
  return top;
}
