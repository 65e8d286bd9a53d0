// The charts WRHT-Sim draws, as Vega-Lite specifications.
import type { CompareRow } from "../compare.js";
import type { VegaLiteSpec } from "./svg.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Completion time per workload (ordered by size), one bar per algorithm, one panel per network. */
export function comparisonChart(rows: CompareRow[]): VegaLiteSpec {
  const order = [...new Map(rows.map((r) => [r.workload, r.size])).entries()].sort((a, b) => a[1] - b[1]).map(([w]) => w);
  return {
    $schema: SCHEMA,
    title: { text: "All-reduce completion time", subtitle: `${rows[0]?.nodes ?? ""} nodes; log scale` },
    data: { values: rows.map((r) => ({ network: r.network, workload: r.workload, algorithm: r.algorithm, ms: r.time * 1e3 })) },
    facet: { column: { field: "network", type: "nominal", title: null } },
    spec: {
      width: 60 * Math.max(1, order.length),
      height: 260,
      mark: { type: "bar", tooltip: true },
      encoding: {
        x: { field: "workload", type: "nominal", sort: order, title: "workload", axis: { labelAngle: -40 } },
        xOffset: { field: "algorithm", type: "nominal" },
        y: { field: "ms", type: "quantitative", scale: { type: "log" }, title: "time (ms)" },
        color: { field: "algorithm", type: "nominal" },
      },
    },
  };
}
