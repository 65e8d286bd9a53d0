// Builds the web explorer into dist/web: the page and its worker bundled for the browser (the
// worker gets src/web/kernelFile.ts in place of the Node kernel loader), the kernel, the HTML and
// the stylesheet; then reports what a browser downloads, gzipped.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const out = join(root, "dist/web");

/** The engine's Node loader reads a file; in the browser the worker hands it the module instead. */
const browserKernel = {
  name: "browser-kernel",
  setup(b) {
    b.onResolve({ filter: /\/kernelFile\.js$/ }, (args) =>
      args.importer.endsWith(join("src", "engine", "wasmEngine.ts")) ? { path: join(here, "kernelFile.ts") } : undefined,
    );
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, "main.ts"), join(here, "worker.ts")],
  bundle: true,
  format: "esm",
  splitting: true,
  platform: "browser",
  target: "es2022",
  minify: true,
  outdir: out,
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  plugins: [browserKernel],
  logLevel: "warning",
});
copyFileSync(join(root, "build/engine.wasm"), join(out, "engine.wasm"));
for (const f of ["index.html", "style.css"]) copyFileSync(join(here, f), join(out, f));

const sizes = readdirSync(out)
  .filter((f) => /\.(js|wasm)$/.test(f))
  .map((f) => ({ file: f, bytes: readFileSync(join(out, f)).length, gzipped: gzipSync(readFileSync(join(out, f)), { level: 9 }).length }));
const total = sizes.reduce((s, x) => s + x.gzipped, 0);
writeFileSync(join(out, "sizes.json"), JSON.stringify({ files: sizes, gzippedTotal: total }, null, 1) + "\n");
process.stdout.write(`dist/web: JavaScript and WebAssembly ${(total / 1024).toFixed(0)} KiB gzipped (${sizes.length} files)\n`);
