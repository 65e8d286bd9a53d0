// The charts WRHT-Sim draws, as Vega-Lite specifications.
import type { CompareRow } from "../compare.js";
import type { VegaLiteSpec } from "./svg.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Completion time per workload (ordered by size), one line per algorithm, one panel per network. */
export function comparisonChart(rows: CompareRow[]): VegaLiteSpec {
  const order = [...new Map(rows.map((r) => [r.workload, r.size])).entries()].sort((a, b) => a[1] - b[1]).map(([w]) => w);
  const networks = [...new Set(rows.map((r) => r.network))];
  return {
    $schema: SCHEMA,
    title: { text: "All-reduce completion time", subtitle: `${rows[0]?.nodes ?? ""} nodes; workloads in order of size; log scale` },
    data: { values: rows.map((r) => ({ network: r.network, workload: r.workload, algorithm: r.algorithm, ms: r.time * 1e3 })) },
    facet: { column: { field: "network", type: "nominal", title: null, sort: networks } },
    spec: {
      width: 55 * Math.max(2, order.length),
      height: 280,
      mark: { type: "line", point: { filled: true, size: 50 }, tooltip: true },
      encoding: {
        x: { field: "workload", type: "ordinal", sort: order, title: "workload", axis: { labelAngle: -40 } },
        y: { field: "ms", type: "quantitative", scale: { type: "log" }, title: "time (ms)" },
        color: { field: "algorithm", type: "nominal", title: "algorithm" },
      },
    },
    resolve: { scale: { y: "shared" } },
  };
}
