// The browser's twin of src/engine/kernelFile.ts (the bundler puts it in that file's place): the
// worker fetches and compiles engine.wasm once, then hands the module over before any simulation.
let compiled: WebAssembly.Module | undefined;

export function provideKernel(module: WebAssembly.Module): void {
  compiled = module;
}

export function compileKernel(): WebAssembly.Module {
  if (!compiled) throw new Error("the WebAssembly kernel is not loaded yet");
  return compiled;
}
