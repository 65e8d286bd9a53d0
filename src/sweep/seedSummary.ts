// A sweep over seeds, summarised: one row per point of the other axes, with how many seeds ran
// and were refused, and the time's (a training sweep: the iteration's) mean, median and 99th
// percentile, and the mean energy. Rows are in the order of the sweep's points, so the summary
// is as deterministic as the results it is read from.
import { seedStats } from "../core/seedStats.js";
import type { Row } from "./rows.js";

export const SEED_AXIS = "seed";

/** The summary's columns: the sweep, the other axes, then the statistics. */
export function summaryColumns(axisNames: readonly string[], training: boolean): string[] {
  const y = training ? "iteration" : "time";
  return ["sweep", ...axisNames.filter((a) => a !== SEED_AXIS), "seeds", "refused", `${y}Mean`, `${y}P50`, `${y}P99`, `${y}Min`, `${y}Max`, "energyMean"];
}

export function summarizeSeeds(rows: readonly Row[], axisNames: readonly string[], training: boolean): Row[] {
  const y = training ? "iteration" : "time";
  const others = axisNames.filter((a) => a !== SEED_AXIS);
  const groups = new Map<string, Row[]>();
  for (const r of [...rows].sort((a, b) => Number(a.point) - Number(b.point))) {
    const key = JSON.stringify(others.map((a) => r[a] ?? null));
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((g) => {
    const ok = g.filter((r) => r.status === "ok" && Number.isFinite(Number(r[y])));
    const s = seedStats(ok.map((r) => Number(r[y])));
    const energy = ok.length > 0 ? ok.reduce((a, r) => a + Number(r.energy), 0) / ok.length : null;
    const out: Row = { sweep: g[0].sweep, point: g[0].point };
    for (const a of others) out[a] = g[0][a] ?? null;
    const n = (v: number) => (Number.isFinite(v) ? v : null);
    Object.assign(out, { seeds: ok.length, refused: g.length - ok.length, [`${y}Mean`]: n(s.mean), [`${y}P50`]: n(s.p50), [`${y}P99`]: n(s.p99), [`${y}Min`]: n(s.min), [`${y}Max`]: n(s.max), energyMean: energy });
    return out;
  });
}

/** `out.csv` -> `out.summary.csv` (also shards' names, and .jsonl). */
export function summaryPath(out: string): string {
  return out.replace(/(\.(csv|jsonl))$/i, ".summary$1");
}
