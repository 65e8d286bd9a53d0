// The kernel's ABI constants: record layout of a transfer slot, flags, policies and status codes.
// docs/KERNEL.md documents the same numbers for embedders; src/engine/kernelAbi.ts mirrors them.

/** Bytes per transfer slot. Slots live in a ring buffer indexed by `serial & (capacity - 1)`. */
export const REC: i32 = 136;

// What the host writes: the first 40 bytes of a slot (step is the kernel's), so streaming a step
// touches little memory.
export const R_SRC: i32 = 0; // i32
export const R_DST: i32 = 4; // i32
export const R_FLAGS: i32 = 8; // i32: bit 0 reduce; bits 1-2 route pin (0 auto, 1 cw, 2 ccw); bit 3 dstBegin given
export const R_STEP: i32 = 12; // i32, set by the kernel
export const R_BEGIN: i32 = 16; // f64: first element of the chunk
export const R_END: i32 = 24; // f64: one past the last element
export const R_DST_BEGIN: i32 = 32; // f64: where the chunk lands at dst (read only when flag bit 3 is set)
// What the kernel writes.
export const R_READY: i32 = 40; // f64: when both endpoints are free
export const R_START: i32 = 48; // f64: granted start time
export const R_FINISH: i32 = 56; // f64
export const R_CHANNEL: i32 = 64; // i32: wavelength of the first segment; -1 until granted
export const R_HOPS: i32 = 68; // i32: links crossed
export const R_SERIAL: i32 = 72; // i64: position in schedule order
export const R_NEXT0: i32 = 80; // i64: next waiter in the source node's list (serial*2+role, or -1)
export const R_NEXT1: i32 = 88; // i64: next waiter in the destination node's list
export const R_WAIT: i32 = 96; // i32: endpoints whose earlier steps are still running
export const R_DIR: i32 = 100; // i32: 0 cw, 1 ccw, 2 switched path
export const R_RETUNE: i32 = 104; // i32: bit 0 the transmitter retuned, bit 1 the receiver
export const R_SEGMENTS: i32 = 108; // i32: lightpath segments (regenerations + 1)
export const R_SCHEDULE: i32 = 112; // i32: index of the schedule the step belongs to
export const R_FROM: i32 = 116; // i32: greedy candidates, 1 + the link whose wait list it came from (0: none); fair sharing: its flow id while its bytes flow
export const R_HINT: i32 = 120; // i32: greedy waiters blocked by continuity, 1 + the index of their wake-up hint (0: none)
export const R_FLOW_START: i32 = 128; // f64: fair sharing: when its bytes began to flow (after its latency)

export const FLAG_REDUCE: i32 = 1;
export const PIN_SHIFT: i32 = 1;
export const PIN_AUTO: i32 = 0;
export const PIN_CW: i32 = 1;
export const PIN_CCW: i32 = 2;
export const FLAG_DST_BEGIN: i32 = 8;

export const NET_RING: i32 = 0;
export const NET_STAR: i32 = 1;
export const NET_LEAF_SPINE: i32 = 2;

export const MODE_ASYNC: i32 = 0;
export const MODE_LOCKSTEP: i32 = 1;

export const GRANTS_GREEDY: i32 = 0;
export const GRANTS_RESERVATION: i32 = 1;

export const SHARING_EXCLUSIVE: i32 = 0;
export const SHARING_FAIR: i32 = 1;

export const ROUTING_BALANCED: i32 = 0;
export const ROUTING_CLOCKWISE: i32 = 1;
export const ROUTING_ADAPTIVE: i32 = 2;

// run() / commitStep() status
export const ST_DONE: i32 = 0;
export const ST_NEED_STEPS: i32 = 1;
export const ST_DRAIN: i32 = 2;
// errors (negative); errorTransfer() names the transfer where one applies
export const E_MEMORY: i32 = -1;
export const E_NODE: i32 = -2; // src or dst out of range, or src == dst
export const E_ROUTE: i32 = -3; // ccw pin on a unidirectional ring
export const E_POWER: i32 = -4; // lightpath longer than the power budget's hop limit (and no regeneration)
export const E_ORDER: i32 = -5; // steps committed out of order, or more steps than configured
export const E_CONFIG: i32 = -6; // invalid configuration
export const E_UNORDERED: i32 = -7; // streaming: a grant would not be the one the event loop makes
export const E_STUCK: i32 = -8; // faults: a transfer no channel or unit will ever serve (errorTransfer: the first not granted)
