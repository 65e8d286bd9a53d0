// WRHT-Sim as a library.
export { simulate, buildSchedule, ENGINES, type SimulateOptions, type SimulationResult } from "./simulate.js";
export { ALGORITHMS, getAlgorithm, algorithmNames, type Algorithm, type AlgorithmOptions } from "./algorithms/index.js";
export { RingAllReduce, ringClosedForm } from "./algorithms/ring.js";
export { OpticalRing, OPTICAL_RING_DEFAULTS, type OpticalRingParams, type Direction } from "./network/opticalRing.js";
export { DEFAULT_POWER_BUDGET, insertionLossDb, hopLimit, budgetDb, type PowerBudget } from "./network/powerBudget.js";
export type { Network, Route, KernelNetwork, NetworkKind } from "./network/network.js";
export { WasmEngine, instantiateKernel, kernelPath } from "./engine/wasmEngine.js";
export { ReferenceEngine } from "./engine/referenceEngine.js";
export type { Engine, EngineInput, EngineOutput, TransferRecord, Mode, EngineName } from "./engine/engine.js";
export type { KernelExports } from "./engine/kernelAbi.js";
export * from "./schedule.js";
export { replay, type ReplayOutcome } from "./replay.js";
export { InputError, PowerBudgetError } from "./errors.js";
export { parseBytes, parseBandwidth, parseTime, parseCount } from "./units.js";
export { parseRunConfig, buildNetwork, workloadOf, type RunConfig } from "./config/runConfig.js";
