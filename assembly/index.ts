// WRHT-Sim kernel: the event loop and wavelength-contention resolver, with a flat-memory ABI
// documented in docs/KERNEL.md.
export {
  configure, setTiming, setDrainEvery, reserve, commitStep, run, releaseUpTo, slotsPtr, slotMask,
  recordSize, grantedFront, heldFrom, loadedSerials, makespanTime, waitedTotal, bytesTotal,
  transfersGranted, maxHopCount, peakChannels, errorTransfer, stepStartTime, stepEndTime, stepsLoaded, streamingOn,
  lightpathSecondsTotal, byteSegmentsTotal, byteHopsTotal, byteRegensTotal, retunesTotal,
  segLogPtr, segLogLength, segLogClear, ringStep, fastRingPossible, commitGraph, setSwitching,
} from "./engine";
export { heapTop } from "./heap";
export { loseChannel } from "./channels";
export { failUnit } from "./transceivers";
export { cutRing, cutLink } from "./faults";
export { setSlow, setJitter } from "./variability";
export { planSchedules, defineSchedule, setRelease, scheduleDoneTime } from "./schedules";
export { graphDefine, graphReleases } from "./dependencies";
