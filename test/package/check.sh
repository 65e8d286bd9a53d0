#!/usr/bin/env bash
# The package as other tools get it: `npm pack`, installed from the tarball into an empty project
# (offline, from the npm cache `npm ci` filled, with install scripts off, so nothing is built at
# install), then the library, the command line and the kernel on its own are used from there.
# Also lints the package's metadata (publint) and its types (arethetypeswrong).
# Usage: test/package/check.sh [wrht-sim-x.y.z.tgz]   (without a tarball it packs one)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

npx publint --strict
npx attw --pack . --profile esm-only --exclude-entrypoints ./kernel.wasm

if [ $# -ge 1 ]; then
  cp "$1" "$work/"
  tarball="$(basename "$1")"
else
  tarball="$(npm pack --ignore-scripts --silent --pack-destination "$work" | tail -1)"
fi
tar -tzf "$work/$tarball" > "$work/files.txt"
for required in package/build/engine.wasm package/dist/src/index.js package/dist/src/index.d.ts package/dist/cli/main.js package/examples/embed.mjs; do
  grep -qx "$required" "$work/files.txt" || { echo "package check: $required is not in $tarball" >&2; exit 1; }
done
if grep -E '^package/(test|bench|src|assembly)/|^package/dist/(bench|src/web)/|\.map$' "$work/files.txt"; then
  echo "package check: $tarball holds files a user does not need (above)" >&2
  exit 1
fi
echo "package check: $tarball holds $(wc -l < "$work/files.txt") files"

project="$work/project"
mkdir -p "$project"
cd "$project"
cp "$work/$tarball" .
# a lock file for the empty project: the tarball, and the repository's locked versions of its
# dependencies (whose tarballs `npm ci` cached), so that the install needs no registry at all
node - "$root/package-lock.json" "$tarball" <<'JS'
const { readFileSync, writeFileSync } = require("node:fs");
const { createHash } = require("node:crypto");
const [lockPath, tarball] = process.argv.slice(2);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const pkg = lock.packages[""];
const integrity = "sha512-" + createHash("sha512").update(readFileSync(tarball)).digest("base64");
const packages = {
  "": { name: "project", version: "1.0.0", dependencies: { "wrht-sim": `file:${tarball}` } },
  "node_modules/wrht-sim": { version: pkg.version, resolved: `file:${tarball}`, integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
};
for (const [path, entry] of Object.entries(lock.packages)) if (path !== "" && !entry.dev) packages[path] = entry;
writeFileSync("package.json", JSON.stringify({ name: "project", version: "1.0.0", private: true, dependencies: { "wrht-sim": `file:${tarball}` } }, null, 2));
writeFileSync("package-lock.json", JSON.stringify({ name: "project", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2));
JS
npm ci --offline --ignore-scripts --no-audit --no-fund > /dev/null

# the library
cat > lib.mjs <<'JS'
import { simulate, OpticalRing, analytic } from "wrht-sim";
const ring = new OpticalRing({ nodes: 64, wavelengths: 8 });
const r = simulate({ network: ring, algorithm: "wrht", elements: 1_000_000 });
if (!(r.time > 0) || r.transfers < 63) throw new Error(`library: unexpected result ${JSON.stringify({ time: r.time, transfers: r.transfers })}`);
const closed = analytic(ring, "ring", 1_000_000);
console.log(JSON.stringify({ time: r.time, transfers: r.transfers, ringClosedForm: closed }));
JS
node lib.mjs

# the types: a TypeScript user's import type-checks against the shipped declarations
cat > types.ts <<'TS'
import { simulate, OpticalRing, type SimulationResult } from "wrht-sim";
const r: SimulationResult = simulate({ network: new OpticalRing({ nodes: 8 }), algorithm: "ring", elements: 1024 });
export const time: number = r.time;
TS
"$root/node_modules/.bin/tsc" --noEmit --strict --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck false --types node --typeRoots "$root/node_modules/@types" types.ts

# the command line
npx --offline wrht-sim run -n 16 --size 1MB --json | node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8")); if (!(r.time > 0)) process.exit(1); console.log("cli: ring on 16 nodes", r.time, "s")'
npx --offline wrht-sim plan --nodes 64 > /dev/null
# a user's own algorithm, from the package's examples: a schedule file, a generator module, MSCCL XML
npx --offline wrht-sim verify node_modules/wrht-sim/examples/schedules/ring-allreduce.yaml | tail -1
npx --offline wrht-sim verify node_modules/wrht-sim/examples/schedules/bidirectional-ring.mjs --nodes 8 | tail -1
npx --offline wrht-sim run --schedule node_modules/wrht-sim/examples/msccl/allreduce_a100_ring_4_1_1.xml --network star --json > /dev/null

# the kernel on its own, from the package's files
node node_modules/wrht-sim/examples/embed.mjs node_modules/wrht-sim/build/engine.wasm | tail -1
node -e 'import("wrht-sim/kernel.wasm").catch(() => {}); const p = require.resolve("wrht-sim/kernel.wasm"); const m = new WebAssembly.Module(require("fs").readFileSync(p)); if (WebAssembly.Module.imports(m).length !== 0) process.exit(1); console.log("kernel:", p.replace(process.cwd() + "/", ""), "imports nothing")'
echo "package check: passed"
