// The kernel's ABI as seen from JavaScript: export signatures, slot layout and status codes.
// Mirrors assembly/layout.ts; docs/KERNEL.md documents both.

export interface KernelExports {
  memory: WebAssembly.Memory;
  configure(
    kind: number, nodes: number, channels: number, bidirectional: number, tx: number, rx: number, leafSize: number,
    spines: number, mode: number, steps: number, hopLimit: number, elementBytes: number, keepResults: number, stream: number,
    grants: number, routing: number, regenerate: number, channelState: number,
  ): number;
  setSwitching(sharing: number, ports: number): number;
  loseChannel(link: number, channel: number): number;
  failUnit(node: number, side: number, unit: number): number;
  cutRing(gap: number): number;
  cutLink(link: number, nodes: number): number;
  setSlow(node: number, factor: number): number;
  setJitter(seed: number, length: number): number;
  setTiming(alpha: number, bandwidth: number, hopLatency: number, gamma: number, uplinkBandwidth: number, tuningTime: number, regenLatency: number): void;
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
  streamingOn(): number;
  ringStep(step: number, elements: number): number;
  fastRingPossible(): number;
  lightpathSecondsTotal(): number;
  byteSegmentsTotal(): number;
  byteHopsTotal(): number;
  byteRegensTotal(): number;
  retunesTotal(): number;
  segLogPtr(): number;
  segLogLength(): number;
  segLogClear(): void;
  heapTop(): number;
  planSchedules(count: number, streams: number): number;
  defineSchedule(index: number, firstStep: number, steps: number, transfers: number, stream: number, release: number, totalSteps: number): number;
  setRelease(index: number, release: number): number;
  scheduleDoneTime(index: number): number;
  graphDefine(transfers: number, locals: number, edges: number): number;
  graphReleases(): number;
  commitGraph(transfers: number): number;
}

export const REC = 136;
export const R = {
  SRC: 0, DST: 4, FLAGS: 8, STEP: 12, BEGIN: 16, END: 24, DST_BEGIN: 32, READY: 40, START: 48, FINISH: 56,
  CHANNEL: 64, HOPS: 68, SERIAL: 72, NEXT0: 80, NEXT1: 88, WAIT: 96, DIR: 100, RETUNE: 104, SEGMENTS: 108, SCHEDULE: 112,
  // the greedy event loop's own bookkeeping: a candidate's wait list, a waiter's wake-up hint
  FROM: 116, HINT: 120,
  // fair sharing: when the bytes began to flow, after the latency
  FLOW_START: 128,
} as const;

export const FLAG_REDUCE = 1;
export const PIN_SHIFT = 1;
export const FLAG_DST_BEGIN = 8;

export const GRANT_CODES = { greedy: 0, reservation: 1 } as const;
export const SHARING_CODES = { exclusive: 0, fair: 1 } as const;
/** How the kernel keeps channel state: by the table's size, dense, or sparse (run lists). */
export const CHANNEL_STATE_CODES = { auto: 0, dense: 1, sparse: 2 } as const;

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
export const E_STUCK = -8;
