// Where the engine finds its compiled kernel under Node: build/engine.wasm at the package root.
// The web explorer bundles src/web/kernelFile.ts in this file's place (the browser has no files).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Path of the compiled kernel (build/engine.wasm at the package root). */
export function kernelPath(): string {
  for (const rel of ["../../build/engine.wasm", "../../../build/engine.wasm"]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error("build/engine.wasm not found: run `npm run build:wasm`");
}

/** The kernel compiled (synchronously: a 20 KB module). */
export function compileKernel(): WebAssembly.Module {
  return new WebAssembly.Module(readFileSync(kernelPath()));
}
