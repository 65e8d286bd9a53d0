// Vega-Lite specifications rendered to SVG in Node (no browser, no canvas).
import * as vega from "vega";
import * as vl from "vega-lite";
import { writeFileAtomic } from "../io/atomicFile.js";

export type VegaLiteSpec = Record<string, unknown>;

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = vl.compile(spec as unknown as vl.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function writeSvg(path: string, spec: VegaLiteSpec, field = "plot file"): Promise<void> {
  writeFileAtomic(path, await renderSvg(spec), field);
}
