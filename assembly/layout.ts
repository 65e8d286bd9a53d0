// The kernel's ABI constants: record layout of a transfer slot, flags and status codes.
// docs/KERNEL.md documents the same numbers for embedders; src/engine/kernelAbi.ts mirrors them.

/** Bytes per transfer slot. Slots live in a ring buffer indexed by `serial & (capacity - 1)`. */
export const REC: i32 = 96;

// f64 fields
export const R_READY: i32 = 0; // when both endpoints are free (set by the kernel)
export const R_START: i32 = 8; // granted start time (result)
export const R_FINISH: i32 = 16; // finish time (result)
export const R_BEGIN: i32 = 24; // first element of the chunk (input)
export const R_END: i32 = 32; // one past the last element of the chunk (input)
// i64 fields
export const R_SERIAL: i32 = 40; // global position in schedule order (step, then position)
export const R_NEXT0: i32 = 48; // next waiter in the source node's list (serial*2+role, or -1)
export const R_NEXT1: i32 = 56; // next waiter in the destination node's list
// i32 fields
export const R_SRC: i32 = 64; // input
export const R_DST: i32 = 68; // input
export const R_FLAGS: i32 = 72; // input: bit 0 reduce; bits 1-2 route pin (0 auto, 1 cw, 2 ccw)
export const R_STEP: i32 = 76;
export const R_CHANNEL: i32 = 80; // wavelength granted (result); -1 until granted
export const R_HOPS: i32 = 84; // links crossed (result)
export const R_WAIT: i32 = 88; // endpoints whose earlier steps are still running
export const R_DIR: i32 = 92; // 0 cw, 1 ccw, 2 switched path (result)

export const FLAG_REDUCE: i32 = 1;
export const PIN_SHIFT: i32 = 1;
export const PIN_AUTO: i32 = 0;
export const PIN_CW: i32 = 1;
export const PIN_CCW: i32 = 2;

export const NET_RING: i32 = 0;
export const NET_STAR: i32 = 1;
export const NET_LEAF_SPINE: i32 = 2;

export const MODE_ASYNC: i32 = 0;
export const MODE_LOCKSTEP: i32 = 1;

// run() status
export const ST_DONE: i32 = 0;
export const ST_NEED_STEPS: i32 = 1;
export const ST_DRAIN: i32 = 2;
// errors (negative); errorSerial() names the transfer where one applies
export const E_MEMORY: i32 = -1;
export const E_NODE: i32 = -2; // src or dst out of range, or src == dst
export const E_ROUTE: i32 = -3; // ccw pin on a unidirectional ring
export const E_POWER: i32 = -4; // lightpath longer than the power budget's hop limit
export const E_ORDER: i32 = -5; // steps committed out of order, or more steps than configured
export const E_CONFIG: i32 = -6; // invalid configuration
