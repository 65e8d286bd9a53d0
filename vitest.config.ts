import { configDefaults, defineConfig } from "vitest/config";

// `npm test` runs everything but the browser tests; `npm run test:web` (WRHT_BROWSER=1) runs those,
// which need Debian's chromium.
const browser = process.env.WRHT_BROWSER === "1";

export default defineConfig({
  test: {
    include: browser ? ["test/web/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: browser ? configDefaults.exclude : [...configDefaults.exclude, "test/web/**"],
    testTimeout: browser ? 300_000 : 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // two test files at once: most of the suite waits on child processes (the CLI, sweeps'
    // worker threads) and the machines we run on have two cores
    maxWorkers: 2,
  },
});
