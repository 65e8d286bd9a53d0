// The kernel's ABI as seen from JavaScript: export signatures, slot layout and status codes.
// Mirrors assembly/layout.ts; docs/KERNEL.md documents both.

export interface KernelExports {
  memory: WebAssembly.Memory;
  configure(
    kind: number, nodes: number, channels: number, bidirectional: number, tx: number, rx: number, leafSize: number,
    spines: number, mode: number, steps: number, hopLimit: number, elementBytes: number, keepResults: number, stream: number,
  ): number;
  setTiming(alpha: number, bandwidth: number, hopLatency: number, gamma: number, uplinkBandwidth: number): void;
  setDrainEvery(n: number): void;
  reserve(n: number): number;
  commitStep(step: number, n: number): number;
  run(): number;
  releaseUpTo(serial: number): void;
  slotsPtr(): number;
  slotMask(): number;
  recordSize(): number;
  grantedFront(): number;
  heldFrom(): number;
  loadedSerials(): number;
  makespanTime(): number;
  waitedTotal(): number;
  bytesTotal(): number;
  transfersGranted(): number;
  maxHopCount(): number;
  peakChannels(): number;
  errorTransfer(): number;
  stepStartTime(step: number): number;
  stepEndTime(step: number): number;
  stepsLoaded(): number;
  heapTop(): number;
}

export const REC = 96;
export const R = {
  SRC: 0, DST: 4, FLAGS: 8, STEP: 12, BEGIN: 16, END: 24, READY: 32, START: 40, FINISH: 48,
  CHANNEL: 56, HOPS: 60, SERIAL: 64, NEXT0: 72, NEXT1: 80, WAIT: 88, DIR: 92,
} as const;

export const FLAG_REDUCE = 1;
export const PIN_SHIFT = 1;

export const ST_DONE = 0;
export const ST_NEED_STEPS = 1;
export const ST_DRAIN = 2;
export const E_MEMORY = -1;
export const E_NODE = -2;
export const E_ROUTE = -3;
export const E_POWER = -4;
export const E_ORDER = -5;
export const E_CONFIG = -6;
export const E_UNORDERED = -7;
