// Algorithms from files (`file:PATH` wherever an algorithm is named): schedule files, MSCCL XML
// and generator modules, loaded by src/import/ and registered here under their `file:` name so
// that comparisons, crossovers and sweeps find them beside the built-ins.
import type { Algorithm } from "./index.js";

const registered = new Map<string, { algorithm: Algorithm; collective: string | undefined }>();

export const FILE_PREFIX = "file:";

export function isFileAlgorithm(name: string): boolean {
  return name.startsWith(FILE_PREFIX);
}

/**
 * `collective`: the one the file implements ("none" for its own postcondition), or undefined for
 * a generator module, which says so only in what it generates.
 */
export function registerFileAlgorithm(name: string, algorithm: Algorithm, collective: string | undefined): void {
  registered.set(name, { algorithm, collective });
}

export function fileAlgorithm(name: string): { algorithm: Algorithm; collective: string | undefined } | undefined {
  return registered.get(name);
}
